import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// `/my-support` pages in SQL (issue #21 item 4): the load benchmark's clinician sent thousands of requests through
/// the API and each view of the page read them all, one query each for who held them; the mixed run timed out.
@Suite("My support, paged")
struct MySupportPagingTests {
    @Test func aClinicianWithManyRequestsSeesThemTwentyAPageNewestFirst() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            for _ in 0..<23 {
                let (status, _, _) = try await CaseAPITests.send(
                    app, .POST, "/api/v1/referrals", token: token, body: CaseAPITests.referral)
                #expect(status == .created)
            }
            // Spread their dates so the order is the received order; the oldest is held by a case manager.
            let cases = try await SupportCase.query(on: app.db).sort(\.$reference).all()
            let now = Date()
            for (index, record) in cases.enumerated() {
                record.receivedAt = now.addingTimeInterval(-Double(index + 1) * 3_600)
                try await record.update(on: app.db)
            }
            let manager = try await app.makePerson([.caseManager], name: "Robin Holder")
            try await app.allocate(try cases[22].requireID(), to: manager.id)

            let browser = TestBrowser(app)
            try await browser.signIn(clinician)
            let first = try await browser.get("/my-support")
            #expect(first.status == .ok)
            #expect(first.body.contains("Page 1 of 2."))
            #expect(first.body.contains("Older requests"))
            for record in cases[0..<20] { #expect(first.body.contains(record.reference)) }
            for record in cases[20...] { #expect(!first.body.contains(record.reference)) }
            let positions = cases[0..<20].compactMap { first.body.range(of: $0.reference)?.lowerBound }
            #expect(positions == positions.sorted())

            let second = try await browser.get("/my-support?page=2")
            #expect(second.body.contains("Page 2 of 2."))
            #expect(second.body.contains("Newer requests"))
            for record in cases[20...] { #expect(second.body.contains(record.reference)) }
            #expect(second.body.contains("Robin Holder"))
            // A page past the end shows the last one; nonsense is the first.
            #expect(try await browser.get("/my-support?page=99").body.contains("Page 2 of 2."))
            #expect(try await browser.get("/my-support?page=x").body.contains("Page 1 of 2."))
        }
    }
}
