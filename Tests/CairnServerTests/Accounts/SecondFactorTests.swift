import CairnCore
import Crypto
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnServer

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
}
