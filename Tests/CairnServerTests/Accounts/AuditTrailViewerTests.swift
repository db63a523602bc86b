import CairnCore
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer

/// Issue #13 item 8: "admin paging with totals, filters and an audit viewer (entries, not content)". On both
/// databases (the suite runs on each).
@Suite("The audit trail and the people list, for administrators")
struct AuditTrailViewerTests {
    @Test func theTrailIsFoundByWhoWhomAndWhatAndNeverShowsAReason() async throws {
        try await withCairn { app in
            let adminPerson = try await app.makePerson([.admin], name: "Ada Admin")
            let clinician = try await app.makePerson([.clinician], name: "Dr Bea Clinician")
            // An entry with a reason (sealed, as every reason is), about the clinician.
            try await AuditLog.append(
                AuditEvent(
                    action: SupportAuditForTest.caseRead, resourceType: AuditResource(rawValue: "support_case"),
                    resourceID: "case-1", subjectID: clinician.id, actorID: adminPerson.id, actorRoles: ["admin"],
                    reason: "REASON-WORDS she told me about her divorce"),
                at: Date(), cipher: app.cairn.cipher, on: app.db)
            let admin = TestBrowser(app)
            try await admin.signIn(adminPerson)
            try await admin.get("/admin/people/invite")
            let invited = try await admin.post(
                "/admin/people/invite",
                [("displayName", "Cal Case Manager"), ("email", "cal@example.org"), ("roles[]", "case_manager")])
            #expect(invited.status == .seeOther)

            let all = try await admin.get("/admin/audit")
            #expect(all.status == .ok)
            #expect(all.body.contains("Person invited"))
            #expect(all.body.contains("Ada Admin"))
            #expect(!all.body.contains("REASON-WORDS"))
            #expect(all.body.contains(#"entries. "#) || all.body.contains("entry. "))

            let aboutBea = try await admin.get("/admin/audit?about=\(TestBrowser.encode(clinician.email))")
            #expect(aboutBea.body.contains("Dr Bea Clinician"))
            #expect(aboutBea.body.contains("Case read"))
            #expect(!aboutBea.body.contains("Person invited"))
            #expect(aboutBea.body.contains("1 entry. "))
            #expect(!aboutBea.body.contains("REASON-WORDS"))

            let invitations = try await admin.get("/admin/audit?action=person+invited")
            #expect(invitations.body.contains("Person invited"))
            #expect(!invitations.body.contains("Case read"))

            let nobody = try await admin.get("/admin/audit?who=nobody%40example.org&action=%3Cb%3E")
            #expect(nobody.status == .unprocessableEntity)
            #expect(nobody.body.contains("No one has the email address nobody@example.org"))
            #expect(nobody.body.contains(#"value="nobody@example.org""#))
            #expect(nobody.body.contains("Enter an action as the trail names it"))
            #expect(nobody.body.contains(#"value="&lt;b&gt;""#))

            // Each read of the trail is in the trail, with its filter and never a person's words.
            let reads = try await AuditEntry.query(on: app.db).filter(\.$action == "audit_trail_read").all()
            #expect(reads.count == 3)
            #expect(reads.allSatisfy { $0.actorID == adminPerson.id })
        }
    }

    @Test func aClientReadsTheSameEntriesThroughTheAPI() async throws {
        try await withCairn { app in
            let adminPerson = try await app.makePerson([.admin], name: "Ada Admin")
            let clinician = try await app.makePerson([.clinician], name: "Dr Bea Clinician")
            for _ in 0..<3 {
                try await AuditLog.append(
                    AuditEvent(
                        action: SupportAuditForTest.caseRead, resourceType: AuditResource(rawValue: "support_case"),
                        subjectID: clinician.id, actorID: adminPerson.id, reason: "REASON-WORDS"),
                    at: Date(), cipher: app.cairn.cipher, on: app.db)
            }
            let token = try await CaseAPITests.token(for: adminPerson, on: app)
            let subject = clinician.id.uuidString.lowercased()
            let (status, body, text) = try await CaseAPITests.send(
                app, .GET, "/api/v1/audit-entries?subjectId=\(subject)&action=case_read", token: token)
            #expect(status == .ok)
            #expect(body["total"] as? Int == 3)
            let entries = try #require(body["entries"] as? [[String: Any]])
            #expect(entries.count == 3)
            #expect(
                entries.allSatisfy { $0["subjectId"] as? String == subject && $0["action"] as? String == "case_read" })
            let sequences = entries.compactMap { $0["sequence"] as? Int }
            #expect(sequences == sequences.sorted(by: >), "newest first")
            #expect(!text.contains("REASON-WORDS"))
            #expect(!text.contains("reason"))
            let bad = try await CaseAPITests.send(app, .GET, "/api/v1/audit-entries?actorId=not-a-uuid", token: token)
            #expect(bad.0 == .badRequest)
            let clinicianToken = try await CaseAPITests.token(for: clinician, on: app)
            #expect(
                try await CaseAPITests.send(app, .GET, "/api/v1/audit-entries", token: clinicianToken).0 == .forbidden)
        }
    }

    @Test func peopleAreFilteredByRoleAndAccountInSQLWithTheirTotal() async throws {
        try await withCairn { app in
            let adminPerson = try await app.makePerson([.admin], name: "Ada Admin")
            for index in 0..<3 { _ = try await app.makePerson([.caseManager], name: "Case Manager \(index)") }
            for index in 0..<2 { _ = try await app.makePerson([.clinician], name: "Clinician \(index)") }
            let admin = TestBrowser(app)
            try await admin.signIn(adminPerson)
            let managers = try await admin.get("/admin/people?role=case_manager")
            #expect(managers.body.contains("3 people. "))
            #expect(managers.body.contains("Case Manager 2"))
            #expect(!managers.body.contains("Clinician 1"))
            #expect(managers.body.contains(#"<option value="case_manager" selected="selected">"#))
            // An unknown filter value is no filter, not an error.
            let everyone = try await admin.get("/admin/people?role=wizard&status=active")
            #expect(everyone.status == .ok)
            #expect(everyone.body.contains("6 people. "))

            let token = try await CaseAPITests.token(for: adminPerson, on: app)
            let (status, body, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/people?role=clinician&status=active", token: token)
            #expect(status == .ok)
            #expect(body["total"] as? Int == 2)
        }
    }
}

/// An action name for entries the tests write directly.
enum SupportAuditForTest: String, AuditAction {
    case caseRead = "case_read"
}
