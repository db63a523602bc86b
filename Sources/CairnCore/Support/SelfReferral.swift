import Foundation

/// A clinician's own request for support, asked one thing per page (DOMAIN.md §1, issue #6).
///
/// Every answer is optional while it is a draft; `problems(in:)` says what a step still needs, in words for
/// the person filling it in. Nothing here blocks someone who says they are at risk: that answer shows urgent
/// help at once and the referral goes on.
public struct SelfReferral: Codable, Sendable, Equatable {
    // About you
    public var profession: String?
    public var grade: String?
    public var specialty: String?
    public var employer: String?
    public var region: String?
    public var registrationNumber: String?
    public var qualificationCountry: String?
    // What is happening
    public var reasons: [String]?
    public var otherReason: String?
    public var transition: String?
    // In your own words
    public var ownWords: String?
    public var whatWouldHelp: String?
    // Safety
    public var atRisk: String?
    // Contact
    public var contactBy: String?
    public var phone: String?
    public var contactTimes: String?
    // Consent
    public var consentToHold: String?
    public var shareWithEducator: String?
    public var educatorName: String?
    public var educatorEmail: String?
    /// The educator's suggestion this request follows, when it began as one.
    public var suggestionID: String?

    public init() {}

    /// The wording the clinician agreed to; stored with the referral, so a later change of words is visible.
    public static let consentWording =
        "consent-2026-11: Cairn holds what you tell us to give you support. "
        + "It is seen only by the people supporting you, and never shared with your supervisor, employer or "
        + "regulator unless you agree or the law requires it."

    public enum Step: String, CaseIterable, Codable, Sendable {
        case aboutYou = "about-you"
        case whatIsHappening = "what-is-happening"
        case yourWords = "in-your-own-words"
        case safety = "are-you-safe"
        case contact = "contact"
        case consent = "consent"

        public var title: String {
            switch self {
            case .aboutYou: "About you"
            case .whatIsHappening: "What is happening"
            case .yourWords: "In your own words"
            case .safety: "Are you safe right now?"
            case .contact: "How we should contact you"
            case .consent: "Your consent"
            }
        }

        public var next: Step? {
            let all = Step.allCases
            let index = all.firstIndex(of: self)!
            return index + 1 < all.count ? all[index + 1] : nil
        }

        public var previous: Step? {
            let all = Step.allCases
            let index = all.firstIndex(of: self)!
            return index > 0 ? all[index - 1] : nil
        }
    }

    public struct Problem: Equatable, Sendable {
        public var field: String
        public var message: String
    }

    /// Countries counted as UK qualification; any other answer marks an international graduate.
    static let ukNames: Set<String> = [
        "united kingdom", "uk", "england", "scotland", "wales", "northern ireland", "great britain",
    ]

    public var isInternationalGraduate: Bool {
        guard let country = qualificationCountry?.trimmed, !country.isEmpty else { return false }
        if let known = Country.exactly(country) { return known.alpha2 != "GB" }
        return !Self.ukNames.contains(country.lowercased())
    }

    public var saysAtRisk: Bool { atRisk == "no" }

    public var chosenReasons: [ReferralReason] { (reasons ?? []).compactMap(ReferralReason.init(rawValue:)) }

    public func problems(in step: Step) -> [Problem] {
        var problems: [Problem] = []
        func need(_ value: String?, _ field: String, _ message: String) {
            if (value?.trimmed ?? "").isEmpty { problems.append(Problem(field: field, message: message)) }
        }
        // Counted in Unicode scalars, as JSON Schema's maxLength counts, so the API and the pages agree.
        func limit(_ value: String?, _ field: String, _ name: String, _ maximum: Int) {
            if let value, value.unicodeScalars.count > maximum {
                problems.append(Problem(field: field, message: "\(name) must be \(maximum) characters or fewer"))
            }
        }
        switch step {
        case .aboutYou:
            if Profession(rawValue: profession ?? "") == nil {
                problems.append(Problem(field: "profession", message: "Select your profession"))
            }
            if let chosen = Grade(rawValue: grade ?? "") {
                if let profession = Profession(rawValue: profession ?? ""), !profession.grades.contains(chosen) {
                    problems.append(
                        Problem(field: "grade", message: "Select a grade or role of a \(profession.title.lowercased())")
                    )
                }
            } else {
                problems.append(Problem(field: "grade", message: "Select your grade or role"))
            }
            if let region, !region.isEmpty, Region(rawValue: region) == nil {
                problems.append(Problem(field: "region", message: "Select the region you work in"))
            }
            need(
                qualificationCountry, "qualificationCountry",
                "Select the country where you gained your primary qualification")
            // Exactly a name of the list (or its ISO code), as the form's list and the API's enum send it.
            if let country = qualificationCountry, !country.trimmed.isEmpty, Country.exactly(country) == nil {
                problems.append(
                    Problem(
                        field: "qualificationCountry",
                        message: "Select the country where you gained your primary qualification from the list"))
            }
            // Blank means only spaces, as the contract's pattern says (a tab is not blank: it is refused).
            if let number = registrationNumber, !number.unicodeScalars.allSatisfy({ $0 == " " }),
                let register = Profession(rawValue: profession ?? "")?.register, register.normalised(number) == nil
            {
                problems.append(
                    Problem(field: "registrationNumber", message: "Enter your \(register.form), or leave it empty"))
            }
            limit(specialty, "specialty", "Specialty", 120)
            limit(employer, "employer", "Employer", 160)
            limit(registrationNumber, "registrationNumber", "Registration number", 20)
            limit(qualificationCountry, "qualificationCountry", "Country", 80)
        case .whatIsHappening:
            let given = reasons ?? []
            if chosenReasons.isEmpty || chosenReasons.count != given.count || Set(given).count != given.count {
                problems.append(Problem(field: "reasons", message: "Select at least one thing that is happening"))
            }
            if chosenReasons.contains(.other) { need(otherReason, "otherReason", "Tell us what else is happening") }
            limit(otherReason, "otherReason", "What else is happening", 500)
            limit(transition, "transition", "The transition", 500)
        case .yourWords:
            need(ownWords, "ownWords", "Tell us, in your own words, what is happening")
            limit(ownWords, "ownWords", "This answer", 5_000)
            limit(whatWouldHelp, "whatWouldHelp", "What would help", 2_000)
        case .safety:
            if !["yes", "no", "unsure"].contains(atRisk ?? "") {
                problems.append(Problem(field: "atRisk", message: "Select whether you are safe right now"))
            }
        case .contact:
            if !["email", "phone"].contains(contactBy ?? "") {
                problems.append(Problem(field: "contactBy", message: "Select how we should contact you"))
            }
            if contactBy == "phone", !Self.isPhoneNumber(phone ?? "") {
                problems.append(Problem(field: "phone", message: "Enter a UK phone number, like 07700 900 982"))
            }
            limit(contactTimes, "contactTimes", "When to contact you", 300)
            limit(phone, "phone", "Phone number", 30)
        case .consent:
            if consentToHold != "yes" {
                problems.append(
                    Problem(
                        field: "consentToHold",
                        message: "Confirm we may hold what you tell us: we cannot support you without it"))
            }
            if shareWithEducator == "yes" {
                need(educatorName, "educatorName", "Enter the name of the educator we may talk to")
            }
            limit(educatorName, "educatorName", "The educator's name", 120)
            limit(educatorEmail, "educatorEmail", "The educator's email", 254)
        }
        return problems
    }

    /// 10 to 15 digits, single spaces between them allowed, an optional leading +: exactly the API schema's
    /// `^\+?(?:[0-9] ?){9,14}[0-9]$`.
    public static func isPhoneNumber(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" { rest = rest.dropFirst() }
        guard let first = rest.first, let last = rest.last, first != " ", last != " ", !rest.contains("  ") else {
            return false
        }
        guard rest.allSatisfy({ $0 == " " || ("0"..."9").contains($0) }) else { return false }
        return (10...15).contains(rest.filter { $0 != " " }.count)
    }

    /// The first step that still needs an answer, or nil when every step is complete.
    public var firstIncompleteStep: Step? {
        Step.allCases.first { !problems(in: $0).isEmpty }
    }
}

extension String {
    /// Trimmed of the characters JSON Schema's `\s` means (ECMAScript white space and line terminators), so a
    /// value the API's schema accepts as "has something in it" is never refused here as blank.
    var trimmed: String { trimmingCharacters(in: Self.schemaWhitespace) }

    static let schemaWhitespace = CharacterSet(
        charactersIn:
            "\u{09}\u{0A}\u{0B}\u{0C}\u{0D}\u{20}\u{A0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}"
            + "\u{2007}\u{2008}\u{2009}\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}")
}
