import CairnCore
import Crypto
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Two-step sign-in")
struct SecondFactorTests {
    /// RFC 6238 appendix B: the seeds are the ASCII digits repeated to the hash's key length.
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    @Test(arguments: [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ])
    func theRFC6238VectorsPass(time: Int, sha1: String, sha256: String, sha512: String) {
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        var totp = TOTP(secret: Self.sha1Seed)
        totp.digits = 8
        #expect(totp.code(atStep: totp.step(at: date)) == sha1)
        var totp256 = TOTP(secret: Self.sha256Seed)
        totp256.digits = 8
        #expect(totp256.code(atStep: totp256.step(at: date), hash: SHA256.self) == sha256)
        var totp512 = TOTP(secret: Self.sha512Seed)
        totp512.digits = 8
        #expect(totp512.code(atStep: totp512.step(at: date), hash: SHA512.self) == sha512)
    }

    @Test func base32RoundTripsAndMatchesRFC4648() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("MZXW6YTBOI") == Array("foobar".utf8))
        let secret = TOTP.newSecret()
        #expect(secret.count == 20)
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test func codesWithinOneStepAreAcceptedAndOlderOnesAreNot() {
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(for: totp.code(atStep: step), at: now, lastUsedStep: nil) == step)
        #expect(totp.matchingStep(for: totp.code(atStep: step - 1), at: now, lastUsedStep: nil) == step - 1)
        #expect(totp.matchingStep(for: totp.code(atStep: step + 1), at: now, lastUsedStep: nil) == step + 1)
        // sixty seconds old is two steps: refused
        #expect(totp.matchingStep(for: totp.code(atStep: step - 2), at: now, lastUsedStep: nil) == nil)
        // a step already used is refused
        #expect(totp.matchingStep(for: totp.code(atStep: step), at: now, lastUsedStep: step) == nil)
        #expect(totp.matchingStep(for: "12 34", at: now, lastUsedStep: nil) == nil)
    }

    @Test func aCodeWorksOnlyOnce() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let manager = try await app.makePerson([.caseManager])
            let code = app.code(for: manager)
            let first = TestBrowser(app)
            try await first.get("/sign-in")
            try await first.post("/sign-in", [("email", manager.email), ("password", manager.password)])
            try await first.get("/sign-in/second-factor")
            #expect(try await first.post("/sign-in/second-factor", [("code", code)]).status == .seeOther)
            // the same code again, from another browser, within the same 30 seconds
            let second = TestBrowser(app)
            try await second.get("/sign-in")
            try await second.post("/sign-in", [("email", manager.email), ("password", manager.password)])
            try await second.get("/sign-in/second-factor")
            let replay = try await second.post("/sign-in/second-factor", [("code", code)])
            #expect(replay.status == .ok)
            #expect(replay.body.contains("The code is not right"))
        }
    }

    @Test func aSixtySecondOldCodeIsRefused() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let manager = try await app.makePerson([.caseManager])
            let old = app.code(for: manager, offsetSteps: -2)
            let browser = TestBrowser(app)
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", [("email", manager.email), ("password", manager.password)])
            try await browser.get("/sign-in/second-factor")
            #expect(try await browser.post("/sign-in/second-factor", [("code", old)]).status == .ok)
        }
    }

    @Test func staffWithoutASecondFactorMustEnrolBeforeAnythingElse() async throws {
        try await withCairn { app in
            // setup: an administrator created without a second factor (as `cairn create-admin` does)
            let admin = try await app.makePerson([.admin], withSecondFactor: false)
            let browser = TestBrowser(app)
            try await browser.get("/sign-in")
            try await browser.post("/sign-in", [("email", admin.email), ("password", admin.password)])
            #expect(try await browser.get("/admin/people").location == "/sign-in/second-factor")
            // act: the enrolment page shows a secret; the app's first code turns it on
            let page = try await browser.get("/sign-in/second-factor")
            #expect(page.body.contains("Set up two-step sign-in"))
            let key = try #require(
                page.body.range(of: #"<code class="secret">"#).map { range in
                    String(page.body[range.upperBound...].prefix { $0 != "<" }).replacingOccurrences(of: " ", with: "")
                })
            let secret = try #require(Base32.decode(key))
            let totp = TOTP(secret: secret)
            let done = try await browser.post(
                "/sign-in/second-factor",
                [("code", totp.code(atStep: totp.step(at: Date()))), ("enrolment", Self.hiddenEnrolment(page.body))])
            // check: recovery codes are shown once, and the administrator is fully signed in
            #expect(done.status == .ok)
            #expect(done.body.contains("Save your recovery codes"))
            #expect(try await RecoveryCode.query(on: app.db).filter(\.$personID == admin.id).count() == 10)
            #expect(try await browser.get("/admin/people").status == .ok)
        }
    }

    @Test func aRecoveryCodeSignsInOnce() async throws {
        try await withCairn { app in
            let manager = try await app.makePerson([.caseManager])
            try await RecoveryCode(
                personID: manager.id, codeHash: Secrets.hash(SecondFactorService.normalise("abcd-efgh-jkmn"))
            )
            .create(on: app.db)
            func attempt() async throws -> TestBrowser.Page {
                let browser = TestBrowser(app)
                try await browser.get("/sign-in")
                try await browser.post("/sign-in", [("email", manager.email), ("password", manager.password)])
                try await browser.get("/sign-in/second-factor")
                return try await browser.post("/sign-in/second-factor", [("code", "ABCD EFGH JKMN")])
            }
            #expect(try await attempt().status == .seeOther)
            #expect(try await attempt().status == .ok)
        }
    }

    @Test func theSecretIsEncryptedAtRest() async throws {
        try await withCairn { app in
            let manager = try await app.makePerson([.caseManager])
            let stored = try #require(try await Person.find(manager.id, on: app.db)?.totpSecret)
            #expect(!stored.contains(Base32.encode(manager.totpSecret!)))
            #expect(stored.hasPrefix("v1."))
        }
    }

    static func hiddenEnrolment(_ body: String) -> String {
        guard let range = body.range(of: #"name="enrolment" value=""#) else { return "" }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }
}

@Suite("Replacing the second factor")
struct SecondFactorReplacementTests {
    @Test func replacingTheAuthenticatorAsksForThePasswordAgain() async throws {
        try await withCairn { app in
            let manager = try await app.makePerson([.caseManager])
            let browser = TestBrowser(app)
            try await browser.signIn(manager)
            let page = try await browser.get("/account/second-factor")
            #expect(page.body.contains("Your password"))
            let key = try #require(
                page.body.range(of: #"<code class="secret">"#).map { range in
                    String(page.body[range.upperBound...].prefix { $0 != "<" }).replacingOccurrences(of: " ", with: "")
                })
            let totp = TOTP(secret: try #require(Base32.decode(key)))
            let code = totp.code(atStep: totp.step(at: Date()))
            let enrolment = SecondFactorTests.hiddenEnrolment(page.body)
            let refused = try await browser.post(
                "/account/second-factor",
                [("code", code), ("enrolment", enrolment), ("currentPassword", "not my password")])
            #expect(refused.body.contains("Enter your password to replace your authenticator"))
            let accepted = try await browser.post(
                "/account/second-factor",
                [("code", code), ("enrolment", enrolment), ("currentPassword", manager.password)])
            #expect(accepted.body.contains("Save your recovery codes"))
        }
    }

    // Issue #11, reproduction 6: the second factor could be guessed at ~27 codes a second without a lock.

    /// Password given, code owed: a half-signed-in browser.
    static func halfSignedIn(_ person: TestPerson, app: Application) async throws -> TestBrowser {
        let browser = TestBrowser(app)
        try await browser.get("/sign-in")
        try await browser.post("/sign-in", [("email", person.email), ("password", person.password)])
        try await browser.get("/sign-in/second-factor")
        return browser
    }

    /// A wrong code that is certainly not one of the accepted steps.
    static func wrongCode(for person: TestPerson, app: Application) -> String {
        let near = (-1...1).map { app.code(for: person, offsetSteps: Int64($0)) }
        return (0..<1_000_000).lazy.map { String(format: "%06d", $0) }.first { !near.contains($0) }!
    }

    @Test func aFewWrongCodesEndTheHalfSignedInSessionAndTheRightCodeNoLongerWorksThere() async throws {
        try await withCairn { app in
            let manager = try await app.makePerson([.caseManager])
            let browser = try await Self.halfSignedIn(manager, app: app)
            let wrong = Self.wrongCode(for: manager, app: app)
            for _ in 0..<(SecondFactorThrottling.wrongCodesPerSession - 1) {
                #expect(try await browser.post("/sign-in/second-factor", [("code", wrong)]).status == .ok)
            }
            let last = try await browser.post("/sign-in/second-factor", [("code", wrong)])
            #expect(last.status == .seeOther)
            #expect(last.location == "/sign-in?notice=second-factor-locked")
            // the session is gone: the code page sends them back to the password, and nothing opens
            #expect(try await browser.get("/sign-in/second-factor").location?.hasPrefix("/sign-in?") == true)
            let right = try await browser.post("/sign-in/second-factor", [("code", app.code(for: manager))])
            #expect(right.location != "/account")
            #expect(try await browser.get("/account").location?.hasPrefix("/sign-in?") == true)
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "second_factor_locked").count() == 1)
        }
    }

    @Test func theAccountLocksAcrossSessionsAndEvenTheRightCodeIsRefusedWhileLocked() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let manager = try await app.makePerson([.caseManager])
            let wrong = Self.wrongCode(for: manager, app: app)
            // act: the attacker knows the password and starts a fresh half-signed-in session after each few guesses
            var failures = 0
            while failures < app.cairn.configuration.security.lockAfterFailures {
                let browser = try await Self.halfSignedIn(manager, app: app)
                for _ in 0..<2 where failures < app.cairn.configuration.security.lockAfterFailures {
                    _ = try await browser.post("/sign-in/second-factor", [("code", wrong)])
                    failures += 1
                }
            }
            // check: a new session with the right password and the right code is still refused
            let honest = try await Self.halfSignedIn(manager, app: app)
            let refused = try await honest.post("/sign-in/second-factor", [("code", app.code(for: manager))])
            #expect(refused.location == "/sign-in?notice=second-factor-locked")
            // after the lock period the right code works again
            clock.advance(by: app.cairn.configuration.security.lockDuration + 1)
            let later = try await Self.halfSignedIn(manager, app: app)
            let accepted = try await later.post("/sign-in/second-factor", [("code", app.code(for: manager))])
            #expect(accepted.status == .seeOther)
            #expect(accepted.location?.hasPrefix("/sign-in") == false)
        }
    }

    @Test func wrongCodesWaitLongerEachTime() async throws {
        let pauses = PauseRecorder()
        let collaborators = Collaborators(now: { Date() }, newID: { UUID() }, pause: { await pauses.record($0) })
        try await withCairn(collaborators: collaborators) { app in
            let manager = try await app.makePerson([.caseManager])
            let browser = try await Self.halfSignedIn(manager, app: app)
            let wrong = Self.wrongCode(for: manager, app: app)
            for _ in 0..<4 { _ = try await browser.post("/sign-in/second-factor", [("code", wrong)]) }
            let waited = await pauses.all
            #expect(waited.suffix(4) == [.zero, .zero, .zero, .seconds(1)])
        }
    }

    @Test func aHalfSignedInSessionExpiresAfterAFewMinutes() async throws {
        let clock = TestClock()
        try await withCairn(collaborators: .testing(clock: clock)) { app in
            let manager = try await app.makePerson([.caseManager])
            let browser = try await Self.halfSignedIn(manager, app: app)
            clock.advance(by: SecondFactorThrottling.halfSignedInLifetime + 1)
            // the half-signed-in session is gone: back to the password
            #expect(try await browser.get("/sign-in/second-factor").location?.hasPrefix("/sign-in?") == true)
            let late = try await browser.post("/sign-in/second-factor", [("code", app.code(for: manager))])
            #expect(late.location != "/account")
            #expect(try await browser.get("/account").location?.hasPrefix("/sign-in?") == true)
        }
    }
}

actor PauseRecorder {
    private(set) var all: [Duration] = []
    func record(_ duration: Duration) { all.append(duration) }
}
