import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Triage puts safety first and links only to what the viewer can open; the unit's case managers may read a
/// request nobody holds before taking it (issue #13, item 3), audited, without its contact details.
@Suite("Triage")
struct TriageTests {
    /// Three requests whose order is known: an older one not at risk, a newer one at risk, and the oldest, already
    /// contacted.
    static func threeRequests(on app: Application) async throws -> (
        older: SupportCase, atRisk: SupportCase, contacted: SupportCase
    ) {
        var made: [SupportCase] = []
        for _ in 0..<3 {
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            made.append(try await ReferralJourneyTests.submitReferral(as: clinician, app: app))
        }
        let now = Date()
        made[0].saidAtRisk = false
        made[0].receivedAt = now.addingTimeInterval(-10 * 86_400)
        made[1].saidAtRisk = true
        made[1].receivedAt = now.addingTimeInterval(-1 * 86_400)
        made[2].saidAtRisk = false
        made[2].receivedAt = now.addingTimeInterval(-20 * 86_400)
        made[2].firstContactAt = now.addingTimeInterval(-19 * 86_400)
        made[2].stateName = CaseState.triaged.rawValue
        for record in made { try await record.update(on: app.db) }
        return (made[0], made[1], made[2])
    }

    @Test func atRiskFirstThenNotYetContactedThenTheRest() async throws {
        try await withCairn { app in
            let (older, atRisk, contacted) = try await Self.threeRequests(on: app)
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            let page = try await manager.get("/triage")
            let positions = [atRisk, older, contacted].map { page.body.range(of: $0.reference)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!)
        }
    }

    /// The same queue through the API (issue #14): safety first, paged, structured answers only, for the unit's
    /// case managers and its lead.
    @Test func theQueueThroughTheAPIPutsSafetyFirstAndHoldsNoOwnWords() async throws {
        try await withCairn { app in
            let (older, atRisk, contacted) = try await Self.threeRequests(on: app)
            let manager = try await app.makePerson([.caseManager])
            let token = try await CaseAPITests.token(for: manager, on: app)
            let (status, body, text) = try await CaseAPITests.send(app, .GET, "/api/v1/triage", token: token)
            #expect(status == .ok, "\(text)")
            let references = ((body["requests"] as? [[String: Any]]) ?? []).compactMap { $0["reference"] as? String }
            let expected = [atRisk, older, contacted].map(\.reference)
            #expect(references.filter { expected.contains($0) } == expected)
            #expect(body["total"] as? Int == references.count)
            #expect(!text.contains("ownWords") && !text.contains("own_words"))
            let clinician = try await CaseAPITests.token(for: try await app.makePerson([.clinician]), on: app)
            #expect(try await CaseAPITests.send(app, .GET, "/api/v1/triage", token: clinician).0 == .forbidden)
        }
    }

    @Test func waitingAndTakenAreShownApartAndLinksLeadOnlyWhereTheViewerCanGo() async throws {
        try await withCairn { app in
            let (older, atRisk, _) = try await Self.threeRequests(on: app)
            let holder = try await app.makePerson([.caseManager], name: "Sam Holder")
            try await app.allocate(try atRisk.requireID(), to: holder.id)
            let other = TestBrowser(app)
            try await other.signIn(try await app.makePerson([.caseManager]))
            let page = try await other.get("/triage")
            let taken = try #require(page.body.range(of: "Taken, first contact or assessment to come"))
            // the held request sits under "Taken", without a link for someone else
            #expect(page.body.range(of: atRisk.reference)!.lowerBound > taken.lowerBound)
            let atRiskID = try atRisk.requireID().uuidString.lowercased()
            #expect(!page.body.contains("href=\"/triage/\(atRiskID)\""))
            // for someone else, a held request leads only to the page that asks for a reason
            #expect(page.body.contains("href=\"/cases/\(atRiskID)\" class=\"link--secondary\">open with a reason"))
            // a waiting request links to reading it for triage, which opens
            let olderID = try older.requireID().uuidString.lowercased()
            #expect(page.body.contains("href=\"/triage/\(olderID)\""))
            // every link on the page opens for this viewer
            for path in Self.links(in: page.body) where path.hasPrefix("/triage/") || path.hasPrefix("/cases/") {
                #expect(try await other.get(path).status == .ok, "\(path) does not open")
            }
        }
    }

    @Test func aCaseManagerReadsAWaitingRequestBeforeTakingItWithoutContactDetailsAndAudited() async throws {
        try await withCairn { app in
            let (older, atRisk, _) = try await Self.threeRequests(on: app)
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            let id = try older.requireID().uuidString.lowercased()
            let page = try await manager.get("/triage/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.contains("I failed MRCP Part 2 twice"))
            #expect(!page.body.contains("07700 900 982"))
            #expect(page.body.contains("Take this request"))
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "case_read_for_triage").count() == 1)
            // once someone holds a request, it is no longer readable for triage by others
            try await app.allocate(try atRisk.requireID(), to: try await app.makePerson([.caseManager]).id)
            let held = try await manager.get("/triage/\(try atRisk.requireID().uuidString.lowercased())")
            #expect(held.status == .notFound)
            #expect(!held.body.contains("I failed MRCP"))
        }
    }

    @Test(arguments: [Role.supervisor, .admin, .programmeLead, .mentor, .facilitator, .clinician])
    func nobodyElseReadsAWaitingRequest(role: Role) async throws {
        try await withCairn { app in
            let (older, _, _) = try await Self.threeRequests(on: app)
            let outsider = TestBrowser(app)
            try await outsider.signIn(try await app.makePerson([role]))
            let page = try await outsider.get("/triage/\(try older.requireID().uuidString.lowercased())")
            #expect(page.status == .forbidden || page.status == .notFound)
            #expect(!page.body.contains("I failed MRCP"))
        }
    }

    @Test func theQueuePagesInSQLWithTotals() async throws {
        try await withCairn { app in
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson())
            let first = try await ReferralJourneyTests.submitReferral(as: clinician, app: app)
            // 120 more waiting requests, written directly (the referral journey is the slow part)
            for index in 0..<120 {
                let copy = SupportCase()
                copy.id = UUID()
                copy.version = 1
                copy.organisationID = first.organisationID
                copy.clinicianID = first.clinicianID
                copy.reference = "CPY-\(1000 + index)"
                copy.stateName = CaseState.referred.rawValue
                copy.profession = first.profession
                copy.grade = first.grade
                copy.isInternationalGraduate = false
                copy.reasonNames = first.reasonNames
                copy.ownWords = first.ownWords
                copy.contact = first.contact
                copy.consentToHold = true
                copy.consentWording = first.consentWording
                copy.consentedAt = first.consentedAt
                copy.shareWithEducator = false
                copy.saidAtRisk = false
                copy.receivedAt = first.receivedAt.addingTimeInterval(Double(index))
                try await copy.create(on: app.db)
            }
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            let one = try await manager.get("/triage")
            #expect(one.body.contains("Waiting to be taken (121)"))
            #expect(one.body.contains("Page 1 of 3"))
            #expect(Self.links(in: one.body).filter { $0.hasPrefix("/triage/") && $0.count > 20 }.count == 50)
            let three = try await manager.get("/triage?page=3")
            #expect(Self.links(in: three.body).filter { $0.hasPrefix("/triage/") && $0.count > 20 }.count == 21)
        }
    }

    static func links(in body: String) -> [String] {
        body.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
}

extension TriageTests {
    @Test func aRequestIsFoundByItsReferenceHoweverItIsTyped() async throws {
        try await withCairn { app in
            let (older, atRisk, _) = try await Self.threeRequests(on: app)
            let manager = TestBrowser(app)
            try await manager.signIn(try await app.makePerson([.caseManager]))
            let typed = older.reference.lowercased().replacingOccurrences(of: "-", with: "")
            let found = try await manager.get("/triage?reference=\(typed)")
            #expect(found.body.contains(older.reference))
            #expect(!found.body.contains(atRisk.reference))
            #expect(found.body.contains("Waiting to be taken (1)"))
            let nothing = try await manager.get("/triage?reference=%22%3E%3Cscript%3E")
            #expect(nothing.status == .ok)
            #expect(nothing.body.contains("Waiting to be taken (0)"))
            #expect(!nothing.body.contains("<script>"))
        }
    }
}
