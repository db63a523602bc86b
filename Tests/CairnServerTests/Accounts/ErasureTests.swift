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

/// Erasure (issue #20 item 2): walked from the declarations; the person's words, name and address go, the codes,
/// dates and numbers figures count stay (every figure is the same after); the audit chain still verifies; the dry
/// run says exactly what the erasure then does; the person can never sign in again.
@Suite("Erasure of a person's data")
struct ErasureTests {
    @Test func noKindThatErasureDeletesIsAParentOfAnother() {
        // Deleting a parent row would orphan its children (PostgreSQL's foreign keys refuse it).
        #expect(PersonalDataErasure.deletedParents(PersonalDataMap.models(of: CairnFeatures.all)).isEmpty)
    }

    @Test func everyTombstoneReplacesWhatIsNotCountedAndKeepsWhatIs() {
        for model in PersonalDataMap.models(of: CairnFeatures.all) where !model.personalData.whose.isEmpty {
            let declaration = model.personalData
            guard case .tombstone = declaration.erasure else { continue }
            let fields = Set(PersonalDataErasure.erasedFields(model).map(\.key))
            for key in declaration.sealed { #expect(fields.contains(key.description), "\(model.schema).\(key)") }
            for (key, reason) in declaration.plain where PlainBecause.counted.contains(reason) {
                if declaration.secrets.contains(key) || declaration.erasedAs[key] != nil { continue }
                #expect(!fields.contains(key.description), "\(model.schema).\(key) is counted and must stay")
            }
        }
        // Contact details are never counted: they go.
        #expect(PersonalDataErasure.erasedFields(Person.self).map(\.key).contains("display_name"))
        #expect(PersonalDataErasure.erasedFields(Person.self).map(\.key).contains("password_hash"))
    }

    @Test func anAdministratorErasesAClinicianThroughTheAPI() async throws {
        try await withCairn { app in
            let (clinician, clinicianToken, caseID) = try await TriageAPITests.referral(app)
            let manager = try await app.makePerson([.caseManager])
            let managerToken = try await CaseAPITests.token(for: manager, on: app)
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/triage/\(caseID)/take", token: managerToken).0 == .ok)
            let (noted, _, notedText) = try await CaseAPITests.send(
                app, .POST, "/api/v1/cases/\(caseID)/notes", token: managerToken,
                body: #"{"body": "NOTE-MARKER spoke on the phone"}"#)
            #expect(noted == .created, "\(notedText)")
            let admin = try await app.makePerson([.admin])
            let adminToken = try await CaseAPITests.token(for: admin, on: app)
            let path = "/api/v1/people/\(clinician.id.uuidString.lowercased())/erasure"

            // Not for anyone else; the dry run writes nothing.
            #expect(try await CaseAPITests.send(app, .GET, path, token: managerToken).0 == .forbidden)
            let (previewed, plan, planText) = try await CaseAPITests.send(app, .GET, path, token: adminToken)
            #expect(previewed == .ok, "\(planText)")
            #expect(plan["erased"] as? Bool == false)
            let kinds = plan["kinds"] as? [[String: Any]] ?? []
            func rows(_ kinds: [[String: Any]], _ table: String) -> Int? {
                kinds.first { $0["kind"] as? String == table }?["rows"] as? Int
            }
            #expect(rows(kinds, "cases") == 1)
            #expect(rows(kinds, "case_notes") == 1)
            #expect(rows(kinds, "api_tokens") == 1)
            #expect(kinds.first { $0["kind"] as? String == "audit_entries" }?["action"] as? String == "keep")
            #expect(try await CaseAPITests.send(app, .GET, "/api/v1/me", token: clinicianToken).0 == .ok)

            // A reason and the address typed again, or 422 naming each.
            let (refused, problem, _) = try await CaseAPITests.send(
                app, .POST, path, token: adminToken, body: #"{"reason": " ", "confirm": "someone@else.example"}"#)
            #expect(refused == .unprocessableEntity)
            #expect(Set(PeopleAPITests.fields(problem)) == ["/reason", "/confirm"])
            // Not one's own.
            let own = "/api/v1/people/\(admin.id.uuidString.lowercased())/erasure"
            let (yourself, _, _) = try await CaseAPITests.send(
                app, .POST, own, token: adminToken, body: #"{"reason": "asked", "confirm": "\#(admin.email)"}"#)
            #expect(yourself == .conflict)

            let body = #"{"reason": "Asked in writing on 1 December", "confirm": "\#(clinician.email.uppercased())"}"#
            let (erased, done, doneText) = try await CaseAPITests.send(app, .POST, path, token: adminToken, body: body)
            #expect(erased == .ok, "\(doneText)")
            #expect(done["erased"] as? Bool == true)
            #expect(done["changed"] as? Int == plan["changed"] as? Int, "the dry run said what the erasure did")
            let doneKinds = done["kinds"] as? [[String: Any]] ?? []
            for kind in kinds {
                let table = kind["kind"] as? String ?? ""
                if kind["action"] as? String == "keep" { continue }
                #expect(rows(doneKinds, table) == kind["rows"] as? Int, "\(table)")
            }
            // Again: 409, whoever asks.
            #expect(try await CaseAPITests.send(app, .POST, path, token: adminToken, body: body).0 == .conflict)

            // Signed out for good; the address is free.
            #expect(try await CaseAPITests.send(app, .GET, "/api/v1/me", token: clinicianToken).0 == .unauthorized)
            let person = try #require(try await Person.find(clinician.id, on: app.db))
            #expect(person.displayName == "Erased person")
            #expect(person.status == .disabled)
            #expect(person.passwordHash == nil)
            #expect(person.email.hasSuffix("@erased.invalid"))
            #expect(
                try await Person.query(on: app.db).filter(\.$emailNormalised == clinician.email.lowercased())
                    .count() == 0)

            // The case stays with its codes; the words are replaced, sealed as before (every reader opens them).
            let record = try #require(try await SupportCase.find(UUID(uuidString: caseID), on: app.db))
            #expect(record.profession == "doctor")
            #expect(record.reasons.contains(.internationalGraduate))
            let cipher = app.cairn.cipher
            let words = try cipher.open(record.ownWords, for: SupportCase.binding(try record.requireID(), "own_words"))
            #expect(words == PersonalDataErasure.erasedText)
            let note = try #require(try await CaseNote.query(on: app.db).first())
            #expect(
                try cipher.open(
                    note.body, for: .init(table: CaseNote.schema, recordID: try note.requireID(), field: "body"))
                    == PersonalDataErasure.erasedText)
            // The case manager still reads the case, and finds no words of the person's.
            let (read, caseBody, caseText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/cases/\(caseID)", token: managerToken)
            #expect(read == .ok, "\(caseText)")
            #expect(caseBody["ownWords"] as? String == PersonalDataErasure.erasedText)
            #expect(!caseText.contains("API-MARKER"))

            // Nothing the person wrote is left anywhere a subject access export reaches.
            let exported = try await SubjectAccessTests.export(
                app, token: adminToken, path: try await Self.answeredExport(app, adminToken, person.email))
            let everything = SubjectAccessTests.everything(exported)
            #expect(!everything.contains("API-MARKER"))
            #expect(!everything.contains("NOTE-MARKER"))
            #expect(!everything.contains(clinician.email))

            // Appended to the audit trail, which still verifies.
            let verification = try await AuditLog.verify(on: app.db, cipher: cipher)
            #expect(verification.firstProblem == nil)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "personal_data_erased")
                    .filter(\.$subjectID == clinician.id).count() == 1)
        }
    }

    @Test func aPairsSharedRecordStaysAndOnlyTheErasedSidesWordsGo() async throws {
        let clock = TestClock(MentoringFixture.start)
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let fixture = try await MentoringFixture.make(app, clock: clock)
            let first = try #require(try await fixture.amirasSessions().first)
            let mentor = try await MentoringSessionTests.signedIn(fixture.james, app)
            try await mentor.get(sessionPath(first))
            try await mentor.post(sessionPath(first), [("date", "2026-11-20"), ("time", "10:00"), ("status", "held")])
            try await mentor.get(sessionPath(first))
            let answers = [("feltSafe", "4"), ("useful", "5"), ("actionsAgreed", "yes"), ("recommend", "9")]
            #expect(
                try await mentor.post(sessionPath(first) + "/feedback", answers + [("comment", "MENTOR-WORDS")]).status
                    == .seeOther)
            let mentee = try await MentoringSessionTests.signedIn(fixture.amira, app)
            try await mentee.get(sessionPath(first))
            #expect(
                try await mentee.post(sessionPath(first) + "/feedback", answers + [("comment", "MENTEE-WORDS")]).status
                    == .seeOther)

            let admin = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let path = "/api/v1/people/\(fixture.amira.id.uuidString.lowercased())/erasure"
            let (_, plan, _) = try await CaseAPITests.send(app, .GET, path, token: admin)
            let kinds = plan["kinds"] as? [[String: Any]] ?? []
            func kind(_ table: String) -> [String: Any] { kinds.first { $0["kind"] as? String == table } ?? [:] }
            #expect(kind("mentoring_pairs")["shared"] as? Int == 1, "the pair is James's too")
            #expect(kind("mentoring_pairs")["rows"] as? Int == 0)
            #expect(kind("session_feedback")["rows"] as? Int == 1, "her own side's answers")
            #expect(kind("session_feedback")["shared"] as? Int == 1, "his side's, kept")
            #expect(kind("mentees")["rows"] as? Int == 1)
            let (erased, _, text) = try await CaseAPITests.send(
                app, .POST, path, token: admin, body: #"{"reason": "Asked", "confirm": "amira@example.org"}"#)
            #expect(erased == .ok, "\(text)")

            let cipher = app.cairn.cipher
            var comments: [String: String] = [:]
            for row in try await SessionFeedback.query(on: app.db).filter(\.$sessionID == first.requireID()).all() {
                comments[row.side] = try row.comment.map {
                    try cipher.open($0, for: SessionFeedback.commentBinding(try row.requireID()))
                }
            }
            #expect(comments["mentor"] == "MENTOR-WORDS")
            #expect(comments["mentee"] == PersonalDataErasure.erasedText)
            // Her ratings stay: the programme's figures count them.
            #expect(try await SessionFeedback.query(on: app.db).filter(\.$side == "mentee").first()?.recommend == 9)
            #expect(try await MentoringPair.query(on: app.db).filter(\.$id == first.pairID).count() == 1)
            // James still reads the session.
            #expect(try await mentor.get(sessionPath(first)).body.contains("MENTOR-WORDS"))
        }
    }

    @Test func twoAdministratorsErasingAtOnceMakeOneErasureAndOneConflict() async throws {
        try await withCairn { app in
            let (clinician, _, _) = try await TriageAPITests.referral(app)
            let first = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let second = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let path = "/api/v1/people/\(clinician.id.uuidString.lowercased())/erasure"
            let body = #"{"reason": "Asked", "confirm": "\#(clinician.email)"}"#
            async let one = CaseAPITests.send(app, .POST, path, token: first, body: body)
            async let two = CaseAPITests.send(app, .POST, path, token: second, body: body)
            let statuses = [try await one.0, try await two.0].map(\.code).sorted()
            #expect(statuses == [200, 409])
            #expect(try await ErasureRecord.query(on: app.db).count() == 1)
        }
    }

    /// A subject access request recorded for `email` and the path of its export.
    static func answeredExport(_ app: Application, _ token: String, _ email: String) async throws -> String {
        let (created, record, text) = try await CaseAPITests.send(
            app, .POST, "/api/v1/subject-access-requests", token: token,
            body: #"{"email": "\#(email)", "askedBy": "Checking an erasure", "receivedOn": "2026-01-05"}"#)
        #expect(created == .created, "\(text)")
        return "/api/v1/subject-access-requests/\(try #require(record["id"] as? String))/export"
    }

    @Test func anAdministratorErasesInTheBrowserAfterSeeingWhatItDoes() async throws {
        try await withCairn { app in
            let (clinician, _, _) = try await TriageAPITests.referral(app)
            let admin = try await app.makePerson([.admin])
            let browser = TestBrowser(app)
            _ = try await browser.signIn(admin)
            let unknown = try await browser.get("/admin/erasure?email=nobody%40nowhere.example")
            #expect(unknown.status == .ok)
            #expect(unknown.body.contains("No one in Cairn has that email address"))
            let preview = try await browser.get("/admin/erasure?email=\(TestBrowser.encode(clinician.email))")
            #expect(preview.body.contains("What erasing"))
            #expect(preview.body.contains("Words replaced"))
            let path = "/admin/erasure/\(clinician.id.uuidString.lowercased())"

            // A mistyped address: the form comes back with what was typed, and nothing is erased.
            let wrong = try await browser.post(path, [("reason", "REASON-TYPED"), ("confirm", "wrong@example.org")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("REASON-TYPED"))
            #expect(
                wrong.body.contains("Type the person&#39;s email address exactly")
                    || wrong.body.contains("Type the person"))
            #expect(try await Person.find(clinician.id, on: app.db)?.displayName != "Erased person")

            let done = try await browser.post(path, [("reason", "Asked by phone"), ("confirm", clinician.email)])
            #expect(done.status == .seeOther || done.status == .found, "\(done.status)")
            #expect(done.location == "/admin/erasure?notice=erased")
            let list = try await browser.get("/admin/erasure?notice=erased")
            #expect(list.body.contains("The data is erased."))
            #expect(list.body.contains("Asked by phone"))
            #expect(try await Person.find(clinician.id, on: app.db)?.displayName == "Erased person")
            // The erased person cannot sign in.
            let signIn = try await TestBrowser(app).signIn(clinician)
            #expect(signIn.location != "/account")
        }
    }
}

/// Erasure at the size of the demonstration data: the busiest clinician's rows go, and every figure is the same.
@Suite("Erasure of the demonstration data")
struct ErasureDemoTests {
    @Test func everyFigureIsTheSameAfterTheBusiestClinicianIsErased() async throws {
        try await withCairn(migrate: false) { app in
            _ = try await DemoData.load(into: app)
            let sql = try #require(app.db as? any SQLDatabase)
            // The clinician with the most cases, found in SQL.
            let busiest = try #require(
                try await sql.raw(
                    "SELECT clinician_id AS person, COUNT(*) AS n FROM cases GROUP BY clinician_id ORDER BY n DESC, clinician_id LIMIT 1"
                ).first()?.decode(column: "person", as: UUID.self))
            let email = try #require(try await Person.find(busiest, on: app.db)).email
            let lead = try await CaseAPITests.token(
                for: try await app.makePerson([.unitLead, .programmeLead]), on: app)
            let admin = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)

            func figures() async throws -> [String: String] {
                var all: [String: String] = [:]
                all["support"] = try await CaseAPITests.send(app, .GET, "/api/v1/figures/support", token: lead).2
                let (_, programmes, _) = try await CaseAPITests.send(
                    app, .GET, "/api/v1/mentoring/programmes", token: lead)
                for programme in programmes["programmes"] as? [[String: Any]] ?? [] {
                    let id = programme["id"] as? String ?? ""
                    all["mentoring \(id)"] =
                        try await CaseAPITests.send(
                            app, .GET, "/api/v1/mentoring/programmes/\(id)/figures", token: lead
                        ).2
                }
                return all
            }
            let before = try await figures()
            #expect(before["support"]?.contains("\"tables\"") == true, "\(before["support"] ?? "")")

            let path = "/api/v1/people/\(busiest.uuidString.lowercased())/erasure"
            let (erased, done, text) = try await CaseAPITests.send(
                app, .POST, path, token: admin, body: #"{"reason": "Retention test", "confirm": "\#(email)"}"#)
            #expect(erased == .ok, "\(text)")
            #expect((done["changed"] as? Int ?? 0) > 0)

            // A new starter whose supervisor is someone else: their induction's words go all the same (the
            // supervisor takes part; the induction is not theirs).
            let inductee = try #require(
                try await sql.raw(
                    """
                    SELECT i.inductee_id AS person FROM inductions i JOIN induction_items t ON t.induction_id = i.id
                    WHERE i.supervisor_id IS NOT NULL AND i.supervisor_id <> i.inductee_id
                    ORDER BY t.evidence IS NULL, i.inductee_id LIMIT 1
                    """
                ).first()?.decode(column: "person", as: UUID.self))
            let inducteeEmail = try #require(try await Person.find(inductee, on: app.db)).email
            let inducteePath = "/api/v1/people/\(inductee.uuidString.lowercased())/erasure"
            let (_, inducteePlan, _) = try await CaseAPITests.send(app, .GET, inducteePath, token: admin)
            let inducteeKinds = inducteePlan["kinds"] as? [[String: Any]] ?? []
            for table in ["inductions", "induction_items"] {
                let kind = inducteeKinds.first { $0["kind"] as? String == table } ?? [:]
                #expect((kind["rows"] as? Int ?? 0) > 0, "\(table): theirs to erase")
                #expect(kind["shared"] as? Int == 0, "\(table): the supervisor does not make it shared")
            }
            let (inductionErased, _, inductionText) = try await CaseAPITests.send(
                app, .POST, "/api/v1/people/\(inductee.uuidString.lowercased())/erasure", token: admin,
                body: #"{"reason": "Retention test", "confirm": "\#(inducteeEmail)"}"#)
            #expect(inductionErased == .ok, "\(inductionText)")
            let evidence = try await sql.raw(
                """
                SELECT t.id AS id, t.evidence AS evidence FROM inductions i
                JOIN induction_items t ON t.induction_id = i.id
                WHERE i.inductee_id = \(bind: inductee) AND t.evidence IS NOT NULL
                """
            ).all()
            for row in evidence {
                let id = try row.decode(column: "id", as: UUID.self)
                let opened = try app.cairn.cipher.open(
                    try row.decode(column: "evidence", as: String.self),
                    for: .init(table: "induction_items", recordID: id, field: "evidence"))
                #expect(opened == PersonalDataErasure.erasedText)
            }

            let after = try await figures()
            #expect(after.keys.sorted() == before.keys.sorted())
            for key in before.keys.sorted() { #expect(after[key] == before[key], "\(key) changed") }
            #expect(try await AuditLog.verify(on: app.db, cipher: app.cairn.cipher).firstProblem == nil)
        }
    }
}

/// Erasure at size: a clinician with 5,000 notes about them and 20,000 audit entries naming them.
@Suite("Erasure at size")
struct ErasureSizeTests {
    @Test func fiveThousandNotesAndTwentyThousandAuditEntries() async throws {
        try await withCairn { app in
            let (clinician, _, caseID) = try await TriageAPITests.referral(app)
            let manager = try await app.makePerson([.caseManager])
            let sql = try #require(app.db as? any SQLDatabase)
            let caseUUID = try #require(UUID(uuidString: caseID))
            let cipher = app.cairn.cipher
            let notes = 5_000
            for batch in stride(from: 0, to: notes, by: 500) {
                var insert = sql.insert(into: CaseNote.schema).columns(
                    "id", "case_id", "author_id", "body", "shared_with_clinician", "created_at")
                for _ in batch..<min(batch + 500, notes) {
                    let id = UUID()
                    let body = try cipher.seal(
                        "SIZE-MARKER a note", for: .init(table: CaseNote.schema, recordID: id, field: "body"))
                    insert = insert.values(
                        SQLBind(id), SQLBind(caseUUID), SQLBind(manager.id), SQLBind(body), SQLBind(false),
                        SQLBind(Date()))
                }
                try await insert.run()
            }
            let entries = 20_000
            for batch in stride(from: 0, to: entries, by: 500) {
                var insert = sql.insert(into: AuditEntry.schema).columns(
                    "id", "sequence", "occurred_at", "actor_id", "subject_id", "actor_roles", "action",
                    "resource_type", "outcome", "previous_hash", "hash")
                for index in batch..<min(batch + 500, entries) {
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(Int64(1_000_000 + index)), SQLBind(Date()), SQLBind(manager.id),
                        SQLBind(clinician.id), SQLBind("case_manager"), SQLBind("case_viewed"), SQLBind("case"),
                        SQLBind("success"), SQLBind(""), SQLBind(""))
                }
                try await insert.run()
            }
            let admin = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let path = "/api/v1/people/\(clinician.id.uuidString.lowercased())/erasure"
            var started = Date()
            let (previewed, plan, _) = try await CaseAPITests.send(app, .GET, path, token: admin)
            let dryRun = Date().timeIntervalSince(started)
            #expect(previewed == .ok)
            let kinds = plan["kinds"] as? [[String: Any]] ?? []
            #expect(kinds.first { $0["kind"] as? String == "case_notes" }?["rows"] as? Int == notes)
            #expect((kinds.first { $0["kind"] as? String == "audit_entries" }?["rows"] as? Int ?? 0) >= entries)
            started = Date()
            let (erased, _, text) = try await CaseAPITests.send(
                app, .POST, path, token: admin, body: #"{"reason": "Size", "confirm": "\#(clinician.email)"}"#)
            let erasure = Date().timeIntervalSince(started)
            #expect(erased == .ok, "\(text)")
            let left = try await sql.select().column("id").column("body").from(CaseNote.schema).limit(50).all()
            for row in left {
                let id = try row.decode(column: "id", as: UUID.self)
                let body = try cipher.open(
                    try row.decode(column: "body", as: String.self),
                    for: .init(table: CaseNote.schema, recordID: id, field: "body"))
                #expect(body == PersonalDataErasure.erasedText)
            }
            print(
                "erasure: dry run \(String(format: "%.1f", dryRun)) s, erasure of \(notes) notes "
                    + "\(String(format: "%.1f", erasure)) s (\(entries) audit entries kept)")
            #expect(dryRun < 30 && erasure < 60, "even in a debug build")
        }
    }
}
