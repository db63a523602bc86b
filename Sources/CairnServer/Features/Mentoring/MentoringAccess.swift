import CairnCore
import Fluent
import Foundation
import Vapor

/// Loads mentoring records only for those the policy lets in; anyone else gets 404, as for cases: a pair
/// someone may not see does not exist for them.
enum MentoringAccess {
    /// A programme of the actor's organisation, for its programme leads.
    static func requireProgramme(_ id: UUID?, request: Request) async throws -> MentoringProgramme {
        let actor = try request.requireActor()
        guard let id, let programme = try await MentoringProgramme.find(id, on: request.db) else {
            throw Abort(.notFound)
        }
        let resource = Policy.Resource.mentoringProgramme(
            isSameOrganisation: programme.organisationID == actor.organisationID)
        guard Policy.decide(actor, .runMentoringProgrammes, on: resource) == .allow else { throw Abort(.notFound) }
        return programme
    }

    /// A pair and the actor's side in it.
    struct PairView: Sendable {
        var pair: MentoringPair
        var programme: MentoringProgramme
        var mentor: Mentor
        var mentee: Mentee
        var side: DualBlindFeedback.Side
    }

    static func relationship(of actor: Actor, mentor: Mentor, mentee: Mentee) -> Policy.PairRelationship {
        Policy.PairRelationship(
            isTheMentor: mentor.personID == actor.personID && mentor.organisationID == actor.organisationID,
            isTheMentee: mentee.personID == actor.personID)
    }

    static func requirePair(_ id: UUID?, request: Request) async throws -> PairView {
        let actor = try request.requireActor()
        guard let id, let pair = try await MentoringPair.find(id, on: request.db),
            let mentor = try await Mentor.find(pair.mentorID, on: request.db),
            let mentee = try await Mentee.find(pair.menteeID, on: request.db),
            let programme = try await MentoringProgramme.find(pair.programmeID, on: request.db)
        else { throw Abort(.notFound) }
        let relation = relationship(of: actor, mentor: mentor, mentee: mentee)
        guard Policy.decide(actor, .workInMentoringPair, on: .mentoringPair(relation)) == .allow else {
            try await request.audit(
                Action.workInMentoringPair, resourceType: .mentoringPair, resourceID: id.uuidString,
                outcome: .denied)
            throw Abort(.notFound)
        }
        // Someone who is both (a mentor in their own programme, say) acts as the mentor.
        return PairView(
            pair: pair, programme: programme, mentor: mentor, mentee: mentee,
            side: relation.isTheMentor && actor.roles.contains(.mentor) ? .mentor : .mentee)
    }

    /// The pairs a person is in, as mentor and as mentee (each when asked), with their mentor-registry ids.
    static func pairs(
        of personID: UUID, asMentor: Bool, asMentee: Bool, mentorsOf organisationID: UUID? = nil,
        on database: any Database
    ) async throws -> (pairs: [MentoringPair], mentorIDs: [UUID]) {
        var mentors = Mentor.query(on: database).filter(\.$personID == personID)
        if let organisationID { mentors = mentors.filter(\.$organisationID == organisationID) }
        let mentorIDs = try await mentors.all().compactMap(\.id)
        let menteeIDs = try await Mentee.query(on: database).filter(\.$personID == personID).all().compactMap(\.id)
        var pairs: [MentoringPair] = []
        if asMentor, !mentorIDs.isEmpty {
            pairs += try await MentoringPair.query(on: database).filter(\.$mentorID ~~ mentorIDs).all()
        }
        if asMentee, !menteeIDs.isEmpty {
            pairs += try await MentoringPair.query(on: database).filter(\.$menteeID ~~ menteeIDs).all()
        }
        return (pairs, mentorIDs)
    }

    static func requireSession(_ id: UUID?, request: Request) async throws -> (MentoringSession, PairView) {
        guard let id, let session = try await MentoringSession.find(id, on: request.db) else {
            throw Abort(.notFound)
        }
        return (session, try await requirePair(session.pairID, request: request))
    }
}
