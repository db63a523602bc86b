import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnInduction
@testable import CairnPlatform
@testable import CairnServer

@Suite("Role clarity: descriptions the team reads, the lead versions, and each new starter acknowledges")
struct RoleDescriptionTests {
    @Test func aNewStarterAcknowledgesTheDescriptionAndAChangeAsksThemAgain() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(app)
            // Setting up the standard templates gave the organisation the MSW description.
            let description = try #require(try await RoleDescription.query(on: app.db).first())
            #expect(description.role == .medicalSupportWorker && description.department.isEmpty)
            let inductionPath = InductionJourneyTests.path(started.induction.id)
            let descriptionPath = "/induction/roles/\(description.id!.uuidString.lowercased())"

            // The team reads it: a case manager of the organisation too; another organisation's never.
            let colleague = TestBrowser(app)
            try await colleague.signIn(try await app.makePerson([.caseManager]))
            let read = try await colleague.get(descriptionPath)
            #expect(read.status == .ok)
            #expect(read.body.contains("does not prescribe"))
            #expect(!read.body.contains("Change the description"))

            // The new starter acknowledges it from the induction; the supervisor cannot for them.
            var page = try await started.starter.get(inductionPath)
            #expect(page.body.contains("not acknowledged yet"))
            #expect(
                try await started.supervisor.post(inductionPath + "/role-acknowledgement", [("version", "1")]).status
                    == .forbidden)
            try await started.starter.get(inductionPath)
            #expect(
                try await started.starter.post(inductionPath + "/role-acknowledgement", [("version", "1")]).status
                    == .seeOther)
            page = try await started.starter.get(inductionPath)
            #expect(page.body.contains("read and acknowledged (version 1)"))
            #expect(try await RoleAcknowledgement.query(on: app.db).count() == 1)

            // The lead changes it: a bad change keeps what was typed; a good one is version 2, to be read again.
            try await started.lead.get(descriptionPath)
            let bad = try await started.lead.post(
                descriptionPath, [("duties", "Too <i>short</i>"), ("limits", ""), ("whoToAsk", ""), ("version", "1")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Too &lt;i&gt;short&lt;/i&gt;"))
            let changed = try await started.lead.post(
                descriptionPath,
                [
                    ("duties", description.duties + " Also joins the morning huddle."), ("limits", description.limits),
                    ("whoToAsk", description.whoToAsk), ("version", "1"),
                ])
            #expect(changed.status == .seeOther)
            let stale = try await started.lead.post(
                descriptionPath,
                [
                    ("duties", description.duties), ("limits", description.limits), ("whoToAsk", description.whoToAsk),
                    ("version", "1"),
                ])
            #expect(stale.status == .conflict)
            page = try await started.starter.get(inductionPath)
            #expect(page.body.contains("changed since it was acknowledged"))
            // Acknowledging the old version after the change is refused and says so.
            let old = try await started.starter.post(inductionPath + "/role-acknowledgement", [("version", "1")])
            #expect(old.location?.hasSuffix("notice=role-changed") == true)
        }
    }
}
