import Foundation

/// Why a mentee has no mentor after a matching run, in words a programme lead can act on: for example "No
/// trained mentor outside their employer speaks Arabic".
public enum UnmatchedReason {
    public static func describe(_ options: MenteeOptions, mentee: MenteeProfile, mentorCount: Int) -> String {
        guard mentorCount > 0 else { return "There are no mentors in this programme yet." }
        if options.allowedMentorCount > 0 {
            return options.allowedMentorCount == 1
                ? "The one mentor who could be matched with them is full."
                : "All \(options.allowedMentorCount) mentors who could be matched with them are full."
        }
        var conditions: [String] = []
        let counts = options.excludedMentorCount
        if counts[.mentorNotTrained, default: 0] + counts[.mentorTrainingExpired, default: 0] > 0 {
            conditions.append("trained")
        }
        if counts[.mentorHasNoCapacity, default: 0] > 0 { conditions.append("available") }
        var qualifiers: [String] = []
        if counts[.sameEmployer, default: 0] > 0 { qualifiers.append("outside their employer") }
        if counts[.sameSpecialty, default: 0] > 0 { qualifiers.append("outside their specialty") }
        var exceptions: [String] = []
        if counts[.ownSupervisor, default: 0] > 0 { exceptions.append("their supervisor") }
        if counts[.pairedBefore, default: 0] > 0 { exceptions.append("a mentor they were paired with before") }
        if !exceptions.isEmpty {
            qualifiers.append("other than " + exceptions.joined(separator: " and "))
        }
        var requirements: [String] = []
        if counts[.requiredLanguageNotSpoken, default: 0] > 0, let language = mentee.wishes.language?.value {
            requirements.append("speaks \(language.capitalized)")
        }
        if counts[.requiredSpecialtyNotHeld, default: 0] > 0, let specialty = mentee.wishes.specialty?.value {
            requirements.append("works in \(specialty)")
        }
        if counts[.requiredGenderNotMet, default: 0] > 0, let gender = mentee.wishes.mentorGender?.value {
            requirements.append("is \(gender == "woman" || gender == "man" ? "a " : "")\(gender)")
        }
        let adjective = conditions.isEmpty ? "" : conditions.joined(separator: ", ") + " "
        let who =
            (["No \(adjective)mentor"] + qualifiers).joined(separator: " ")
            + (exceptions.isEmpty || requirementsAreEmpty(counts, mentee) ? "" : ",")
        guard !requirements.isEmpty else {
            return who + (qualifiers.isEmpty && conditions.isEmpty ? " can be matched with them." : " is left.")
        }
        return who + " " + requirements.joined(separator: " and ") + "."
    }

    private static func requirementsAreEmpty(_ counts: [ExclusionReason: Int], _ mentee: MenteeProfile) -> Bool {
        !((counts[.requiredLanguageNotSpoken, default: 0] > 0 && mentee.wishes.language != nil)
            || (counts[.requiredSpecialtyNotHeld, default: 0] > 0 && mentee.wishes.specialty != nil)
            || (counts[.requiredGenderNotMet, default: 0] > 0 && mentee.wishes.mentorGender != nil))
    }
}
