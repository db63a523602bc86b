import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// `/cases`: a case manager reaches every case they hold from one page, safety first, paged in SQL, searchable; the
/// unit lead sees each case manager's load (issue #13, item 2).
@Suite("My caseload")
struct CaseloadTests {
    @Test func aCaseManagerSeesOnlyTheirOwnOpenCasesAtRiskFirst() async throws {
        try await withCairn { app in
            let (older, atRisk, contacted) = try await TriageTests.threeRequests(on: app)
            let me = try await app.makePerson([.caseManager], name: "Sam Taylor")
            for record in [older, atRisk] { try await app.allocate(try record.requireID(), to: me.id) }
            try await app.allocate(try contacted.requireID(), to: try await app.makePerson([.caseManager]).id)
            let browser = TestBrowser(app)
            try await browser.signIn(me)
            let page = try await browser.get("/cases")
            #expect(page.status == .ok)
            #expect(page.body.contains("2 open cases"))
            #expect(!page.body.contains(contacted.reference))
            let first = try #require(page.body.range(of: atRisk.reference)?.lowerBound)
            let second = try #require(page.body.range(of: older.reference)?.lowerBound)
            #expect(first < second)
            #expect(page.body.contains("Dr Test Person"))
            // every case on the page opens
            for path in TriageTests.links(in: page.body) where path.hasPrefix("/cases/") {
                #expect(try await browser.get(path).status == .ok)
            }
        }
    }

    @Test func searchByReferenceOrNameAndFilterByState() async throws {
        try await withCairn { app in
            let (older, atRisk, _) = try await TriageTests.threeRequests(on: app)
            let me = try await app.makePerson([.caseManager])
            for record in [older, atRisk] { try await app.allocate(try record.requireID(), to: me.id) }
            let browser = TestBrowser(app)
            try await browser.signIn(me)
            let typed = atRisk.reference.lowercased().replacingOccurrences(of: "-", with: "")
            let byReference = try await browser.get("/cases?search=\(typed)")
            #expect(byReference.body.contains("1 open case."))
            #expect(byReference.body.contains(atRisk.reference))
            let byName = try await browser.get("/cases?search=test%20pers")
            #expect(byName.body.contains("2 open cases"))
            let wildcard = try await browser.get("/cases?search=%25")
            #expect(wildcard.status == .ok)
            let byState = try await browser.get("/cases?state=active")
            #expect(byState.body.contains("0 open cases"))
            let nonsense = try await browser.get("/cases?state=%22%3E&page=-4")
            #expect(nonsense.status == .ok)
            #expect(nonsense.body.contains("2 open cases"))
        }
    }

    @Test func theUnitLeadSeesTheTeamsLoadCountedInSQL() async throws {
        try await withCairn { app in
            let (older, atRisk, contacted) = try await TriageTests.threeRequests(on: app)
            let sam = try await app.makePerson([.caseManager], name: "Sam Taylor")
            let jo = try await app.makePerson([.caseManager], name: "Jo Whitfield")
            _ = try await app.makePerson([.caseManager], name: "Ali Idle")
            for record in [older, atRisk] { try await app.allocate(try record.requireID(), to: sam.id) }
            try await app.allocate(try contacted.requireID(), to: jo.id)
            let lead = TestBrowser(app)
            try await lead.signIn(try await app.makePerson([.unitLead]))
            let page = try await lead.get("/cases")
            #expect(page.body.contains("The team&#39;s load") || page.body.contains("The team's load"))
            #expect(page.body.contains("Sam Taylor</a></td><td>2</td><td>1</td>"))
            #expect(page.body.contains("Jo Whitfield</a></td><td>1</td><td>0</td>"))
            #expect(page.body.contains("Ali Idle</a></td><td>0</td><td>0</td>"))
        }
    }

    @Test(arguments: [Role.supervisor, .admin, .programmeLead, .mentor, .facilitator, .clinician])
    func nobodyElseHasACaseload(role: Role) async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            try await browser.signIn(try await app.makePerson([role]))
            #expect(try await browser.get("/cases").status == .forbidden)
        }
    }
}
