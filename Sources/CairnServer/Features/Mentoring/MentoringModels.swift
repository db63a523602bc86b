import CairnCore
import Fluent
import Foundation

/// A mentoring programme's intake (a cohort): who it is for, its session template, how it matches, and its rules.
final class MentoringProgramme: Model, @unchecked Sendable {
    static let schema = "mentoring_programmes"

    enum MatchingMode: String, Codable, Sendable, CaseIterable {
        /// The best total fit (the optimal matcher).
        case optimal
        /// Stable from both sides' rankings, derived from the scores (the stable matcher).
        case stable
        /// The programme lead pairs people by hand; proposals start empty.
        case manual

        var title: String {
            switch self {
            case .optimal: "Best overall fit"
            case .stable: "Stable (no mentee and mentor would both rather have each other)"
            case .manual: "By hand"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "name") var name: String
    @Field(key: "audience") var audience: String
    @Field(key: "cohort_starts_on") var cohortStartsOn: String
    @Field(key: "session_count") var sessionCount: Int
    @Field(key: "session_minutes") var sessionMinutes: Int
    @Field(key: "session_mode") var sessionMode: String
    @Field(key: "window_months") var windowMonths: Int
    @Enum(key: "matching_mode") var matchingMode: MatchingMode
    /// `factor=points` pairs, comma separated, e.g. `sameProfession=200,sharedLanguage=100`.
    @Field(key: "weights") var weightsText: String
    @Field(key: "exclude_same_employer") var excludeSameEmployer: Bool
    @Field(key: "exclude_same_specialty") var excludeSameSpecialty: Bool
    /// Clinicians of the organisation may apply from `/mentoring/my`.
    @Field(key: "open_for_applications") var openForApplications: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var template: SessionTemplate {
        SessionTemplate(
            count: sessionCount, minutes: sessionMinutes, mode: SessionTemplate.Mode(rawValue: sessionMode) ?? .video,
            windowMonths: windowMonths)
    }

    /// The template turned into due dates from the cohort's start, on the organisation's working days.
    func plan(_ workingDays: WorkingDays) -> SessionPlan {
        let day = CalendarDay(iso: cohortStartsOn) ?? CalendarDay(1970, 1, 1)
        let start = workingDays.start(of: day) ?? Date(timeIntervalSince1970: 0)
        return SessionPlan.make(template: template, start: start, workingDays: workingDays)
    }

    var weights: ProgrammeWeights {
        (try? ProgrammeWeights(Self.parseWeights(weightsText) ?? [:])) ?? .standard
    }

    var rules: ProgrammeRules {
        ProgrammeRules(excludeSameEmployer: excludeSameEmployer, excludeSameSpecialty: excludeSameSpecialty)
    }

    static func weightsText(_ weights: ProgrammeWeights) -> String {
        ScoreFactor.allCases.map { "\($0.rawValue)=\(weights[$0])" }.joined(separator: ",")
    }

    static func parseWeights(_ text: String) -> [ScoreFactor: Int]? {
        var points: [ScoreFactor: Int] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let factor = ScoreFactor(rawValue: String(parts[0])), let value = Int(parts[1])
            else { return nil }
            points[factor] = value
        }
        return points
    }
}

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

/// One run of the matcher over a programme: its progress while it runs, then its proposals until published.
final class MatchingRun: Model, @unchecked Sendable {
    static let schema = "matching_runs"

    enum Status: String, Codable, Sendable {
        case running, proposed, published, failed
        /// A newer run replaced it before it was published.
        case superseded
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "programme_id") var programmeID: UUID
    @Enum(key: "status") var status: Status
    /// 0–100.
    @Field(key: "progress") var progress: Int
    @Field(key: "stage") var stage: String
    @Field(key: "started_by") var startedBy: UUID
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @Field(key: "mentee_count") var menteeCount: Int
    @Field(key: "mentor_count") var mentorCount: Int
    @Field(key: "matched_count") var matchedCount: Int
    @Field(key: "total_score") var totalScore: Int
    @OptionalField(key: "message") var message: String?

    init() {}
}

/// One mentee's line in a run: the proposed mentor with the factors behind the score, or why there is none.
final class MatchProposal: Model, @unchecked Sendable {
    static let schema = "match_proposals"

    @ID(key: .id) var id: UUID?
    @Field(key: "run_id") var runID: UUID
    @Field(key: "mentee_id") var menteeID: UUID
    @OptionalField(key: "mentor_id") var mentorID: UUID?
    @Field(key: "score") var score: Int
    /// `factor=points` pairs, as for programme weights.
    @Field(key: "explanation") var explanation: String
    @OptionalField(key: "unmatched_reason") var unmatchedReason: String?
    /// Sealed (issue #11): the programme lead's reason for changing the proposal (it may say why a mentee needs
    /// what they need).
    @OptionalField(key: "override_reason") var overrideReason: String?
    @OptionalField(key: "overridden_by") var overriddenBy: UUID?

    init() {}
}

/// A published mentor–mentee pair.
final class MentoringPair: Model, @unchecked Sendable {
    static let schema = "mentoring_pairs"

    enum Status: String, Codable, Sendable {
        case active, declined, ended
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "programme_id") var programmeID: UUID
    @Field(key: "mentee_id") var menteeID: UUID
    @Field(key: "mentor_id") var mentorID: UUID
    @Enum(key: "status") var status: Status
    @OptionalField(key: "active_mentee") var activeMentee: UUID?
    @Field(key: "score") var score: Int
    @Field(key: "published_at") var publishedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "declined_by") var declinedBy: String?
    /// Sealed (issue #11): why the mentor or mentee ended the pair, shown only to the programme lead.
    @OptionalField(key: "decline_reason") var declineReason: String?

    init() {}
}

/// One planned session of a pair. The record is the pair's alone: sealed at rest, read and written only by them.
final class MentoringSession: Model, @unchecked Sendable {
    static let schema = "mentoring_sessions"

    enum Status: String, Codable, Sendable, CaseIterable {
        case planned, held, cancelled, missed

        var title: String {
            switch self {
            case .planned: "Planned"
            case .held: "Held"
            case .cancelled: "Cancelled"
            case .missed: "Missed"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "pair_id") var pairID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "starts_at") var startsAt: Date?
    @Field(key: "minutes") var minutes: Int
    @Field(key: "mode") var mode: String
    @OptionalField(key: "video_link") var videoLink: String?
    @Enum(key: "status") var status: Status
    /// The iCalendar SEQUENCE: raised on every change a calendar should see.
    @Field(key: "sequence") var sequence: Int
    /// Sealed.
    @OptionalField(key: "record") var record: String?
    @OptionalField(key: "record_updated_at") var recordUpdatedAt: Date?
    /// When it was logged as held (server time, set once): the dual-blind week runs from here.
    @OptionalField(key: "held_at") var heldAt: Date?
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @OptionalField(key: "nudged_at") var nudgedAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static func recordBinding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: "record")
    }
}

/// One side's answers after a held session (DOMAIN.md §6: Cairn's own questions).
final class SessionFeedback: Model, @unchecked Sendable {
    static let schema = "session_feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "side") var side: String
    @Field(key: "answered_at") var answeredAt: Date
    @Field(key: "felt_safe") var feltSafe: Int
    @Field(key: "useful") var useful: Int
    @Field(key: "actions_agreed") var actionsAgreed: Bool
    @Field(key: "recommend") var recommend: Int
    /// Sealed.
    @OptionalField(key: "comment") var comment: String?

    init() {}

    static func commentBinding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: "comment")
    }
}

/// A person's private calendar feed: the token in the URL is the key, so only its hash is kept.
final class CalendarFeed: Model, @unchecked Sendable {
    static let schema = "calendar_feeds"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
