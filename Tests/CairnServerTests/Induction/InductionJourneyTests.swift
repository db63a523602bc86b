import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnInduction
@testable import CairnPlatform
@testable import CairnServer

@Suite("Induction: templates, a new starter's items, sign-off, the registration pathway and its warnings")
struct InductionJourneyTests {
    struct Started {
        var induction: Induction
        var lead: TestBrowser
        var starter: TestBrowser
        var starterPerson: TestPerson
        var supervisor: TestBrowser
        var supervisorPerson: TestPerson
    }

    /// A lead sets up the standard templates and starts an MSW's induction for two people who already have accounts.
    static func start(_ app: Application, startsOn: String? = nil) async throws -> Started {
        let leadPerson = try await app.makePerson([.programmeLead], name: "Dr Lee Lead")
        let starterPerson = try await app.makePerson([.clinician], name: "Dr Sam Starter")
        let supervisorPerson = try await app.makePerson([.supervisor], name: "Dr Sue Supervisor")
        let lead = TestBrowser(app)
        try await lead.signIn(leadPerson)
        let list = try await lead.get("/induction/templates")
        if try await InductionTemplate.query(on: app.db).count() == 0 {
            #expect(list.body.contains("Add the standard templates"))
            #expect(try await lead.post("/induction/templates", []).status == .seeOther)
        }
        #expect(try await InductionTemplate.query(on: app.db).count() == InductionRole.allCases.count)
        // Once every role has one, the page no longer offers to add them.
        #expect(!(try await lead.get("/induction/templates").body.contains("Add the standard templates")))
        let template = try #require(
            try await InductionTemplate.query(on: app.db).filter(\.$role == .medicalSupportWorker).first())
        try await lead.get("/induction/new")
        let made = try await lead.post(
            "/induction",
            [
                ("inducteeName", "Dr Sam Starter"), ("inducteeEmail", starterPerson.email),
                ("supervisorName", "Dr Sue Supervisor"), ("supervisorEmail", supervisorPerson.email),
                ("templateID", template.id!.uuidString), ("startsOn", startsOn ?? app.cairn.today.description),
                ("cohort", "Intake 1"),
            ])
        #expect(made.status == .seeOther)
        let induction = try #require(try await Induction.query(on: app.db).first())
        let starter = TestBrowser(app)
        try await starter.signIn(starterPerson)
        let supervisor = TestBrowser(app)
        try await supervisor.signIn(supervisorPerson)
        return Started(
            induction: induction, lead: lead, starter: starter, starterPerson: starterPerson, supervisor: supervisor,
            supervisorPerson: supervisorPerson)
    }

    static func path(_ id: UUID?) -> String { "/induction/\(id!.uuidString.lowercased())" }

    @Test func aBadStartKeepsWhatWasTypedAndAGoodOneCopiesTheTemplate() async throws {
        try await withCairn { app in
            let lead = try await app.makePerson([.programmeLead])
            let browser = TestBrowser(app)
            try await browser.signIn(lead)
            try await browser.get("/induction/templates")
            try await browser.post("/induction/templates", [])
            try await browser.get("/induction/new")
            let bad = try await browser.post(
                "/induction",
                [
                    ("inducteeName", "Dr <b>Bold</b>"), ("inducteeEmail", "not an address"),
                    ("supervisorName", ""), ("supervisorEmail", "sue@example.org"), ("templateID", "nonsense"),
                    ("startsOn", "2026-02-30"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Dr &lt;b&gt;Bold&lt;/b&gt;"))
            #expect(bad.body.contains(EmailAddress.formatProblem))
            #expect(bad.body.contains("Choose a template"))
            #expect(bad.body.contains("Enter the first day of work as a real date"))
            #expect(try await Induction.query(on: app.db).count() == 0)

            let started = try await Self.start(app, startsOn: "2026-12-07")
            let items = try await InductionItem.query(on: app.db).filter(\.$inductionID == started.induction.id!)
                .all()
            let standard = StandardInductionTemplates.items(for: .medicalSupportWorker)
            #expect(items.count == standard.count)
            // Due days count from the first day (7 December 2026).
            let orientation = try #require(items.first { $0.title.hasPrefix("Hospital orientation") })
            #expect(orientation.dueOn == "2026-12-09")
            // Both people are told by email.
            for person in [started.starterPerson, started.supervisorPerson] {
                #expect(
                    try await OutboxMessage.query(on: app.db).filter(\.$recipient == person.email)
                        .filter(\.$subject == "An induction has started").count() == 1)
            }
            // The lead sees it in the list with its progress.
            let list = try await started.lead.get("/induction")
            #expect(list.body.contains("Dr Sam Starter"))
            #expect(list.body.contains("0 of \(standard.count) done"))
        }
    }

    @Test func whoeverAnItemBelongsToMarksItDoneAndOnlyTheSupervisorSignsOff() async throws {
        try await withCairn { app in
            let started = try await Self.start(app)
            let items = try await InductionItem.query(on: app.db).filter(\.$inductionID == started.induction.id!)
                .all()
            let roleItem = try #require(items.first { $0.title.hasPrefix("Read the MSW role description") })
            #expect(roleItem.owner == .inductee && roleItem.needsSignOff)
            let itemPath = Self.path(started.induction.id) + "/items/\(roleItem.id!.uuidString.lowercased())"

            // The supervisor may not mark the new starter's item done; a stranger cannot see the induction.
            #expect(try await started.supervisor.get(itemPath).status == .notFound)
            let stranger = TestBrowser(app)
            try await stranger.signIn(try await app.makePerson([.clinician]))
            #expect(try await stranger.get(Self.path(started.induction.id)).status == .notFound)
            let otherSupervisor = TestBrowser(app)
            try await otherSupervisor.signIn(try await app.makePerson([.supervisor]))
            #expect(try await otherSupervisor.get(Self.path(started.induction.id)).status == .notFound)

            // The new starter marks it done with evidence; a stale version is a 409 that keeps what was typed.
            try await started.starter.get(itemPath)
            let stale = try await started.starter.post(
                itemPath + "/complete", [("evidence", "Read with <i>Sue</i>"), ("version", "7")])
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Read with &lt;i&gt;Sue&lt;/i&gt;"))
            let done = try await started.starter.post(
                itemPath + "/complete", [("evidence", "Read and discussed with Sue"), ("version", "1")])
            #expect(done.status == .seeOther)
            let stored = try #require(try await InductionItem.find(roleItem.id, on: app.db))
            #expect(stored.completedOn == app.cairn.today.description)
            #expect(stored.evidence?.contains("Read and discussed") == false)  // sealed

            // The new starter cannot sign off their own item; the supervisor can, once.
            let signOffPath = itemPath + "/sign-off"
            try await started.starter.get(Self.path(started.induction.id))
            #expect(try await started.starter.post(signOffPath, [("version", "2")]).status == .forbidden)
            let page = try await started.supervisor.get(Self.path(started.induction.id))
            #expect(page.body.contains("Read and discussed with Sue"))
            #expect(try await started.supervisor.post(signOffPath, [("version", "2")]).status == .seeOther)
            #expect(try await started.supervisor.post(signOffPath, [("version", "3")]).status == .conflict)
            let signed = try #require(try await InductionItem.find(roleItem.id, on: app.db))
            #expect(signed.signedOffBy == started.supervisorPerson.id)
            let list = try await started.lead.get("/induction")
            #expect(list.body.contains("1 of "))
        }
    }

    @Test func aPathwayIsItsOwnersAndItsSupervisorReadsItOnlyWhenShared() async throws {
        try await withCairn { app in
            let started = try await Self.start(app)
            let starter = started.starter
            try await starter.get("/registration-pathway")
            #expect(try await starter.post("/registration-pathway", [("route", "plab")]).status == .seeOther)
            let pathway = try #require(try await RegistrationPathwayRecord.query(on: app.db).first())
            let today = app.cairn.today
            let plab1 = today.adding(days: -30)
            // What the route cannot hold, or a result in the future, is refused and kept.
            try await starter.get("/registration-pathway")
            let bad = try await starter.post(
                "/registration-pathway/entries",
                [
                    ("step", "identity_check"), ("outcome", "passed"), ("day", today.adding(days: 3).description),
                    ("version", "1"),
                ])
            // A step the route does not have and a result in the future conflict with the pathway and today (409).
            #expect(bad.status == .conflict)
            #expect(bad.body.contains("Choose a step of your route"))
            // The day typed comes back in its three boxes.
            let typed = DateFields.parts(of: today.adding(days: 3).description)
            #expect(bad.body.contains(#"name="day-day" type="text" inputmode="numeric" value="\#(typed.day)""#))
            #expect(bad.body.contains(#"name="day-year" type="text" inputmode="numeric" value="\#(typed.year)""#))
            for (step, outcome, day) in [
                ("english", "passed", today.adding(days: -100)), ("plab1", "passed", plab1),
            ] {
                let version = try #require(try await RegistrationPathwayRecord.find(pathway.id, on: app.db)).version
                try await starter.get("/registration-pathway")
                let recorded = try await starter.post(
                    "/registration-pathway/entries",
                    [("step", step), ("outcome", outcome), ("day", day.description), ("version", String(version))])
                #expect(recorded.status == .seeOther)
            }
            let page = try await starter.get("/registration-pathway")
            let left = today.days(until: plab1.adding(years: 2))
            #expect(page.body.contains("PLAB 2 must be passed in \(left) days"))
            #expect(page.body.contains("What holds you up: Primary medical qualification verified (EPIC)."))

            // The supervisor cannot read it until it is shared; the lead and other supervisors never.
            let sharedPath = Self.path(started.induction.id) + "/registration-pathway"
            #expect(try await started.supervisor.get(sharedPath).status == .notFound)
            #expect(try await started.lead.get(sharedPath).status == .forbidden)
            let version = try #require(try await RegistrationPathwayRecord.find(pathway.id, on: app.db)).version
            try await starter.get("/registration-pathway")
            #expect(
                try await starter.post(
                    "/registration-pathway/sharing", [("shared[]", "yes"), ("version", String(version))]
                ).status == .seeOther)
            let shared = try await started.supervisor.get(sharedPath)
            #expect(shared.status == .ok)
            #expect(shared.body.contains("PLAB 2 must be passed in \(left) days"))
            let other = TestBrowser(app)
            try await other.signIn(try await app.makePerson([.supervisor]))
            #expect(try await other.get(sharedPath).status == .notFound)
            let reads = try await AuditEntry.query(on: app.db)
                .filter(\.$action == InductionAudit.pathwayReadBySupervisor.rawValue).count()
            #expect(reads == 1)
        }
    }

    @Test func deadlineWarningsAndOverdueNudgesGoOnceEach() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let started = try await Self.start(app, startsOn: app.cairn.today.adding(days: -20).description)
            let today = app.cairn.today
            try await started.starter.get("/registration-pathway")
            try await started.starter.post("/registration-pathway", [("route", "plab")])
            // An English result whose two years end in 80 days.
            try await started.starter.get("/registration-pathway")
            try await started.starter.post(
                "/registration-pathway/entries",
                [
                    ("step", "english"), ("outcome", "passed"),
                    ("day", today.adding(days: 80).adding(years: -2).description), ("version", "1"),
                ])
            let feature = InductionFeature()
            func warnings() async throws -> [OutboxMessage] {
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == started.starterPerson.email)
                    .filter(\.$subject ~~ "English").all()
            }
            try await feature.housekeeping(app, now: clock.now)
            #expect(try await warnings().count == 1)
            #expect(try await warnings().first?.subject.contains("in 80 days") == true)
            try await feature.housekeeping(app, now: clock.now)
            #expect(try await warnings().count == 1)
            clock.advance(by: 55 * 86_400)  // 25 days left: the 30-day warning
            try await feature.housekeeping(app, now: clock.now)
            #expect(try await warnings().count == 2)
            try await feature.housekeeping(app, now: clock.now)
            #expect(try await warnings().count == 2)

            // Items past their day: the owner was nudged once; a week on, the supervisor too.
            let overdue = try await InductionItem.query(on: app.db).filter(\.$completedOn == nil)
                .filter(\.$inductionID == started.induction.id!).all()
                .filter { $0.dueOn < app.cairn.today.description }
            #expect(!overdue.isEmpty)
            #expect(overdue.allSatisfy { $0.nudgedOwnerAt != nil })
            let nudges = try await OutboxMessage.query(on: app.db).filter(\.$subject == "An induction item is overdue")
                .count()
            try await feature.housekeeping(app, now: clock.now)
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$subject == "An induction item is overdue").count()
                    == nudges)
            let escalations = try await OutboxMessage.query(on: app.db)
                .filter(\.$recipient == started.supervisorPerson.email)
                .filter(\.$subject == "An induction item is a week overdue").count()
            #expect(escalations > 0)
        }
    }
}

@Suite("Evidence files: known by their content, sealed on disk, read by those who follow the induction")
struct EvidenceFileTests {
    /// A small PDF whose bytes include NUL, as real PDFs do.
    static let pdf =
        Data("%PDF-1.4\n%\u{E2}\u{E3}\n1 0 obj << >> endobj\n".utf8) + Data([0, 1, 2, 0])
        + Data("MARKER-pdf\n%%EOF\n".utf8)

    static func multipart(_ fields: [(String, String)], file: (name: String, data: Data)?, boundary: String) -> Data {
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"evidenceFile\"; filename=\"\(file.name)\"\r\nContent-Type: application/pdf\r\n\r\n"
                    .utf8)
            body += file.data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return body
    }

    static func upload(
        _ browser: TestBrowser, _ path: String, _ fields: [(String, String)], file: (name: String, data: Data)?
    ) async throws -> TestBrowser.Page {
        let boundary = "cairn-test-boundary"
        let body = multipart(fields + [("_csrf", browser.csrfToken ?? "")], file: file, boundary: boundary)
        return try await browser.send(
            .POST, path, body: String(decoding: body, as: UTF8.self),
            contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    @Test func aPDFIsKeptSealedAndGivenBackOnlyToThoseWhoFollowTheInduction() async throws {
        try await withCairn { app in
            let started = try await InductionJourneyTests.start(app)
            let item = try #require(
                try await InductionItem.query(on: app.db).filter(\.$inductionID == started.induction.id!)
                    .filter(\.$owner == .inductee).sort(\.$position).first())
            let itemPath =
                InductionJourneyTests.path(started.induction.id) + "/items/\(item.id!.uuidString.lowercased())"

            // Not a PDF, PNG or JPEG by its content, whatever its name: refused, nothing done.
            try await started.starter.get(itemPath)
            let fake = try await Self.upload(
                started.starter, itemPath + "/complete", [("evidence", "My certificate"), ("version", "1")],
                file: ("certificate.pdf", Data("<html>not a pdf</html>".utf8)))
            #expect(fake.status == .unprocessableEntity)
            #expect(fake.body.contains("The file must be a PDF, PNG or JPEG"))
            #expect(fake.body.contains("My certificate"))
            #expect(try await InductionItem.find(item.id, on: app.db)?.completedOn == nil)

            // A NUL in a text field is still refused; in the file's bytes it is the file's own.
            try await started.starter.get(itemPath)
            let nul = try await Self.upload(
                started.starter, itemPath + "/complete", [("evidence", "a\u{0}b"), ("version", "1")], file: nil)
            #expect(nul.status == .badRequest)
            try await started.starter.get(itemPath)
            let done = try await Self.upload(
                started.starter, itemPath + "/complete", [("evidence", "Certificate attached"), ("version", "1")],
                file: ("Fire safety <cert>.pdf", Self.pdf))
            #expect(done.status == .seeOther)
            let file = try #require(try await EvidenceFile.query(on: app.db).first())
            #expect(file.kind == .pdf && file.byteCount == Self.pdf.count)
            // Sealed on disk and in the row: neither the bytes nor the name are readable there.
            let binding = try #require(file.binding)
            let stored = try #require(app.cairn.files.stored(for: binding))
            #expect(!String(decoding: stored, as: UTF8.self).contains("MARKER-pdf"))
            #expect(!file.fileName.contains("Fire"))

            // The supervisor and the lead download it; the name is made safe; a stranger finds nothing.
            let filePath = itemPath + "/evidence-file"
            let page = try await started.supervisor.get(InductionJourneyTests.path(started.induction.id))
            #expect(page.body.contains("Fire safety cert.pdf"))
            for browser in [started.supervisor, started.lead, started.starter] {
                let download = try await browser.get(filePath)
                #expect(download.status == .ok)
                #expect(download.headers.first(name: .contentType) == "application/pdf")
                #expect(download.headers.first(name: .contentDisposition)?.contains("Fire safety cert.pdf") == true)
                #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(download.body.contains("MARKER-pdf"))
            }
            let stranger = TestBrowser(app)
            try await stranger.signIn(try await app.makePerson([.supervisor]))
            #expect(try await stranger.get(filePath).status == .notFound)
        }
    }
}
