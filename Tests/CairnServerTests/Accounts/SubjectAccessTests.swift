import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
import ZIPFoundation

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

/// Subject access (issue #20 item 1): a person's export holds every kind of record the declarations name, opens
/// their own words, follows the organisation's rule for words others wrote, never holds a credential or someone
/// else's words, and is audited; an administrator records requests with their due day and answers them.
@Suite("Subject access export")
struct SubjectAccessTests {
    /// The archive's files by path.
    static func unzip(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files[entry.path] = bytes
        }
        return files
    }

    static func export(_ app: Application, token: String, path: String = "/api/v1/me/data-export") async throws
        -> [String: Data]
    {
        let response = try await app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer \(token)"])
        #expect(response.status == .ok, "\(response.body.string)")
        #expect(response.headers.contentType?.description.hasPrefix("application/zip") == true)
        return try unzip(Data(buffer: response.body))
    }

    static func rows(_ files: [String: Data], _ table: String) throws -> [[String: Any]] {
        let data = try #require(files["data/\(table).json"], "no data/\(table).json")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    static func everything(_ files: [String: Data]) -> String {
        files.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    @Test func everyDeclaredKindIsInTheExportAndNoCredentialEver() async throws {
        try await withCairn { app in
            let person = try await app.makePerson([.clinician], name: "Dr Export Person")
            let token = try await CaseAPITests.token(for: person, on: app)
            let files = try await Self.export(app, token: token)
            let summaryData = try #require(files["summary.json"])
            let summary = try #require(try JSONSerialization.jsonObject(with: summaryData) as? [String: Any])
            let kinds = Set((summary["kinds"] as? [[String: Any]] ?? []).compactMap { $0["table"] as? String })
            // Walked from the declarations: a model that can be about someone and is missing fails here.
            for model in PersonalDataMap.models(of: CairnFeatures.all) where !model.personalData.whose.isEmpty {
                #expect(kinds.contains(model.schema), "\(model.schema) is missing from the export")
                #expect(files["data/\(model.schema).json"] != nil, "no data/\(model.schema).json")
            }
            #expect(
                files["index.html"].map { String(decoding: $0, as: UTF8.self) }?.contains("Dr Export Person") == true)

            let people = try Self.rows(files, "people")
            #expect(people.count == 1)
            #expect(people.first?["email"] as? String == person.email)
            #expect(people.first?["password_hash"] == nil, "a credential is never exported")
            #expect(people.first?["totp_secret"] == nil)
            // The API token made for this test is listed (its label), never its hash.
            let tokens = try Self.rows(files, "api_tokens")
            #expect(tokens.count == 1)
            #expect(tokens.first?["token_hash"] == nil)
            let stored = try #require(try await APIToken.query(on: app.db).first())
            #expect(!Self.everything(files).contains(stored.tokenHash))
        }
    }

    @Test func aClinicianGetsTheirWordsAndTheRuleDecidesWhatOthersWrote() async throws {
        try await withCairn { app in
            let (clinician, clinicianToken, caseID) = try await TriageAPITests.referral(app)
            let manager = try await app.makePerson([.caseManager])
            let managerToken = try await CaseAPITests.token(for: manager, on: app)
            let (took, _, tookText) = try await CaseAPITests.send(
                app, .POST, "/api/v1/triage/\(caseID)/take", token: managerToken)
            #expect(took == .ok || took == .created, "\(tookText)")
            let (noted, _, notedText) = try await CaseAPITests.send(
                app, .POST, "/api/v1/cases/\(caseID)/notes", token: managerToken,
                body: #"{"body": "NOTE-MARKER spoke on the phone"}"#)
            #expect(noted == .created, "\(notedText)")

            // Included by default: their own words and the note about them, opened.
            var files = try await Self.export(app, token: clinicianToken)
            let text = Self.everything(files)
            #expect(text.contains("API-MARKER"), "their own words, opened")
            #expect(text.contains("NOTE-MARKER"), "a note about them, included by default")
            #expect(try Self.rows(files, "cases").count == 1)
            #expect(try Self.rows(files, "case_notes").count == 1)

            // The organisation withholds case notes: the note is listed, its words are not there.
            let admin = try await CaseAPITests.token(for: try await app.makePerson([.admin]), on: app)
            let (set, rules, setText) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/disclosure-rules", token: admin,
                body: #"{"rules": [{"kind": "case_notes", "rule": "withhold"}]}"#)
            #expect(set == .ok, "\(setText)")
            let saved = (rules["rules"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "case_notes" }
            #expect(saved?["rule"] as? String == "withhold")
            files = try await Self.export(app, token: clinicianToken)
            #expect(!Self.everything(files).contains("NOTE-MARKER"))
            #expect(Self.everything(files).contains("API-MARKER"), "their own words stay")
            let note = try #require(try Self.rows(files, "case_notes").first)
            #expect((note["body"] as? [String: Any])?["withheld"] as? Bool == true)
            let index = String(decoding: try #require(files["index.html"]), as: UTF8.self)
            #expect(index.contains("withheld under the organisation"))

            // The case manager's export: their note and actions as facts, never the clinician's words or theirs.
            let managerFiles = try await Self.export(app, token: managerToken)
            let managerText = Self.everything(managerFiles)
            #expect(!managerText.contains("API-MARKER"), "the clinician's words are not the case manager's data")
            #expect(!managerText.contains("NOTE-MARKER"), "words about someone else are withheld")
            #expect(try Self.rows(managerFiles, "case_notes").count == 1)
            #expect(try Self.rows(managerFiles, "cases").isEmpty)

            // Every export is audited, naming whose data it was.
            let audited = try await AuditEntry.query(on: app.db).filter(\.$action == "subject_access_exported")
                .filter(\.$subjectID == clinician.id).count()
            #expect(audited == 2)

            // A kind no rule decides for is refused by name; a clinician may not set rules.
            let (bad, problem, _) = try await CaseAPITests.send(
                app, .PUT, "/api/v1/disclosure-rules", token: admin,
                body: #"{"rules": [{"kind": "people", "rule": "withhold"}]}"#)
            #expect(bad == .unprocessableEntity)
            #expect(PeopleAPITests.fields(problem) == ["/rules/0/kind"])
            #expect(
                try await CaseAPITests.send(app, .GET, "/api/v1/disclosure-rules", token: clinicianToken).0
                    == .forbidden)
        }
    }

    @Test func aMeetingIsInTheExportOfThoseWhoAttendedItOnly() async throws {
        try await withCairn { app in
            let (group, _, _) = try await PeerGroupJourneyTests.startGroup(app, capacity: 5)
            let (_, attended) = try await PeerGroupJourneyTests.join(app, group, name: "Dr Attended")
            let (_, withdrew) = try await PeerGroupJourneyTests.join(app, group, name: "Dr Withdrew")
            let meeting = PeerMeeting()
            meeting.id = UUID()
            meeting.groupID = try group.requireID()
            meeting.day = "2025-06-03"
            meeting.startsAt = Date().addingTimeInterval(-86_400 * 30)
            meeting.minutes = 60
            meeting.status = .held
            meeting.taken = 1
            meeting.themes = "uncertainty"
            meeting.version = 1
            try meeting.seal("RECORD-MARKER what the room talked about", into: \.$record, with: app.cairn.cipher)
            try await meeting.create(on: app.db)
            for (person, status) in [(attended, MeetingPlace.Status.attended), (withdrew, .withdrawn)] {
                let place = MeetingPlace()
                place.id = UUID()
                place.meetingID = try meeting.requireID()
                place.personID = person.id
                place.status = status
                place.askedAt = Date()
                place.presenter = false
                try await place.create(on: app.db)
            }
            let attendedFiles = try await Self.export(
                app, token: try await CaseAPITests.token(for: attended, on: app))
            let meetings = try Self.rows(attendedFiles, "peer_meetings")
            #expect(meetings.count == 1)
            #expect((meetings.first?["record"] as? String)?.contains("RECORD-MARKER") == true)
            let withdrewFiles = try await Self.export(
                app, token: try await CaseAPITests.token(for: withdrew, on: app))
            #expect(try Self.rows(withdrewFiles, "peer_meetings").isEmpty)
            #expect(try Self.rows(withdrewFiles, "peer_meeting_places").count == 1, "their place is theirs")
            #expect(!Self.everything(withdrewFiles).contains("RECORD-MARKER"))
        }
    }

    @Test func anAdministratorRecordsARequestWithItsDueDayAndAnswersIt() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let adminToken = try await CaseAPITests.token(for: admin, on: app)
            let clinician = try await app.makePerson([.clinician])

            // Bad input, each named.
            let (bad, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/subject-access-requests", token: adminToken,
                body: #"{"email": "nobody@example.org", "askedBy": "The person", "receivedOn": "2999-01-01"}"#)
            #expect(bad == .unprocessableEntity)
            #expect(Set(PeopleAPITests.fields(problem)) == ["/email", "/receivedOn"])

            // 31 January: due on the last day of February (one calendar month).
            let body = """
                {"email": "\(clinician.email)", "askedBy": "The person, by letter", "receivedOn": "2026-01-31"}
                """
            let (created, record, text) = try await CaseAPITests.send(
                app, .POST, "/api/v1/subject-access-requests", token: adminToken, body: body)
            #expect(created == .created, "\(text)")
            #expect(record["dueOn"] as? String == "2026-02-28")
            #expect(record["askedBy"] as? String == "The person, by letter")
            #expect(record["overdue"] as? Bool == true)
            let id = try #require(record["id"] as? String)
            let stored = try #require(try await SubjectAccessRequest.find(UUID(uuidString: id), on: app.db))
            #expect(stored.askedBy != "The person, by letter", "who asked is sealed")

            let files = try await Self.export(
                app, token: adminToken, path: "/api/v1/subject-access-requests/\(id)/export")
            let people = try Self.rows(files, "people")
            #expect(people.first?["email"] as? String == clinician.email, "the person's data, not the administrator's")
            let (_, page, _) = try await CaseAPITests.send(
                app, .GET, "/api/v1/subject-access-requests", token: adminToken)
            let listed = try #require((page["requests"] as? [[String: Any]])?.first)
            #expect(listed["answeredAt"] != nil)
            #expect(listed["overdue"] as? Bool == false)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "subject_access_exported")
                    .filter(\.$subjectID == clinician.id).filter(\.$resourceID == id).count() == 1)

            // Only administrators; an unknown request is a 404.
            let clinicianToken = try await CaseAPITests.token(for: clinician, on: app)
            #expect(
                try await CaseAPITests.send(app, .GET, "/api/v1/subject-access-requests", token: clinicianToken).0
                    == .forbidden)
            #expect(
                try await CaseAPITests.send(
                    app, .GET, "/api/v1/subject-access-requests/\(UUID())/export", token: adminToken
                ).0 == .notFound)
        }
    }

    @Test func thePagesRecordKeepWhatWasTypedAndDownload() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let clinician = try await app.makePerson([.clinician])
            let browser = TestBrowser(app)
            try await browser.signIn(admin)
            try await browser.get("/admin/subject-access")
            var page = try await browser.post(
                "/admin/subject-access",
                [("email", "nobody@example.org"), ("askedBy", "A solicitor <b>"), ("receivedOn", "2026-11-02")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("No one in Cairn has that email address"))
            #expect(page.body.contains("A solicitor &lt;b&gt;"), "what was typed comes back, escaped")
            #expect(page.body.contains("href=\"#field-email\""))
            page = try await browser.post(
                "/admin/subject-access",
                [("email", clinician.email), ("askedBy", "The person"), ("receivedOn", "2026-11-02")])
            #expect(page.location == "/admin/subject-access?notice=request-recorded")
            page = try await browser.get("/admin/subject-access")
            #expect(page.body.contains("2 December 2026"), "due one calendar month on")
            let request = try #require(try await SubjectAccessRequest.query(on: app.db).first())
            page = try await browser.post("/admin/subject-access/\(try request.requireID())/export", [])
            #expect(page.status == .ok)
            #expect(page.headers.contentType?.description.hasPrefix("application/zip") == true)
            #expect(page.headers.first(name: .contentDisposition)?.contains("attachment") == true)

            page = try await browser.get("/admin/subject-access/rules")
            #expect(page.body.contains("Case notes"))
            page = try await browser.post("/admin/subject-access/rules", [("case_notes", "withhold")])
            #expect(page.location == "/admin/subject-access/rules?notice=rules-saved")
            let rule = try await DisclosureRule.query(on: app.db).filter(\.$kind == "case_notes").first()
            #expect(rule?.rule == "withhold")

            let own = TestBrowser(app)
            try await own.signIn(clinician)
            page = try await own.get("/account/data")
            #expect(page.body.contains("Download my data"))
            page = try await own.post("/account/data", [])
            #expect(page.status == .ok)
            #expect(page.headers.contentType?.description.hasPrefix("application/zip") == true)
        }
    }
}

/// The demonstration data's busiest people: their exports recounted against the database, kind by kind.
@Suite("Subject access export of the demonstration data")
struct SubjectAccessDemoTests {
    @Test func theBusiestPeopleGetEveryRowTheDeclarationsLinkToThem() async throws {
        try await withCairn(migrate: false) { app in
            _ = try await DemoData.load(into: app)
            let sql = try #require(app.db as? any SQLDatabase)
            let models = PersonalDataMap.models(of: CairnFeatures.all).filter { !$0.personalData.whose.isEmpty }
            // Each model's columns that name a person directly.
            let direct: [(table: String, columns: [String], onlyDirect: Bool)] = models.map { model in
                var columns: [String] = []
                var onlyDirect = true
                for link in model.personalData.whose {
                    switch link {
                    case .person(let key), .participant(let key), .by(let key): columns.append(key.description)
                    case .through, .listedIn: onlyDirect = false
                    }
                }
                return (model.schema, columns, onlyDirect)
            }
            // The people with rows in the most kinds (by direct links), found in SQL.
            var kindsByPerson: [UUID: Int] = [:]
            for kind in direct {
                for column in kind.columns {
                    let rows = try await sql.raw(
                        "SELECT DISTINCT \(ident: column) AS person FROM \(ident: kind.table) WHERE \(ident: column) IS NOT NULL"
                    ).all()
                    for row in rows { kindsByPerson[try row.decode(column: "person", as: UUID.self), default: 0] += 1 }
                }
            }
            let busiest = kindsByPerson.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .prefix(3).map(\.key)
            #expect(busiest.count == 3)
            let admin = try await app.makePerson([.admin])
            let token = try await CaseAPITests.token(for: admin, on: app)
            for personID in busiest {
                let email = try #require(try await Person.find(personID, on: app.db)).email
                let (created, record, text) = try await CaseAPITests.send(
                    app, .POST, "/api/v1/subject-access-requests", token: token,
                    body: #"{"email": "\#(email)", "askedBy": "The person", "receivedOn": "2026-01-05"}"#)
                #expect(created == .created, "\(text)")
                let id = try #require(record["id"] as? String)
                // Recounted in SQL before the export (which adds its own audit entry after the walk).
                var recounts: [String: Int] = [:]
                for kind in direct where !kind.columns.isEmpty {
                    recounts[kind.table] =
                        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                        .from(kind.table)
                        .where { group in
                            for column in kind.columns { group.orWhere(SQLColumn(column), .equal, SQLBind(personID)) }
                            return group
                        }
                        .first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
                }
                let files = try await SubjectAccessTests.export(
                    app, token: token, path: "/api/v1/subject-access-requests/\(id)/export")
                var kindsWithRows = 0
                for kind in direct {
                    let exported = try SubjectAccessTests.rows(files, kind.table).count
                    if exported > 0 { kindsWithRows += 1 }
                    guard let recount = recounts[kind.table] else { continue }
                    if kind.onlyDirect {
                        #expect(
                            exported == recount, "\(kind.table): exported \(exported), the database holds \(recount)")
                    } else {
                        #expect(exported >= recount, "\(kind.table): exported \(exported), directly linked \(recount)")
                    }
                }
                #expect(kindsWithRows >= 5, "a busy person's export holds several kinds")
            }
        }
    }
}

/// A person with a long audit trail (an administrator of years): the export pages through it in SQL.
@Suite("Subject access export at size")
struct SubjectAccessSizeTests {
    @Test func twentyThousandAuditEntriesExportInPagesAndInFull() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let sql = try #require(app.db as? any SQLDatabase)
            let count = 20_000
            let started = Date()
            for batch in stride(from: 0, to: count, by: 500) {
                var insert = sql.insert(into: AuditEntry.schema).columns(
                    "id", "sequence", "occurred_at", "actor_id", "actor_roles", "action", "resource_type", "outcome",
                    "previous_hash", "hash")
                for index in batch..<min(batch + 500, count) {
                    insert = insert.values(
                        SQLBind(UUID()), SQLBind(Int64(1_000_000 + index)), SQLBind(Date()), SQLBind(admin.id),
                        SQLBind("admin"), SQLBind("role_granted"), SQLBind("person"), SQLBind("success"),
                        SQLBind(""), SQLBind(""))
                }
                try await insert.run()
            }
            let inserted = Date().timeIntervalSince(started)
            let token = try await CaseAPITests.token(for: admin, on: app)
            let exportStarted = Date()
            let files = try await SubjectAccessTests.export(app, token: token)
            let exported = Date().timeIntervalSince(exportStarted)
            let entries = try SubjectAccessTests.rows(files, "audit_entries")
            #expect(entries.count >= count)
            print(
                "subject access export: \(entries.count) audit entries in \(String(format: "%.1f", exported)) s"
                    + " (inserted in \(String(format: "%.1f", inserted)) s)")
            #expect(exported < 120, "a long trail exports in reasonable time even in a debug build")
        }
    }
}
