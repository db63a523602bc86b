import CairnCore
import Foundation
import Testing

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// The object-level rows of the authorisation matrix for mentoring: a pair opens only to its own mentor (holding the
/// mentor role) and its own mentee (holding the clinician role); a programme only to its organisation's leads.
@Suite("Mentoring: who may reach a pair or a programme")
struct MentoringPolicyTests {
    static func actor(_ roles: Set<Role>) -> Actor {
        Actor(
            personID: UUID(), displayName: "x", organisationID: UUID(), roles: roles,
            channel: .browser(sessionID: UUID()), isFullySignedIn: true)
    }

    @Test(arguments: Role.allCases)
    func onlyThePairsOwnMentorAndMenteeReachIt(role: Role) {
        let actor = Self.actor([role])
        let asMentor = Policy.decide(
            actor, .workInMentoringPair, on: .mentoringPair(.init(isTheMentor: true, isTheMentee: false)))
        let asMentee = Policy.decide(
            actor, .workInMentoringPair, on: .mentoringPair(.init(isTheMentor: false, isTheMentee: true)))
        let outside = Policy.decide(
            actor, .workInMentoringPair, on: .mentoringPair(.init(isTheMentor: false, isTheMentee: false)))
        #expect(asMentor == (role == .mentor ? .allow : .deny))
        #expect(asMentee == (role == .clinician ? .allow : .deny))
        #expect(outside == .deny)
        // No other resource kind opens through this action.
        #expect(Policy.decide(actor, .workInMentoringPair, on: .mentoringProgramme(isSameOrganisation: true)) == .deny)
        #expect(Policy.decide(actor, .workInMentoringPair, on: .ownedBy(actor.personID)) == .deny)
    }

    @Test(arguments: Role.allCases)
    func onlyTheOrganisationsProgrammeLeadsRunAProgramme(role: Role) {
        let actor = Self.actor([role])
        #expect(
            Policy.decide(actor, .runMentoringProgrammes, on: .mentoringProgramme(isSameOrganisation: true))
                == (role == .programmeLead ? .allow : .deny))
        #expect(
            Policy.decide(actor, .runMentoringProgrammes, on: .mentoringProgramme(isSameOrganisation: false)) == .deny)
        #expect(
            Policy.decide(
                actor, .runMentoringProgrammes, on: .mentoringPair(.init(isTheMentor: true, isTheMentee: true)))
                == .deny, "a lead never opens a pair through the programme")
        #expect(
            Policy.decide(actor, .applyForMentoring, on: .mentoringProgramme(isSameOrganisation: false)) == .deny)
    }

    @Test func aLeadWhoIsAlsoAClinicianReachesOnlyTheirOwnPairAsMentee() {
        let actor = Self.actor([.programmeLead, .clinician])
        #expect(
            Policy.decide(actor, .workInMentoringPair, on: .mentoringPair(.init(isTheMentor: true, isTheMentee: false)))
                == .deny, "the mentor side needs the mentor role")
        #expect(
            Policy.decide(
                actor, .workInMentoringPair, on: .mentoringPair(.init(isTheMentor: false, isTheMentee: false)))
                == .deny)
    }
}
