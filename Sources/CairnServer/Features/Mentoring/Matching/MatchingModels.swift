import CairnCore
import Fluent
import Foundation

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
