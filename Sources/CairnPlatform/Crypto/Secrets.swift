import Crypto
import Foundation

/// Random tokens for cookies, links and API tokens, and the one-way hash they are stored under.
package enum Secrets {
    /// 256 random bits, URL-safe.
    package static func token(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(raw).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 in hex: tokens are high-entropy, so a plain hash is enough and lookups stay indexable.
    package static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A keyed hash for values that are not secret but personal (addresses, emails in throttle keys).
    package static func pseudonym(_ value: String, pepper: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: pepper)
            .prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
