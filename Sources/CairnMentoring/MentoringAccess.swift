import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Loads mentoring records only for those the policy lets in; anyone else gets 404, as for cases: a pair
/// someone may not see does not exist for them.
package enum MentoringAccess {
    /// How a programme route finds its programme: the gate opens it only to the programme leads of its
    /// organisation (`Policy`, `.runMentoringProgrammes`).
    package static func programmeLoader(parameter: String = "programmeID") -> RecordLoader {
        .of(
            MentoringProgramme.self, parameter: parameter,
            load: { id, request in try await MentoringProgramme.find(id, on: request.db) },
            standing: { programme, actor, _ in
                .mentoringProgramme(isSameOrganisation: programme.organisationID == actor.organisationID)
            },
            describe: { .init(type: .mentoringProgramme, id: $0.id?.uuidString ?? "", subject: nil) })
    }

    /// How a registry route finds a mentor: the gate opens them only to the programme leads of their organisation
    /// (the registry is the organisation's, shared by its programmes).
    package static func registryMentorLoader(parameter: String) -> RecordLoader {
        .of(
            Mentor.self, parameter: parameter,
            load: { id, request in try await Mentor.find(id, on: request.db) },
            standing: { mentor, actor, _ in
                .mentoringProgramme(isSameOrganisation: mentor.organisationID == actor.organisationID)
            },
            describe: { .init(type: .mentor, id: $0.id?.uuidString ?? "", subject: $0.personID) })
    }

    /// How a route where a clinician acts on a programme (applying, choosing mentors) finds it, with the actor's
    /// standing to it: whether it takes applications, and whether they are one of its mentees still waiting for a
    /// stable match. The policy decides with that (`.applyForMentoring`, `.chooseMentors`).
    package static func programmeForMembersLoader(parameter: String = "programmeID") -> RecordLoader {
        .of(
            MentoringProgramme.self, parameter: parameter,
            load: { id, request in try await MentoringProgramme.find(id, on: request.db) },
            standing: { programme, actor, request in
                var standing = Policy.ProgrammeStanding(
                    isSameOrganisation: programme.organisationID == actor.organisationID,
                    isOpenForApplications: programme.openForApplications)
                if programme.matchingMode == .stable {
                    standing.isWaitingForAStableMatch = try await waitingMentee(actor, of: programme, request) != nil
                }
                return .record(standing)
            },
            describe: { .init(type: .mentoringProgramme, id: $0.id?.uuidString ?? "", subject: nil) })
    }

    /// The actor's mentee record in the programme, when they have no active pair in it yet.
    package static func waitingMentee(_ actor: Actor, of programme: MentoringProgramme, _ request: Request)
        async throws -> Mentee?
    {
        guard
            let mentee = try await Mentee.query(on: request.db).filter(\.$programmeID == programme.requireID())
                .filter(\.$personID == actor.personID).first(),
            try await MentoringPair.query(on: request.db).filter(\.$menteeID == mentee.requireID())
                .filter(\.$status == .active).first() == nil
        else { return nil }
        return mentee
    }

    /// How a pair route finds its pair, seen from the actor's side: the gate opens it only to the pair's mentor
    /// and mentee.
    package static func pairLoader(parameter: String = "pairID") -> RecordLoader {
        .of(
            PairView.self, parameter: parameter,
            load: { id, request in try await pairView(id, request: request) },
            standing: { view, actor, _ in
                .mentoringPair(relationship(of: actor, mentor: view.mentor, mentee: view.mentee))
            },
            describe: { .init(type: .mentoringPair, id: $0.pair.id?.uuidString ?? "", subject: nil) })
    }

    /// A session and its pair, as a session route's gate loads them.
    package struct SessionView: Sendable {
        package var session: MentoringSession
        package var pair: PairView
    }

    /// How a session route finds its session: the gate opens it only to its pair.
    package static func sessionLoader(parameter: String = "sessionID") -> RecordLoader {
        .of(
            SessionView.self, parameter: parameter,
            load: { id, request in
                guard let session = try await MentoringSession.find(id, on: request.db),
                    let view = try await pairView(session.pairID, request: request)
                else { return nil }
                return SessionView(session: session, pair: view)
            },
            standing: { found, actor, _ in
                .mentoringPair(relationship(of: actor, mentor: found.pair.mentor, mentee: found.pair.mentee))
            },
            describe: { .init(type: .mentoringSession, id: $0.session.id?.uuidString ?? "", subject: nil) })
    }

    /// A pair and the actor's side in it.
    package struct PairView: Sendable {
        package var pair: MentoringPair
        package var programme: MentoringProgramme
        package var mentor: Mentor
        package var mentee: Mentee
        package var side: DualBlindFeedback.Side
    }

    package static func relationship(of actor: Actor, mentor: Mentor, mentee: Mentee) -> Policy.PairRelationship {
        Policy.PairRelationship(
            isTheMentor: mentor.personID == actor.personID && mentor.organisationID == actor.organisationID,
            isTheMentee: mentee.personID == actor.personID)
    }

    /// A pair with its programme and both sides, and the actor's side in it (someone who is both, a mentor in
    /// their own programme say, acts as the mentor). Whether the actor may see it is the gate's decision.
    package static func pairView(_ id: UUID, request: Request) async throws -> PairView? {
        let actor = try request.requireActor()
        guard let pair = try await MentoringPair.find(id, on: request.db),
            let mentor = try await Mentor.find(pair.mentorID, on: request.db),
            let mentee = try await Mentee.find(pair.menteeID, on: request.db),
            let programme = try await MentoringProgramme.find(pair.programmeID, on: request.db)
        else { return nil }
        let relation = relationship(of: actor, mentor: mentor, mentee: mentee)
        return PairView(
            pair: pair, programme: programme, mentor: mentor, mentee: mentee,
            side: relation.isTheMentor && actor.roles.contains(.mentor) ? .mentor : .mentee)
    }

    /// The pairs a person is in, as mentor and as mentee (each when asked), with their mentor-registry ids.
    package static func pairs(
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

}
