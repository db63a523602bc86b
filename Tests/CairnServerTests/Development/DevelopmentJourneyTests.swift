import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnDevelopment
@testable import CairnPlatform
@testable import CairnServer

/// Issue #18 through the pages, on SQLite and PostgreSQL: a facilitator runs a practice's plan (team, needs, a
/// workshop with three attendees' rankings and a tie, a development, an objective proposed into a GP's plan); the
/// GP keeps their plan and evidence and exports the pack; the responsible officer sees dates and counts, never the
/// words; nobody outside the relationship reaches a record.
@Suite("Practice development and personal plans: who does what, and who sees what")
struct DevelopmentJourneyTests {
    static func id(_ location: String?, after prefix: String) -> String? {
        guard let location, location.hasPrefix(prefix) else { return nil }
        return String(location.dropFirst(prefix.count).prefix(36))
    }

    @Test func aFacilitatorRunsAPlanAndAGPsPlanStaysTheirs() async throws {
        try await withCairn { app in
            let facilitatorPerson = try await app.makePerson([.facilitator], name: "Priya Facilitator")
            let gpPerson = try await app.makePerson([.clinician], name: "Dr Gwen GP")
            let nursePerson = try await app.makePerson([.clinician], name: "Nia Nurse")
            let outsiderPerson = try await app.makePerson([.clinician], name: "Dr Other Practice")
            let roPerson = try await app.makePerson([.responsibleOfficer], name: "Dr Ro Officer")
            let facilitator = TestBrowser(app)
            try await facilitator.signIn(facilitatorPerson)

            // A blank name is refused and the vision typed is kept.
            try await facilitator.get("/practices")
            let blank = try await facilitator.post("/practices", [("name", " "), ("vision", "Reviews on time")])
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.body.contains("Reviews on time"))
            let made = try await facilitator.post(
                "/practices", [("name", "Bala Surgery"), ("vision", "Reviews on time")])
            let practiceID = try #require(Self.id(made.location, after: "/practices/"))
            let plan = "/practices/\(practiceID)/plan"
            try await facilitator.get(plan)
            for (name, email, group) in [
                ("Dr Gwen GP", gpPerson.email, "doctor"), ("Nia Nurse", nursePerson.email, "nurse"),
                ("Mo Manager", "mo.manager@example.nhs.uk", "manager"),
            ] {
                let added = try await facilitator.post(
                    "/practices/\(practiceID)/members",
                    [("memberName", name), ("memberEmail", email), ("staffGroup", group)])
                #expect(added.status == .seeOther)
            }
            let again = try await facilitator.post(
                "/practices/\(practiceID)/members",
                [("memberName", "Dr Gwen GP"), ("memberEmail", gpPerson.email), ("staffGroup", "doctor")])
            #expect(again.status == .conflict)
            for title in ["Access at 8 am", "Diabetes recall", "Repeat prescribing"] {
                let need = try await facilitator.post(
                    "/practices/\(practiceID)/needs",
                    [("needTitle", title), ("source", "practice"), ("finding", "audit")])
                #expect(need.status == .seeOther)
            }
            let practice = try #require(try await Practice.find(UUID(uuidString: practiceID), on: app.db))
            let members = try await PracticeMember.query(on: app.db).filter(\.$practiceID == practice.requireID()).all()
            #expect(members.count == 3)
            let workshop = try await facilitator.post(
                "/practices/\(practiceID)/workshops",
                [("workshopDay", app.cairn.today.description), ("notes", "Sealed notes")]
                    + members.map { ("attendees[]", $0.personID.uuidString.lowercased()) })
            let workshopID = try #require(Self.id(workshop.location, after: "/practices/\(practiceID)/workshops/"))
            let needs = try await PracticeNeed.query(on: app.db).sort(\.$title).all()
            let (access, diabetes, prescribing) = (needs[0].id!, needs[1].id!, needs[2].id!)
            func rank(_ person: UUID, _ ranks: [(UUID, String)]) async throws -> TestBrowser.Page {
                try await facilitator.get("/practices/\(practiceID)/workshops/\(workshopID)")
                return try await facilitator.post(
                    "/practices/\(practiceID)/workshops/\(workshopID)/rankings",
                    [("attendee", person.uuidString.lowercased())]
                        + ranks.map { ("rank-\($0.0.uuidString.lowercased())", $0.1) })
            }
            // Two needs ranked 1 by one attendee is refused, and nothing is stored.
            let duplicate = try await rank(members[0].personID, [(access, "1"), (diabetes, "1")])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(try await NeedRanking.query(on: app.db).count() == 0)
            // Three attendees: diabetes 3+2+1 = 6... (n = 3, rank r earns 4 − r): a tie for first.
            #expect(
                try await rank(members[0].personID, [(diabetes, "1"), (access, "2"), (prescribing, "3")]).status
                    == .seeOther)
            #expect(
                try await rank(members[1].personID, [(access, "1"), (diabetes, "2"), (prescribing, "3")]).status
                    == .seeOther)
            #expect(
                try await rank(members[2].personID, [(prescribing, "1"), (access, "2"), (diabetes, "3")]).status
                    == .seeOther)
            // Recording the third again replaces it rather than adding a fourth ballot.
            #expect(
                try await rank(members[2].personID, [(prescribing, "1"), (diabetes, "2"), (access, "3")]).status
                    == .seeOther)
            #expect(try await NeedRanking.query(on: app.db).count() == 9)
            // access 2+3+1 = 6, diabetes 3+2+2 = 7, prescribing 1+1+3 = 5.
            let result = try await facilitator.get(plan)
            #expect(result.body.contains("Diabetes recall</td><td>7"))
            #expect(result.body.contains("Access at 8 am</td><td>6"))
            #expect(result.body.contains("3 attendees ranked up to 3 needs"))
            // The workshop's notes are sealed in the database.
            let stored = try #require(try await PracticeWorkshop.query(on: app.db).first())
            #expect(stored.notes?.contains("Sealed notes") == false)

            // A development: a due date before the start is refused with what was typed kept.
            let bad = try await facilitator.post(
                "/practices/\(practiceID)/developments",
                [
                    ("title", "Named-nurse recall"), ("aim", "Reviews on time"),
                    ("objective", "95% reviewed within 12 months by March"), ("startsOn", "2027-02-01"),
                    ("dueOn", "2027-01-01"), ("status", "planned"), ("need", diabetes.uuidString.lowercased()),
                ])
            #expect(bad.status == .conflict)
            #expect(bad.body.contains("Named-nurse recall"))
            let good = try await facilitator.post(
                "/practices/\(practiceID)/developments",
                [
                    ("title", "Named-nurse recall"), ("aim", "Reviews on time"),
                    ("objective", "95% reviewed within 12 months by March"), ("startsOn", "2027-01-01"),
                    ("dueOn", "2027-03-31"), ("status", "underway"), ("need", diabetes.uuidString.lowercased()),
                ])
            let developmentID = try #require(
                Self.id(good.location, after: "/practices/\(practiceID)/developments/"))
            let developmentPath = "/practices/\(practiceID)/developments/\(developmentID)"
            // Marking it complete before its evaluation is a conflict with its state.
            try await facilitator.get(developmentPath)
            let early = try await facilitator.post(
                developmentPath,
                [
                    ("title", "Named-nurse recall"), ("aim", "Reviews on time"),
                    ("objective", "95% reviewed within 12 months by March"), ("startsOn", "2027-01-01"),
                    ("dueOn", "2027-03-31"), ("status", "complete"), ("version", "1"),
                ])
            #expect(early.status == .conflict)
            // A stale version is a 409 too.
            let stale = try await facilitator.post(
                developmentPath,
                [
                    ("title", "Renamed"), ("aim", "Reviews on time"), ("objective", "95% reviewed within 12 months"),
                    ("startsOn", "2027-01-01"), ("dueOn", "2027-03-31"), ("status", "underway"), ("version", "0"),
                ])
            #expect(stale.status == .conflict)
            let proposed = try await facilitator.post(
                "\(developmentPath)/objectives",
                [
                    ("member", gpPerson.id.uuidString.lowercased()), ("targetOn", "2027-03-31"),
                    ("domain", GMPDomain.patients.rawValue),
                ])
            #expect(proposed.status == .seeOther)
            let item = try #require(try await PDPItem.query(on: app.db).filter(\.$personID == gpPerson.id).first())
            #expect(item.developmentID == UUID(uuidString: developmentID))
            #expect(!item.objective.contains("95%"))  // sealed
            #expect(try await facilitator.get(developmentPath).body.contains("behind it</dt><dd>1"))
            // The facilitator never reads the GP's plan.
            #expect(
                try await facilitator.get("/my-development/items/\(item.id!.uuidString.lowercased())").status
                    == .forbidden)

            // The GP reads the practice's plan but cannot run it; an outsider does not find it.
            let gp = TestBrowser(app)
            try await gp.signIn(gpPerson)
            #expect(try await gp.get(plan).status == .ok)
            #expect(try await gp.get("/practices/\(practiceID)/workshops/\(workshopID)").status == .forbidden)
            let outsider = TestBrowser(app)
            try await outsider.signIn(outsiderPerson)
            #expect(try await outsider.get(plan).status == .notFound)
            #expect(try await outsider.get(developmentPath).status == .notFound)
            #expect(
                try await outsider.get("/my-development/items/\(item.id!.uuidString.lowercased())").status == .notFound)

            // The GP's own plan: the proposed item, evidence, a revalidation date and an appraisal.
            let mine = try await gp.get("/my-development")
            #expect(
                mine.body.contains("For the practice&#39;s plan: Named-nurse recall")
                    || mine.body.contains("For the practice's plan: Named-nurse recall"))
            #expect(mine.body.contains("Named-nurse recall (Bala Surgery)"))
            let evidence = try await gp.post(
                "/my-development/evidence",
                [
                    ("kind", "cpd"), ("title", "Diabetes update course"), ("day", app.cairn.today.description),
                    ("hours", "1.5"), ("participatory[]", "yes"), ("item", item.id!.uuidString.lowercased()),
                ])
            #expect(evidence.status == .seeOther)
            let future = try await gp.post(
                "/my-development/evidence",
                [("kind", "feedback"), ("title", "Letter"), ("day", app.cairn.today.adding(days: 3).description)])
            #expect(future.status == .conflict)
            #expect(future.body.contains("Letter"))
            try await gp.get("/my-development")
            #expect(
                try await gp.post(
                    "/my-development/revalidation",
                    [("register", "gmc"), ("revalidationDue", app.cairn.today.adding(days: 60).description)]
                ).status == .seeOther)
            #expect(
                try await gp.post("/my-development/appraisals", [("appraisalOn", app.cairn.today.description)]).status
                    == .seeOther)
            let exported = try await gp.get("/my-development/export.json")
            #expect(exported.status == .ok)
            let pack = try JSONDecoder().decode(EvidencePack.self, from: Data(exported.body.utf8))
            #expect(pack.items.count == 1)
            #expect(pack.items.first?.servesPracticeDevelopment == "Named-nurse recall (Bala Surgery)")
            #expect(pack.evidence.first?.title == "Diabetes update course")
            #expect(pack.evidence.first?.hours == "1.50")
            #expect(pack.supportingInformation["cpd"] == true)
            #expect(pack.appraisalThisYear == app.cairn.today.description)
            #expect(try await gp.get("/my-development/export.md").body.contains("Diabetes update course"))
            #expect(try await gp.get("/my-development/export.html").body.contains("Diabetes update course"))
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "evidence_pack_exported").count()
            #expect(audited == 3)

            // The responsible officer: dates and counts, never the words; no way into plans or practices.
            let ro = TestBrowser(app)
            try await ro.signIn(roPerson)
            let overview = try await ro.get("/appraisal-overview")
            #expect(overview.status == .ok)
            #expect(overview.body.contains("Dr Gwen GP"))
            #expect(overview.body.contains("1 of 6"))
            #expect(!overview.body.contains("Diabetes update course"))
            #expect(!overview.body.contains("Named-nurse recall"))
            #expect(try await ro.get("/my-development").status == .forbidden)
            #expect(try await ro.get(plan).status == .forbidden)
            #expect(try await ro.get("/my-development/items/\(item.id!.uuidString.lowercased())").status == .forbidden)
            let soon = try await ro.get("/appraisal-overview?due=soon")
            #expect(soon.body.contains("Dr Gwen GP"))

            // Figures: the practice's counts; one linked objective is about a person and shows as *.
            let figures = try await facilitator.get("/practices/figures")
            #expect(figures.status == .ok)
            #expect(figures.body.contains("Bala Surgery</td><td>1</td><td>3</td><td>1</td><td>0</td><td>*"))
            #expect(try await facilitator.get("/practices/figures.csv").body.contains("Bala Surgery,1,3,1,0,*"))
        }
    }
}

@Suite("Personal development: evidence files and revalidation notices")
struct DevelopmentEvidenceFileTests {
    @Test func aFileIsKeptSealedCheckedByContentAndGivenOnlyToItsOwner() async throws {
        try await withCairn { app in
            let gpPerson = try await app.makePerson([.clinician], name: "Dr Gwen GP")
            let otherPerson = try await app.makePerson([.clinician], name: "Dr Other")
            let gp = TestBrowser(app)
            try await gp.signIn(gpPerson)
            try await gp.get("/my-development")
            let fields = [("kind", "cpd"), ("title", "Resuscitation course"), ("day", "2026-11-02"), ("hours", "6")]
            // Text that calls itself a PDF is refused by its content, and what was typed is kept.
            let fake = try await gp.postMultipart(
                "/my-development/evidence", fields, file: (name: "certificate.pdf", text: "hello"),
                field: "evidenceFile")
            #expect(fake.status == .unprocessableEntity)
            #expect(fake.body.contains("The file must be a PDF, PNG or JPEG"))
            #expect(fake.body.contains("Resuscitation course"))
            let pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF"
            try await gp.get("/my-development")
            let added = try await gp.postMultipart(
                "/my-development/evidence", fields, file: (name: "ALS <certificate>.pdf", text: pdf),
                field: "evidenceFile")
            #expect(added.status == .seeOther)
            let row = try #require(try await DevelopmentEvidence.query(on: app.db).first())
            #expect(row.fileKind == .pdf)
            #expect(row.fileName?.contains("certificate") == false)  // sealed
            let path = "/my-development/evidence/\(row.id!.uuidString.lowercased())/file"
            #expect(try await gp.get("/my-development").body.contains(path))
            let download = try await gp.get(path)
            #expect(download.status == .ok)
            #expect(download.body == pdf + "\r\n" || download.body == pdf)
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            let other = TestBrowser(app)
            try await other.signIn(otherPerson)
            #expect(try await other.get(path).status == .notFound)
            let pack = try JSONDecoder().decode(
                EvidencePack.self, from: Data(try await gp.get("/my-development/export.json").body.utf8))
            #expect(pack.evidence.first?.file?.hasSuffix(".pdf") == true)
        }
    }

    @Test func noticeComesOnceFourMonthsBeforeEachDate() async throws {
        try await withCairn { app in
            let gpPerson = try await app.makePerson([.clinician], name: "Dr Gwen GP")
            let gp = TestBrowser(app)
            try await gp.signIn(gpPerson)
            func notices() async throws -> Int {
                try await OutboxMessage.query(on: app.db).filter(\.$recipient == gpPerson.email)
                    .filter(\.$subject ~~ "revalidation").count()
            }
            let send = { try await RevalidationNotices(context: ServiceContext(application: app)).sendDue() }
            try await gp.get("/my-development")
            let far = app.cairn.today.adding(months: 5).description
            try await gp.post("/my-development/revalidation", [("register", "gmc"), ("revalidationDue", far)])
            try await send()
            #expect(try await notices() == 0)
            try await gp.get("/my-development")
            let near = app.cairn.today.adding(days: 100).description
            try await gp.post("/my-development/revalidation", [("register", "gmc"), ("revalidationDue", near)])
            try await send()
            try await send()
            #expect(try await notices() == 1)
            // A new date within the window gets its own notice.
            try await gp.get("/my-development")
            let nearer = app.cairn.today.adding(days: 90).description
            try await gp.post("/my-development/revalidation", [("register", "nmc"), ("revalidationDue", nearer)])
            try await send()
            #expect(try await notices() == 2)
            // The NMC's three years are counted in SQL (a sum of minutes: a bigint on PostgreSQL too).
            try await gp.get("/my-development")
            try await gp.post(
                "/my-development/evidence",
                [
                    ("kind", "practice_hours"), ("title", "Clinic"), ("day", app.cairn.today.description),
                    ("hours", "450"),
                ])
            let page = try await gp.get("/my-development")
            #expect(page.status == .ok)
            #expect(page.body.contains("Practice hours</td><td>450 hours"))
        }
    }
}
