import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer

/// `/admin/people` lists everyone a page at a time, with the total, counted and paged in SQL (issue #13: it stopped
/// at 50 of 1,300 with no way on).
@Suite("Administration: people")
struct AdministrationTests {
    @Test func everyoneIsReachableAPageAtATimeWithTheTotal() async throws {
        try await withCairn { app in
            let organisation = try #require(app.cairn.organisation).id
            for index in 0..<120 {
                _ = try await PeopleDirectory.createForDemonstration(
                    email: "person\(index)@example.org", name: String(format: "Zed Person %03d", index), roles: [],
                    organisationID: organisation, on: app.db)
            }
            let admin = TestBrowser(app)
            try await admin.signIn(try await app.makePerson([.admin], name: "Ada Admin"))
            let first = try await admin.get("/admin/people")
            #expect(first.body.contains("121 people. Page 1 of 3."))
            #expect(first.body.contains("Ada Admin") && !first.body.contains("Zed Person 119"))
            let last = try await admin.get("/admin/people?page=3")
            #expect(last.body.contains("Zed Person 119") && last.body.contains("Previous"))
            #expect(!last.body.contains(">Next<"))
            // Beyond the last page: the last page.
            #expect(try await admin.get("/admin/people?page=99").body.contains("Page 3 of 3."))
            // A search pages too, and its links keep it.
            let found = try await admin.get("/admin/people?q=Zed")
            #expect(found.body.contains("120 people. Page 1 of 3."))
            #expect(found.body.contains("/admin/people?q=Zed&amp;page=2"))
        }
    }
}
