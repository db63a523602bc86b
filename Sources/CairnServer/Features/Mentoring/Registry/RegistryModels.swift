import CairnCore
import Fluent
import Foundation

/// Someone in the organisation's mentor registry: their profile, training records and a pause switch.
final class Mentor: Model, @unchecked Sendable {
    static let schema = "mentors"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "person_id") var personID: UUID
    /// The name the programme lead gave, shown to leads (never the account's, which would say who is registered).
    @OptionalField(key: "given_name") var givenName: String?
    @Field(key: "profession") var profession: String
    @OptionalField(key: "specialty") var specialty: String?
    @OptionalField(key: "grade") var grade: String?
    /// Semicolon separated, lower case.
    @Field(key: "languages") var languagesText: String
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "employer") var employer: String?
    @Field(key: "img_experience") var hasInternationalGraduateExperience: Bool
    @OptionalField(key: "gender") var gender: String?
    @OptionalField(key: "interests") var interests: String?
    @Field(key: "paused") var paused: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var languages: [String] { languagesText.split(separator: ";").map(String.init) }
}

/// A completed mentoring course; a mentor is matched only while one is in date.
final class MentorTraining: Model, @unchecked Sendable {
    static let schema = "mentor_training"

    @ID(key: .id) var id: UUID?
    @Field(key: "mentor_id") var mentorID: UUID
    @Field(key: "course") var course: String
    @Field(key: "completed_on") var completedOn: String
    @Field(key: "expires_on") var expiresOn: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A mentor's place in one programme: how many mentees they take, and how many they hold now.
final class ProgrammeMentor: Model, @unchecked Sendable {
    static let schema = "programme_mentors"

    @ID(key: .id) var id: UUID?
    @Field(key: "programme_id") var programmeID: UUID
    @Field(key: "mentor_id") var mentorID: UUID
    @Field(key: "capacity") var capacity: Int
    @Field(key: "active_load") var activeLoad: Int

    init() {}
}
