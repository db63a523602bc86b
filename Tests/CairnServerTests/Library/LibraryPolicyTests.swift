import CairnCore
import Foundation
import Testing

@testable import CairnLibrary
@testable import CairnPlatform

/// The "library" rows of the matrix for every role, and what a visitor gets.
@Suite("The library: who edits and who reads an item")
struct LibraryPolicyTests {
    static func standing(_ name: String) -> Policy.LibraryStanding? {
        switch name {
        case "same_organisation", "draft_here", "withdrawn_here":
            .init(isSameOrganisation: true, isPublished: false, isPublic: false)
        case "other_organisation": .init(isSameOrganisation: false, isPublished: true, isPublic: true)
        case "published_for_members_here": .init(isSameOrganisation: true, isPublished: true, isPublic: false)
        case "published_for_members_elsewhere": .init(isSameOrganisation: false, isPublished: true, isPublic: false)
        case "published_public_elsewhere": .init(isSameOrganisation: false, isPublished: true, isPublic: true)
        case "draft_public_elsewhere": .init(isSameOrganisation: false, isPublished: false, isPublic: true)
        default: nil
        }
    }

    @Test func thePolicyDecidesOnTheRecordAsTheMatrixSays() throws {
        let rows = try AuthorisationMatrixTests.recordRows("library")
        #expect(rows.count >= 8)
        for row in rows {
            let action = try #require(Action(rawValue: row.action), "unknown action \(row.action)")
            let standing = try #require(Self.standing(row.standing), "unknown standing \(row.standing)")
            for role in Role.allCases {
                let actor = try #require(AuthorisationMatrixTests.actor(role.rawValue))
                let decision = AuthorisationMatrixTests.expected(Policy.decide(actor, action, on: .record(standing)))
                #expect(
                    decision == row.expected[role.rawValue],
                    "\(row.action) \(row.standing) as \(role.rawValue): policy says \(decision)")
            }
        }
    }

    @Test func aVisitorReadsOnlyPublishedPublicItems() throws {
        #expect(Policy.decide(nil, .readLibrary) == .allow)
        #expect(
            Policy.decide(nil, .readLibrary, on: .record(try #require(Self.standing("published_public_elsewhere"))))
                == .allow)
        for name in ["published_for_members_here", "draft_public_elsewhere", "draft_here"] {
            #expect(
                Policy.decide(nil, .readLibrary, on: .record(try #require(Self.standing(name)))) == .signInRequired,
                "\(name)")
        }
        #expect(!Action.editLibrary.admitsVisitors)
    }
}
