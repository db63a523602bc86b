import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// Someone in the organisation's mentor registry: their profile, training records and a pause switch.
package final class Mentor: Model, @unchecked Sendable {
    package static let schema = "mentors"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "person_id") package var personID: UUID
    /// The name the programme lead gave, shown to leads (never the account's, which would say who is registered).
    @OptionalField(key: "given_name") package var givenName: String?
    @Field(key: "profession") package var profession: String
    @OptionalField(key: "specialty") package var specialty: String?
    @OptionalField(key: "grade") package var grade: String?
    /// Semicolon separated, lower case.
    @Field(key: "languages") package var languagesText: String
    @OptionalField(key: "region") package var region: String?
    @OptionalField(key: "employer") package var employer: String?
    @Field(key: "img_experience") package var hasInternationalGraduateExperience: Bool
    @OptionalField(key: "gender") package var gender: String?
    @OptionalField(key: "interests") package var interests: String?
    @Field(key: "paused") package var paused: Bool
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package var languages: [String] { languagesText.split(separator: ";").map(String.init) }
}

/// A completed mentoring course; a mentor is matched only while one is in date.
package final class MentorTraining: Model, @unchecked Sendable {
    package static let schema = "mentor_training"

    @ID(key: .id) package var id: UUID?
    @Field(key: "mentor_id") package var mentorID: UUID
    @Field(key: "course") package var course: String
    @Field(key: "completed_on") package var completedOn: String
    @Field(key: "expires_on") package var expiresOn: String
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}
}

/// A mentor's place in one programme: how many mentees they take, and how many they hold now.
package final class ProgrammeMentor: Model, @unchecked Sendable {
    package static let schema = "programme_mentors"

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme_id") package var programmeID: UUID
    @Field(key: "mentor_id") package var mentorID: UUID
    @Field(key: "capacity") package var capacity: Int
    @Field(key: "active_load") package var activeLoad: Int

    package init() {}
}
