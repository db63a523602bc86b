import CairnCore
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

/// Notes and messages through the API (issue #14): only inside the relationship, sealed, paged.
@Suite("Case notes and messages through the API")
struct CaseConversationAPITests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ token: String, _ body: String? = nil)
        async throws -> (HTTPStatus, [String: Any], String)
    {
        try await CaseAPITests.send(app, method, path, token: token, body: body)
    }

    @Test func notesStayWithTheCaseManagersAndMessagesGoBothWays() async throws {
        try await withCairn { app in
            let (clinician, clinicianToken, id) = try await TriageAPITests.referral(app)
            let manager = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            let colleague = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(try await Self.send(app, .POST, "/api/v1/triage/\(id)/take", manager).0 == .ok)

            let note = #"{"body": "NOTE-MARKER Agreed to look at exam support first."}"#
            let (written, created, text) = try await Self.send(app, .POST, "/api/v1/cases/\(id)/notes", manager, note)
            #expect(written == .created, "\(text)")
            #expect(created["sharedWithClinician"] as? Bool == false)
            let (_, notes, _) = try await Self.send(app, .GET, "/api/v1/cases/\(id)/notes", manager)
            #expect(notes["total"] as? Int == 1)
            #expect(((notes["notes"] as? [[String: Any]])?.first?["body"] as? String)?.hasPrefix("NOTE-MARKER") == true)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)/notes", clinicianToken).0 == .forbidden)
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)/notes", colleague).0 == .notFound)
            #expect(try await Self.send(app, .POST, "/api/v1/cases/\(id)/notes", colleague, note).0 == .notFound)
            let (empty, problem, _) = try await Self.send(
                app, .POST, "/api/v1/cases/\(id)/notes", manager, #"{"body": "  "}"#)
            #expect(empty == .unprocessableEntity)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/body")
            let stored = try await (app.db as! any SQLDatabase).raw("SELECT body FROM case_notes").all()
                .map { try $0.decode(column: "body", as: String.self) }
            #expect(stored.count == 1 && !stored[0].contains("NOTE-MARKER"), "sealed")

            // Messages both ways, each side's email saying only that there is one.
            let (sent, message, _) = try await Self.send(
                app, .POST, "/api/v1/cases/\(id)/messages", manager, #"{"body": "When suits you to talk?"}"#)
            #expect(sent == .created)
            #expect(message["fromClinician"] as? Bool == false)
            let (replied, reply, _) = try await Self.send(
                app, .POST, "/api/v1/referrals/\(id)/messages", clinicianToken, #"{"body": "Tuesday morning."}"#)
            #expect(replied == .created)
            #expect(reply["fromClinician"] as? Bool == true)
            for token in [clinicianToken, manager] {
                let (status, page, _) = try await Self.send(app, .GET, "/api/v1/cases/\(id)/messages", token)
                #expect(status == .ok)
                let bodies = (page["messages"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
                #expect(bodies == ["When suits you to talk?", "Tuesday morning."])
            }
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)/messages", colleague).0 == .notFound)
            #expect(
                try await Self.send(app, .POST, "/api/v1/referrals/\(id)/messages", manager, #"{"body": "x"}"#).0
                    == .forbidden)
            let mail = try await OutboxMessage.query(on: app.db).filter(\.$subject == "You have a new message in Cairn")
                .all()
            #expect(mail.count == 2)
            #expect(!mail.contains { $0.body.contains("Tuesday") || $0.body.contains("suits you") })
            _ = clinician
        }
    }

    @Test func notesPageFiftyAtATimeOldestFirst() async throws {
        try await withCairn { app in
            let (_, _, id) = try await TriageAPITests.referral(app)
            let manager = try await CaseAPITests.token(for: try await app.makePerson([.caseManager]), on: app)
            #expect(try await Self.send(app, .POST, "/api/v1/triage/\(id)/take", manager).0 == .ok)
            for index in 1...55 {
                #expect(
                    try await Self.send(
                        app, .POST, "/api/v1/cases/\(id)/notes", manager, #"{"body": "Note \#(index)"}"#
                    )
                    .0 == .created)
            }
            let (_, first, _) = try await Self.send(app, .GET, "/api/v1/cases/\(id)/notes", manager)
            let (_, second, _) = try await Self.send(app, .GET, "/api/v1/cases/\(id)/notes?page=2", manager)
            #expect(first["total"] as? Int == 55 && first["pageCount"] as? Int == 2)
            #expect((first["notes"] as? [Any])?.count == 50)
            let last = (second["notes"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
            #expect(last == (51...55).map { "Note \($0)" })
            // A page the contract calls invalid is a 400 on every list, this one included (checked once, for all).
            for page in ["0", "100001", "-3"] {
                #expect(
                    try await Self.send(app, .GET, "/api/v1/cases/\(id)/notes?page=\(page)", manager).0 == .badRequest)
                #expect(
                    try await Self.send(app, .GET, "/api/v1/cases/\(id)/messages?page=\(page)", manager).0
                        == .badRequest)
            }
            #expect(try await Self.send(app, .GET, "/api/v1/cases/\(id)/notes?page=100000", manager).0 == .ok)
        }
    }
}
