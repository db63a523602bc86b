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

/// `Idempotency-Key` on the API's POSTs (issue #14 item 4): a retried request never does its work twice.
@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    static let referral = CaseAPITests.referral

    static func post(
        _ app: Application, _ path: String, token: String, key: String?, body: String
    ) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        headers.contentType = .json
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    static func cases(of person: TestPerson, on app: Application) async throws -> Int {
        try await SupportCase.query(on: app.db).filter(\.$clinicianID == person.id).count()
    }

    @Test func aRetryWithTheSameKeyGetsTheFirstAnswerAndCreatesNothingMore() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let key = UUID().uuidString
            let first = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
            #expect(first.status == .created)
            #expect(first.headers.first(name: "Idempotent-Replayed") == nil)
            let again = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
            #expect(again.status == .created)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(again.body.string == first.body.string)
            #expect(again.headers.contentType == first.headers.contentType)
            #expect(try await Self.cases(of: clinician, on: app) == 1)

            // Without a key, or with a new one, the same body is a new request.
            #expect(
                try await Self.post(app, "/api/v1/referrals", token: token, key: nil, body: Self.referral).status
                    == .created)
            #expect(
                try await Self.post(app, "/api/v1/referrals", token: token, key: UUID().uuidString, body: Self.referral)
                    .status == .created)
            #expect(try await Self.cases(of: clinician, on: app) == 3)

            // The kept answer is sealed: its text is not in the table.
            let stored = try await (app.db as! any SQLDatabase).raw(
                "SELECT body FROM idempotent_responses"
            ).all().map { try $0.decode(column: "body", as: String?.self) ?? "" }
            #expect(stored.count == 2)
            #expect(!stored.contains { $0.contains("referred") || $0.contains("API-MARKER") })
        }
    }

    @Test func theSameKeyForAnotherRequestIsAConflictAndDoesNothing() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let key = "retry-me-1"
            #expect(
                try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral).status
                    == .created)
            let other = Self.referral.replacingOccurrences(of: "gpst2", with: "gpst3")
            let refused = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: other)
            #expect(refused.status == .conflict)
            #expect(refused.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(refused.body.string.contains("different request"))
            #expect(try await Self.cases(of: clinician, on: app) == 1)

            // Another person's key of the same text is theirs: it does not collide.
            let colleague = try await app.makePerson([.clinician])
            let theirs = try await CaseAPITests.token(for: colleague, on: app)
            #expect(
                try await Self.post(app, "/api/v1/referrals", token: theirs, key: key, body: Self.referral).status
                    == .created)
            #expect(try await Self.cases(of: colleague, on: app) == 1)
        }
    }

    @Test func aRefusedRequestFreesItsKeyForTheCorrectedOne() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let key = UUID().uuidString
            let wrong = Self.referral.replacingOccurrences(
                of: "\"consentToHold\": true", with: "\"consentToHold\": false")
            let refused = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: wrong)
            #expect(refused.status == .unprocessableEntity)
            let corrected = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
            #expect(corrected.status == .created)
            #expect(corrected.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(try await Self.cases(of: clinician, on: app) == 1)
        }
    }

    @Test func aMalformedKeyIsABadRequest() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            for key in ["has space", String(repeating: "k", count: 256), "naïve"] {
                let answer = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
                #expect(answer.status == .badRequest, "\(key)")
            }
            #expect(IdempotencyKeys.isWellFormed(String(repeating: "k", count: 255)))
            #expect(!IdempotencyKeys.isWellFormed(""))
            #expect(try await Self.cases(of: clinician, on: app) == 0)
        }
    }

    /// Eight copies of one request at once: one runs, the others wait their turn or are told to, and one case exists.
    @Test func concurrentRetriesCreateOnce() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let key = UUID().uuidString
            let statuses = try await withThrowingTaskGroup(of: (HTTPStatus, Bool).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let answer = try await Self.post(
                            app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
                        return (answer.status, answer.headers.first(name: "Idempotent-Replayed") == "true")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == .created && !$0.1 }.count == 1)
            #expect(statuses.allSatisfy { $0.0 == .created || $0.0 == .conflict }, "\(statuses)")
            #expect(try await Self.cases(of: clinician, on: app) == 1)
        }
    }

    /// A first request that stopped part way (the process ended, or a 500) leaves the outcome unknown: the retry is
    /// told so and never runs again; a key still running is a 409 to retry later.
    @Test func aKeyWhoseFirstRequestDidNotFinishIsNeverRunAgain() async throws {
        try await withCairn { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            for (state, words) in [("running", "still being answered"), ("unknown", "failed part way")] {
                let key = "interrupted-\(state)"
                let record = IdempotentResponse(
                    personID: clinician.id, keyHash: IdempotencyKeys.keyHash(key, personID: clinician.id),
                    fingerprint: IdempotencyKeys.fingerprint(
                        method: .POST, url: "/api/v1/referrals", body: Data(Self.referral.utf8)),
                    createdAt: Date())
                record.state = state
                try await record.create(on: app.db)
                let retry = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
                #expect(retry.status == .conflict)
                #expect(retry.body.string.contains(words), "\(retry.body.string)")
            }
            #expect(try await Self.cases(of: clinician, on: app) == 0)
        }
    }

    /// A key lives a day: after that the same key is a new request, and housekeeping deletes what it kept.
    @Test func aKeyIsKeptForADay() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let clinician = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: clinician, on: app)
            let key = UUID().uuidString
            #expect(
                try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral).status
                    == .created)
            clock.advance(by: 23 * 3600)
            let replay = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
            #expect(replay.headers.first(name: "Idempotent-Replayed") == "true")
            try await IdempotentResponse.purge(now: clock.now, on: app.db)
            #expect(try await IdempotentResponse.query(on: app.db).count() == 1)
            clock.advance(by: 2 * 3600)
            try await IdempotentResponse.purge(now: clock.now, on: app.db)
            #expect(try await IdempotentResponse.query(on: app.db).count() == 0)
            let fresh = try await Self.post(app, "/api/v1/referrals", token: token, key: key, body: Self.referral)
            #expect(fresh.status == .created)
            #expect(fresh.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(try await Self.cases(of: clinician, on: app) == 2)
        }
    }
}
