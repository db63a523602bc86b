/// The reference a clinician quotes: short, easy to read aloud, not guessable (40 random bits in Crockford's
/// base32, which has no I, L, O or U to misread). It names a referral; it never grants access to one.
public enum ReferralReference {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func generate<R: RandomNumberGenerator>(using generator: inout R) -> String {
        let characters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(characters[0..<4]) + "-" + String(characters[4..<8])
    }

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// Accepts what people type: lower case, spaces, O for 0 and I or L for 1.
    public static func normalise(_ typed: String) -> String? {
        let mapped = typed.uppercased().compactMap { character -> Character? in
            switch character {
            case "O": "0"
            case "I", "L": "1"
            case " ", "-": nil
            default: character
            }
        }
        guard mapped.count == 8, mapped.allSatisfy(alphabet.contains) else { return nil }
        return String(mapped[0..<4]) + "-" + String(mapped[4..<8])
    }
}
