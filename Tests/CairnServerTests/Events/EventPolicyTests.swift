import CairnCore
import Foundation
import Testing

@testable import CairnEvents
@testable import CairnPlatform

/// The "event" rows of the matrix, for every role, and what a visitor (no one signed in) gets on each kind of event.
@Suite("Learning events: who runs, sees, books and follows up an event")
struct EventPolicyTests {
    static func standing(_ name: String) -> Policy.EventStanding? {
        switch name {
        case "organiser": .init(isSameOrganisation: true, isOrganiser: true, isPublished: true)
        case "organiser_elsewhere": .init(isSameOrganisation: false, isOrganiser: true, isPublished: true)
        case "organiser_of_a_draft": .init(isSameOrganisation: true, isOrganiser: true, isPublished: false)
        case "draft_same_organisation": .init(isSameOrganisation: true, isPublished: false)
        case "published_same_organisation": .init(isSameOrganisation: true, isPublished: true)
        case "public_elsewhere": .init(isSameOrganisation: false, isPublished: true, isPublic: true)
        case "members_elsewhere": .init(isSameOrganisation: false, isPublished: true)
        case "staff_only_same_organisation": .init(isSameOrganisation: true, isPublished: true, staffOnly: true)
        case "staff_only_elsewhere":
            .init(isSameOrganisation: false, isPublished: true, isPublic: true, staffOnly: true)
        case "attended": .init(isSameOrganisation: true, isPublished: true, attended: true)
        default: nil
        }
    }

    @Test func thePolicyDecidesOnTheRecordAsTheMatrixSays() throws {
        try AuthorisationMatrixTests.checkRecordSection("event", atLeast: 18) { name, _ in
            Self.standing(name).map { .record($0) }
        }
    }

    /// A visitor reads a public, published event that is not for staff only; anything else sends them to sign in,
    /// and no other action of the feature lets a visitor in on a record.
    @Test func aVisitorReadsOnlyPublishedPublicEvents() throws {
        let readable = Policy.EventStanding(isSameOrganisation: false, isPublished: true, isPublic: true)
        #expect(Policy.decide(nil, .viewLearningEvents, on: .record(readable)) == .allow)
        #expect(Policy.decide(nil, .viewLearningEvents) == .allow)
        for name in ["organiser_of_a_draft", "draft_same_organisation", "members_elsewhere", "staff_only_elsewhere"] {
            let standing = try #require(Self.standing(name))
            #expect(Policy.decide(nil, .viewLearningEvents, on: .record(standing)) == .signInRequired, "\(name)")
        }
        for action in [Action.runLearningEvents, .bookLearningEvents, .followUpLearningEvents] {
            #expect(Policy.decide(nil, action, on: .record(readable)) == .signInRequired, "\(action)")
            #expect(!action.admitsVisitors)
        }
    }
}
