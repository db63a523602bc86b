import CairnPlatform
import Foundation
import JWTKit
import NIOCore
import Vapor

/// Why a sign-in through the provider did not happen, in words for the person and a code for the audit trail.
package struct SingleSignOnRefusal: Error, Sendable, Equatable {
    /// A short code (the audit trail and the log), never the token or its claims.
    package var code: String
    /// What the sign-in page says.
    package var message: String

    package init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    static let tryAgain = "Go back and try signing in again."

    package static func provider(_ code: String) -> Self {
        Self(code, "Your organisation's sign-in service did not answer as expected. " + tryAgain)
    }

    package static func token(_ code: String) -> Self {
        Self(
            code,
            "Your organisation's sign-in service sent an answer Cairn cannot trust, so you are not signed in. "
                + tryAgain)
    }
}

/// The ID token's claims Cairn reads (OpenID Connect Core §2). The signature is checked by JWTKit against the
/// provider's published keys; every claim is then checked by `IDTokenCheck` (issuer, audience, times, nonce),
/// against the app's clock and the sign-in under way, which a payload's own `verify` cannot see.
package struct IDTokenClaims: JWTPayload, Equatable {
    package var iss: String
    package var sub: String
    package var aud: AudienceClaim
    package var exp: ExpirationClaim
    package var iat: IssuedAtClaim
    package var nonce: String?
    package var azp: String?
    package var amr: [String]?
    package var email: String?
    package var emailVerified: BoolClaim?
    package var name: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nonce, azp, amr, email, name
        case emailVerified = "email_verified"
    }

    /// Nothing here: see `IDTokenCheck`, which runs on every token this type decodes.
    package func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The checks of OpenID Connect Core §3.1.3.7 after the signature: one place, so no call site forgets one.
package enum IDTokenCheck {
    /// Clocks differ a little between machines.
    package static let leeway: TimeInterval = 60
    /// An ID token issued longer ago than this is not a fresh sign-in.
    package static let maximumAge: TimeInterval = 600

    package static func check(
        _ claims: IDTokenClaims, issuer: String, clientID: String, nonceHash: String, now: Date
    ) throws(SingleSignOnRefusal) {
        guard claims.iss == issuer else { throw .token("wrong_issuer") }
        // The token must be for Cairn, and for no one else besides (§3.1.3.7 items 3 to 5).
        guard claims.aud.value == [clientID] else { throw .token("wrong_audience") }
        if let azp = claims.azp, azp != clientID { throw .token("wrong_authorised_party") }
        guard claims.exp.value.addingTimeInterval(leeway) > now else { throw .token("expired") }
        guard claims.iat.value <= now.addingTimeInterval(leeway),
            claims.iat.value.addingTimeInterval(maximumAge + leeway) > now
        else { throw .token("issued_at_out_of_range") }
        // The nonce ties the token to this browser's sign-in: a token from another sign-in (replayed) differs.
        guard let nonce = claims.nonce, Secrets.hash(nonce) == nonceHash else { throw .token("nonce_mismatch") }
        guard !claims.sub.isEmpty, claims.sub.count <= 255 else { throw .token("bad_subject") }
    }
}

/// The organisation's OpenID provider as Cairn talks to it: its discovery document and keys (read once, the keys
/// again when a token names one not seen), the code exchange and the user-info endpoint. One per process.
package actor OpenIDProvider {
    package struct Metadata: Decodable, Sendable {
        package var issuer: String
        package var authorizationEndpoint: String
        package var tokenEndpoint: String
        package var jwksURI: String
        package var userinfoEndpoint: String?
        package var endSessionEndpoint: String?

        enum CodingKeys: String, CodingKey {
            case issuer
            case authorizationEndpoint = "authorization_endpoint"
            case tokenEndpoint = "token_endpoint"
            case jwksURI = "jwks_uri"
            case userinfoEndpoint = "userinfo_endpoint"
            case endSessionEndpoint = "end_session_endpoint"
        }
    }

    package struct TokenResponse: Decodable, Sendable {
        package var idToken: String?
        package var accessToken: String?

        enum CodingKeys: String, CodingKey {
            case idToken = "id_token"
            case accessToken = "access_token"
        }
    }

    /// The user-info claims Cairn reads when the ID token does not carry them.
    package struct UserInfo: Decodable, Sendable {
        package var sub: String
        package var email: String?
        package var emailVerified: BoolClaim?
        package var name: String?

        enum CodingKeys: String, CodingKey {
            case sub, email, name
            case emailVerified = "email_verified"
        }
    }

    package let settings: SingleSignOnSettings
    private var metadata: Metadata?
    private var keys: JWTKeyCollection?
    private var keysReadAt: Date?
    private static let timeout: TimeAmount = .seconds(10)
    /// Keys are read again at most this often when a token does not verify (a provider rotating its keys).
    private static let keyRefreshInterval: TimeInterval = 60

    package init(settings: SingleSignOnSettings) {
        self.settings = settings
    }

    /// The issuer as its tokens say it: exactly the configured text without a trailing slash.
    package nonisolated var issuer: String {
        let text = settings.issuer.absoluteString
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    package func metadata(client: any Client) async throws(SingleSignOnRefusal) -> Metadata {
        if let metadata { return metadata }
        let found: Metadata = try await Self.json(
            client: client, ClientRequest(method: .GET, url: URI(string: issuer + "/.well-known/openid-configuration")),
            code: "discovery_failed")
        // Discovery must describe the issuer configured (OpenID Connect Discovery §4.3).
        let said = found.issuer.hasSuffix("/") ? String(found.issuer.dropLast()) : found.issuer
        guard said == issuer else { throw .provider("discovery_issuer_mismatch") }
        metadata = found
        return found
    }

    /// Exchanges the code for tokens (client_secret_basic, with the PKCE verifier).
    package func exchange(code: String, verifier: String, redirectURI: String, client: any Client)
        async throws(SingleSignOnRefusal) -> TokenResponse
    {
        let endpoints = try await metadata(client: client)
        var request = ClientRequest(method: .POST, url: URI(string: endpoints.tokenEndpoint))
        let credentials = Self.formEncode(settings.clientID) + ":" + Self.formEncode(settings.clientSecret)
        request.headers.replaceOrAdd(
            name: .authorization, value: "Basic " + Data(credentials.utf8).base64EncodedString())
        request.headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        request.headers.replaceOrAdd(name: .accept, value: "application/json")
        let form = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("code_verifier", verifier),
        ]
        request.body = ByteBuffer(
            string: form.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&"))
        return try await Self.json(client: client, request, code: "token_exchange_failed")
    }

    package func userInfo(accessToken: String, client: any Client) async throws(SingleSignOnRefusal) -> UserInfo? {
        guard let endpoint = try await metadata(client: client).userinfoEndpoint else { return nil }
        var request = ClientRequest(method: .GET, url: URI(string: endpoint))
        request.headers.bearerAuthorization = BearerAuthorization(token: accessToken)
        return try await Self.json(client: client, request, code: "userinfo_failed")
    }

    /// The token's signature against the provider's published keys (RS256/ES256 and the like: never `none`, never a
    /// shared-secret algorithm, since only the provider's public keys are known). Claims are not checked here.
    package func verifySignature(of idToken: String, client: any Client, now: Date)
        async throws(SingleSignOnRefusal) -> IDTokenClaims
    {
        let collection = try await keyCollection(client: client, refresh: false, now: now)
        do {
            return try await collection.verify(idToken, as: IDTokenClaims.self)
        } catch {
            // A key rotated at the provider since they were read: read them once more, then decide.
            guard let readAt = keysReadAt, now.timeIntervalSince(readAt) > Self.keyRefreshInterval else {
                throw .token("bad_signature")
            }
            let fresh = try await keyCollection(client: client, refresh: true, now: now)
            do { return try await fresh.verify(idToken, as: IDTokenClaims.self) } catch {
                throw .token("bad_signature")
            }
        }
    }

    private func keyCollection(client: any Client, refresh: Bool, now: Date) async throws(SingleSignOnRefusal)
        -> JWTKeyCollection
    {
        if let keys, !refresh { return keys }
        let endpoints = try await metadata(client: client)
        let set: JWKS = try await Self.json(
            client: client, ClientRequest(method: .GET, url: URI(string: endpoints.jwksURI)), code: "keys_failed")
        let collection = JWTKeyCollection()
        for key in set.keys where key.keyIdentifier != nil {
            // Keys for encryption, or of a kind JWTKit does not sign with, are not for ID tokens.
            _ = try? await collection.add(jwk: key)
        }
        keys = collection
        keysReadAt = now
        return collection
    }

    private static func json<Value: Decodable>(client: any Client, _ request: ClientRequest, code: String)
        async throws(SingleSignOnRefusal) -> Value
    {
        var request = request
        request.timeout = timeout
        if request.headers.first(name: .accept) == nil {
            request.headers.replaceOrAdd(name: .accept, value: "application/json")
        }
        let response: ClientResponse
        do { response = try await client.send(request) } catch { throw .provider(code + "_unreachable") }
        guard response.status == .ok, let body = response.body else {
            throw .provider(code + "_status_\(response.status.code)")
        }
        do { return try JSONDecoder().decode(Value.self, from: Data(buffer: body)) } catch {
            throw .provider(code + "_unreadable")
        }
    }

    /// application/x-www-form-urlencoded for one name or value (RFC 6749 appendix B).
    package static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension Application {
    private struct OpenIDProviderKey: StorageKey {
        typealias Value = OpenIDProvider
    }

    /// The process's provider client when single sign-on is configured; made once before the service answers
    /// (`AccountsFeature.prepare`), only read afterwards.
    package var openIDProvider: OpenIDProvider? {
        get { storage[OpenIDProviderKey.self] }
        set { storage[OpenIDProviderKey.self] = newValue }
    }
}
