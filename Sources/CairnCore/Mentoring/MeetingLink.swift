/// The address of a video meeting, as a pair stores it: `https://`, a host name, and a path and query made only of
/// the characters a URL may hold unescaped (RFC 3986), with `%` only as an escape of two hex digits. Quotes, angle
/// brackets, spaces, backslashes and control characters are refused where the address is typed, not only escaped
/// where it is shown.
public enum MeetingLink {
    public static let maximumLength = 500

    private static let hostCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
    private static let pathCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,;=:@/?")
    private static let hexDigits = Set("0123456789abcdefABCDEF")

    public static func isAcceptable(_ address: String) -> Bool {
        guard address.count <= maximumLength, address.hasPrefix("https://") else { return false }
        let rest = Array(address.dropFirst("https://".count))
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == ":" } ?? rest.endIndex
        let host = rest[..<hostEnd]
        guard let first = host.first, first.isASCII, first.isLetter || first.isNumber,
            host.allSatisfy(hostCharacters.contains)
        else { return false }
        var index = hostEnd
        while index < rest.endIndex {
            let character = rest[index]
            if character == "%" {
                guard index + 2 < rest.endIndex, hexDigits.contains(rest[index + 1]),
                    hexDigits.contains(rest[index + 2])
                else { return false }
                index += 3
                continue
            }
            guard pathCharacters.contains(character) else { return false }
            index += 1
        }
        return true
    }
}
