import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// A mentee in one programme, with their wishes and their supervisor (who is never their mentor).
package final class Mentee: Model, @unchecked Sendable {
    package static let schema = "mentees"

    package enum Source: String, Codable, Sendable {
        case form, csv, application
        case supportPlan = "support_plan"
        case demo
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme_id") package var programmeID: UUID
    @Field(key: "person_id") package var personID: UUID
    /// The name given when they were added, shown to leads.
    @OptionalField(key: "given_name") package var givenName: String?
    @Field(key: "profession") package var profession: String
    @OptionalField(key: "specialty") package var specialty: String?
    @OptionalField(key: "grade") package var grade: String?
    @Field(key: "languages") package var languagesText: String
    @OptionalField(key: "region") package var region: String?
    @OptionalField(key: "employer") package var employer: String?
    @Field(key: "is_img") package var isInternationalGraduate: Bool
    @OptionalField(key: "supervisor_email") package var supervisorEmail: String?
    @OptionalField(key: "wish_language") package var wishLanguage: String?
    @Field(key: "wish_language_required") package var wishLanguageRequired: Bool
    @OptionalField(key: "wish_specialty") package var wishSpecialty: String?
    @Field(key: "wish_specialty_required") package var wishSpecialtyRequired: Bool
    @OptionalField(key: "wish_gender") package var wishGender: String?
    @Field(key: "wish_gender_required") package var wishGenderRequired: Bool
    /// The mentee chose to let their supervisor know they have a mentor (and nothing more). Off unless they say so.
    @Field(key: "shares_with_supervisor") package var sharesWithSupervisor: Bool
    /// Mentors the mentee chose, best first (stable matching from preferences puts them first in their ranking).
    @OptionalField(key: "chosen_mentors") package var chosenMentors: String?
    @Enum(key: "source") package var source: Source
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package var languages: [String] { languagesText.split(separator: ";").map(String.init) }
}
