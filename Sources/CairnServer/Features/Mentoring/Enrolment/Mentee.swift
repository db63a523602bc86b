import CairnCore
import Fluent
import Foundation

/// A mentee in one programme, with their wishes and their supervisor (who is never their mentor).
final class Mentee: Model, @unchecked Sendable {
    static let schema = "mentees"

    enum Source: String, Codable, Sendable {
        case form, csv, application
        case supportPlan = "support_plan"
        case demo
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "programme_id") var programmeID: UUID
    @Field(key: "person_id") var personID: UUID
    /// The name given when they were added, shown to leads.
    @OptionalField(key: "given_name") var givenName: String?
    @Field(key: "profession") var profession: String
    @OptionalField(key: "specialty") var specialty: String?
    @OptionalField(key: "grade") var grade: String?
    @Field(key: "languages") var languagesText: String
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "employer") var employer: String?
    @Field(key: "is_img") var isInternationalGraduate: Bool
    @OptionalField(key: "supervisor_email") var supervisorEmail: String?
    @OptionalField(key: "wish_language") var wishLanguage: String?
    @Field(key: "wish_language_required") var wishLanguageRequired: Bool
    @OptionalField(key: "wish_specialty") var wishSpecialty: String?
    @Field(key: "wish_specialty_required") var wishSpecialtyRequired: Bool
    @OptionalField(key: "wish_gender") var wishGender: String?
    @Field(key: "wish_gender_required") var wishGenderRequired: Bool
    /// The mentee chose to let their supervisor know they have a mentor (and nothing more). Off unless they say so.
    @Field(key: "shares_with_supervisor") var sharesWithSupervisor: Bool
    /// Mentors the mentee chose, best first (stable matching from preferences puts them first in their ranking).
    @OptionalField(key: "chosen_mentors") var chosenMentors: String?
    @Enum(key: "source") var source: Source
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var languages: [String] { languagesText.split(separator: ";").map(String.init) }
}
