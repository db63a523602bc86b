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

    /// Applying and choosing mentors are decided on the programme, in the policy: open and of one's organisation to
    /// apply (never by those who run programmes), waiting for a stable match to choose.
    @Test func applyingAndChoosingAreDecidedOnTheProgramme() {
        let clinician = Self.actor([.clinician])
        let lead = Self.actor([.clinician, .programmeLead])
        func standing(same: Bool = true, open: Bool = false, waiting: Bool = false) -> Policy.Resource {
            .record(
                Policy.ProgrammeStanding(
                    isSameOrganisation: same, isOpenForApplications: open, isWaitingForAStableMatch: waiting))
        }
        #expect(Policy.decide(clinician, .applyForMentoring, on: standing(open: true)) == .allow)
        #expect(Policy.decide(clinician, .applyForMentoring, on: standing(open: false)) == .deny)
        #expect(Policy.decide(clinician, .applyForMentoring, on: standing(same: false, open: true)) == .deny)
        #expect(Policy.decide(lead, .applyForMentoring, on: standing(open: true)) == .deny)
        #expect(Policy.decide(clinician, .chooseMentors, on: standing(waiting: true)) == .allow)
        #expect(Policy.decide(clinician, .chooseMentors, on: standing(open: true)) == .deny)
        #expect(Policy.decide(clinician, .chooseMentors, on: standing(same: false, waiting: true)) == .deny)
        #expect(Policy.decide(Self.actor([.mentor]), .chooseMentors, on: standing(waiting: true)) == .deny)
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
