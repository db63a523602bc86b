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
        try AuthorisationMatrixTests.checkRecordSection("library", atLeast: 8) { name, _ in
            Self.standing(name).map { .record($0) }
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
