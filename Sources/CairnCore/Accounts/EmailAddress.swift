/// The one check of an email address as typed: one "@", something before it, a dotted domain, no spaces.
public enum EmailAddress {
    /// Whether `text` (already trimmed) reads as an address mail can be sent to.
    public static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return text.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !text.contains(where: \.isWhitespace)
    }

    public static let formatProblem = "Enter an email address in the correct format, like name@example.org"
}
