import CairnPlatform
import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238): 30-second steps, 6 digits, HMAC-SHA-1, one step of drift either way,
/// and each step accepted once (the caller keeps the last step used).
public struct TOTP: Sendable {
    public var secret: [UInt8]
    public var digits = 6
    public var period: TimeInterval = 30

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A new 160-bit secret (RFC 4226 recommends at least 128, SECURITY.md §4 asks for 160).
    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / period).rounded(.down))
    }

    public func code(atStep step: Int64) -> String {
        code(atStep: step, hash: Insecure.SHA1.self)
    }

    /// The code for a step with a given hash function (the RFC's vectors also cover SHA-256 and SHA-512).
    public func code<H: HashFunction>(atStep step: Int64, hash: H.Type) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<H>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let truncated =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(truncated % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step a code matches within ±1 step of `date`, if it is later than `lastUsedStep`.
    public func matchingStep(for code: String, at date: Date, lastUsedStep: Int64?) -> Int64? {
        let candidate = code.filter { !$0.isWhitespace }
        guard candidate.count == digits, candidate.allSatisfy(\.isASCII), candidate.allSatisfy(\.isNumber) else {
            return nil
        }
        let now = step(at: date)
        for step in [now - 1, now, now + 1] where step > (lastUsedStep ?? .min) {
            if constantTimeEqual(self.code(atStep: step), candidate) { return step }
        }
        return nil
    }

    /// The `otpauth://` URI authenticator apps read (from a QR code or typed in).
    public func provisioningURI(account: String, issuer: String) -> String {
        var components = URLComponents()
        components.scheme = "otpauth"
        components.host = "totp"
        components.path = "/\(issuer):\(account)"
        components.queryItems = [
            URLQueryItem(name: "secret", value: Base32.encode(secret)),
            URLQueryItem(name: "issuer", value: issuer),
            URLQueryItem(name: "algorithm", value: "SHA1"),
            URLQueryItem(name: "digits", value: String(digits)),
            URLQueryItem(name: "period", value: String(Int(period))),
        ]
        return components.string ?? ""
    }
}

/// Compares without stopping at the first difference, so timing says nothing about how much matched.
public func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let a = Array(lhs.utf8)
    let b = Array(rhs.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}

/// RFC 4648 base32, as authenticator apps expect secrets.
public enum Base32 {
    package static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: output, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: "=") && character != UInt8(ascii: " ") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
