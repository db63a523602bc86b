import CairnCore
import Fluent
import Foundation
import JWTKit
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer

/// Single sign-on's own rules, without a provider (issue #20 item 5). The whole flow against a real provider
/// (django-oidc-provider), with the bad tokens it is made to send, is the browser journey `test_single_sign_on.py`.
@Suite("Single sign-on")
struct SingleSignOnTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func claims(
        iss: String = "https://login.example.nhs.uk", aud: [String] = ["cairn"], azp: String? = nil,
        exp: TimeInterval = 300, iat: TimeInterval = -5, nonce: String? = "n-1"
    ) -> IDTokenClaims {
        IDTokenClaims(
            iss: iss, sub: "subject-1", aud: AudienceClaim(value: aud),
            exp: ExpirationClaim(value: now.addingTimeInterval(exp)),
            iat: IssuedAtClaim(value: now.addingTimeInterval(iat)),
            nonce: nonce, azp: azp, amr: nil, email: nil, emailVerified: nil, name: nil)
    }

    static func check(_ claims: IDTokenClaims) -> String? {
        do {
            try IDTokenCheck.check(
                claims, issuer: "https://login.example.nhs.uk", clientID: "cairn", nonceHash: Secrets.hash("n-1"),
                now: now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func everyClaimIsChecked() {
        #expect(Self.check(Self.claims()) == nil)
        #expect(Self.check(Self.claims(azp: "cairn")) == nil)
        #expect(Self.check(Self.claims(iss: "https://login.example.nhs.uk/other")) == "wrong_issuer")
        #expect(Self.check(Self.claims(aud: ["another-service"])) == "wrong_audience")
        // Cairn among others is not enough: a token for several parties is for none of them here.
        #expect(Self.check(Self.claims(aud: ["cairn", "another-service"])) == "wrong_audience")
        #expect(Self.check(Self.claims(azp: "another-service")) == "wrong_authorised_party")
        #expect(Self.check(Self.claims(exp: -61)) == "expired")
        #expect(Self.check(Self.claims(exp: -30)) == nil)  // within a minute's clock difference
        #expect(Self.check(Self.claims(iat: 120)) == "issued_at_out_of_range")
        #expect(Self.check(Self.claims(exp: 3_600, iat: -3_600)) == "issued_at_out_of_range")
        #expect(Self.check(Self.claims(nonce: "n-2")) == "nonce_mismatch")
        #expect(Self.check(Self.claims(nonce: nil)) == "nonce_mismatch")
    }

    @Test func withoutAProviderThereIsNoSingleSignOn() async throws {
        try await withCairn { app in
            let browser = TestBrowser(app)
            let page = try await browser.get("/sign-in")
            #expect(!page.body.contains("single-sign-on"))
            #expect(page.headers.first(name: "Content-Security-Policy")?.hasSuffix("form-action 'self'") == true)
            #expect(try await browser.get("/sign-in/single-sign-on").status == .notFound)
            #expect(try await browser.get("/sign-in/single-sign-on/callback?state=a&code=b").status == .notFound)
        }
    }

    /// A provider that does not answer (nothing listens on port 9 here).
    static func unreachable(_ configuration: inout CairnConfiguration) {
        configuration.singleSignOn = SingleSignOnSettings(
            issuer: URL(string: "http://127.0.0.1:9/openid")!, clientID: "cairn", clientSecret: "secret",
            name: "NHSmail", multiFactorMethods: ["mfa"])
    }

    @Test func aProviderThatDoesNotAnswerIsSaidPlainly() async throws {
        try await withCairn(configure: Self.unreachable) { app in
            let browser = TestBrowser(app)
            let page = try await browser.get("/sign-in")
            #expect(page.body.contains("Sign in with NHSmail"))
            // A form's answer may lead to the provider (signing out goes on to its sign-out), and nowhere else.
            let policy = page.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(policy.hasSuffix("form-action 'self' http://127.0.0.1:9"))
            let begun = try await browser.get("/sign-in/single-sign-on")
            #expect(begun.status == .serviceUnavailable)
            #expect(begun.body.contains("did not answer as expected"))
            #expect(try await SingleSignOnAttempt.query(on: app.db).count() == 0)
        }
    }

    /// An answer is used once, by the browser that began the sign-in, while it lasts; each refusal is audited.
    @Test func anAnswerIsUsedOnceByItsOwnBrowser() async throws {
        let clock = TestClock(Self.now)
        try await withCairn(configure: Self.unreachable, collaborators: .testing(clock: clock)) { app in
            let verifier = "verifier-" + Secrets.token()
            try await SingleSignOnAttempt(
                id: UUID(), stateHash: Secrets.hash("state-1"), verifierHash: Secrets.hash(verifier),
                nonceHash: Secrets.hash("nonce-1"), nextPath: "/account", now: Self.now, lifetime: 600
            ).create(on: app.db)
            let answer = "/sign-in/single-sign-on/callback?state=state-1&code=code-1"

            // Another browser (no cookie, or someone else's): refused, and the sign-in is still unused.
            let stranger = TestBrowser(app)
            var page = try await stranger.get(answer)
            #expect(page.status == .badRequest && page.body.contains("not begun in this browser"))
            stranger.setCookie("cairn_sso", "someone-else")
            page = try await stranger.get(answer)
            #expect(page.status == .badRequest && page.body.contains("already been used"))
            #expect(try await SingleSignOnAttempt.query(on: app.db).filter(\.$usedAt == nil).count() == 1)

            // Its own browser: the sign-in is used (the provider cannot be reached, so no one is signed in)…
            let own = TestBrowser(app)
            own.setCookie("cairn_sso", verifier)
            page = try await own.get(answer)
            #expect(page.status == .badRequest && page.body.contains("did not answer as expected"))
            #expect(page.headers[.setCookie].contains { $0.hasPrefix("cairn_sso=;") || $0.contains("Max-Age=0") })
            #expect(try await SingleSignOnAttempt.query(on: app.db).filter(\.$usedAt == nil).count() == 0)
            // …and never again, cookie or not.
            own.setCookie("cairn_sso", verifier)
            page = try await own.get(answer)
            #expect(page.status == .badRequest && page.body.contains("already been used"))
            #expect(own.sessionCookie == nil)

            // A sign-in left too long at the provider has lapsed.
            let late = "late-" + Secrets.token()
            try await SingleSignOnAttempt(
                id: UUID(), stateHash: Secrets.hash("state-2"), verifierHash: Secrets.hash(late),
                nonceHash: Secrets.hash("nonce-2"), nextPath: nil, now: Self.now, lifetime: 600
            ).create(on: app.db)
            clock.advance(by: 601)
            own.setCookie("cairn_sso", late)
            page = try await own.get("/sign-in/single-sign-on/callback?state=state-2&code=code-2")
            #expect(page.status == .badRequest && page.body.contains("took too long"))

            // The provider's own "no" is said, and nothing is half-done.
            page = try await own.get("/sign-in/single-sign-on/callback?error=access_denied&state=x")
            #expect(page.status == .badRequest && page.body.contains("access_denied"))
            page = try await own.get("/sign-in/single-sign-on/callback")
            #expect(page.status == .badRequest)

            let reasons = try await AuditEntry.query(on: app.db).filter(\.$action == "single_sign_on_refused").count()
            #expect(reasons == 7)
        }
    }
}
