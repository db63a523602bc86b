/// What makes a password acceptable (SECURITY.md §1–2, NIST SP 800-63B): long enough, not common, not
/// about the service or the person. No composition rules and no forced expiry.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    /// Bcrypt reads 72 bytes; longer passwords are pre-hashed, so this cap only stops abuse.
    public var maximumLength: Int

    public init(minimumLength: Int = 12, maximumLength: Int = 256) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    public enum Problem: Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case tooCommon
        case containsPersonalDetail

        /// What a person is told, in plain English.
        public var message: String {
            switch self {
            case .tooShort(let minimum): "Password must be at least \(minimum) characters long"
            case .tooLong(let maximum): "Password must be \(maximum) characters or fewer"
            case .tooCommon: "Password is too common and easy to guess; try a few unrelated words together"
            case .containsPersonalDetail: "Password must not contain your email address or name"
            }
        }
    }

    /// The first problem with `password`, or nil when it is acceptable.
    public func problem(with password: String, email: String = "", name: String = "") -> Problem? {
        let length = password.count
        if length < minimumLength { return .tooShort(minimum: minimumLength) }
        if length > maximumLength { return .tooLong(maximum: maximumLength) }
        let lowered = password.lowercased()
        if Self.isCommon(lowered) { return .tooCommon }
        let localPart = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        let personal = [localPart] + name.lowercased().split(separator: " ").map(String.init)
        if personal.contains(where: { $0.count >= 4 && lowered.contains($0) }) { return .containsPersonalDetail }
        return nil
    }

    /// Common means: on the list, on the list with digits or symbols around it, one repeated character,
    /// or a run along the keyboard or the alphabet.
    static func isCommon(_ lowered: String) -> Bool {
        if CommonPasswords.list.contains(lowered) { return true }
        let core = lowered.trimmingCharacters(in: Self.decoration)
        if core.isEmpty || CommonPasswords.list.contains(core) || CommonPasswords.words.contains(core) { return true }
        if Set(lowered).count <= 2 { return true }
        return Self.isSequence(lowered)
    }

    private static let decoration = Set<Character>("0123456789!@#$%^&*()_-+=.,?~ ")

    private static func isSequence(_ text: String) -> Bool {
        let runs = ["abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1234567890", "0987654321"]
        return runs.contains { run in
            let doubled = run + run
            return doubled.contains(text) || String(doubled.reversed()).contains(text)
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
