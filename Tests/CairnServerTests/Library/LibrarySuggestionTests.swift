import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnLibrary
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Issue #19 item 6, the clinician's side: their own support page suggests published guides for the reasons they
/// gave, and only those; nothing about the suggestion is stored, and nobody else's page shows their reasons.
@Suite("Guides suggested for the reasons a clinician gave")
struct LibrarySuggestionTests {
    @Test func aClinicianSeesGuidesForTheirReasonsOnly() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let (made, created, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/referrals", token: token, body: CaseAPITests.referral)
            #expect(made == .created)
            let caseID = try #require(created["id"] as? String)
            let editor = try await app.makePerson([.unitLead])
            let actor = Actor(
                personID: editor.id, displayName: "Editor", organisationID: app.cairn.organisation!.id,
                roles: [.unitLead], channel: .api(tokenID: UUID()), isFullySignedIn: true)
            let service = LibraryService(context: ServiceContext(application: app, actor: actor, database: app.db))
            func publish(_ title: String, reason: String, visibility: String = "members") async throws {
                let item = try await service.create(
                    LibraryItemDraft(
                        kind: "article", title: title, summary: "A guide.", body: "Words.", reasons: [reason],
                        visibility: visibility, reviewOn: app.cairn.today.adding(years: 1).description), file: nil
                ).get()
                _ = try await service.setStatus(item, to: .published, version: 1).get()
            }
            try await publish("Welcome to NHS general practice", reason: "international_graduate")
            try await publish("Consultation skills", reason: "communication", visibility: "public")
            try await publish("Planning an exam resit", reason: "exam_difficulty")
            // A draft for their reason is not suggested.
            _ = try await service.create(
                LibraryItemDraft(
                    kind: "article", title: "Draft for IMGs", summary: "Not yet.", body: "Words.",
                    reasons: ["international_graduate"], visibility: "members",
                    reviewOn: app.cairn.today.adding(years: 1).description), file: nil
            ).get()
            let browser = TestBrowser(app)
            try await browser.signIn(clinician)
            let page = try await browser.get("/my-support/\(caseID)")
            #expect(page.status == .ok)
            #expect(page.body.contains("Reading that may help"))
            #expect(page.body.contains("Welcome to NHS general practice"))
            #expect(page.body.contains("Consultation skills"))
            #expect(!page.body.contains("Planning an exam resit"))
            #expect(!page.body.contains("Draft for IMGs"))
            // Nothing is stored about it: no view counted, no audit entry about the library.
            #expect(try await LibraryView.query(on: app.db).count() == 0)
            // Four created and three published; reading the page adds nothing.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$resourceType == "library_item").count() == 7)
        }
    }
}
