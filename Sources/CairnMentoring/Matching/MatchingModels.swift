import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// One run of the matcher over a programme: its progress while it runs, then its proposals until published.
package final class MatchingRun: Model, @unchecked Sendable {
    package static let schema = "matching_runs"

    package enum Status: String, Codable, Sendable {
        case running, proposed, published, failed
        /// A newer run replaced it before it was published.
        case superseded
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme_id") package var programmeID: UUID
    @Enum(key: "status") package var status: Status
    /// 0–100.
    @Field(key: "progress") package var progress: Int
    @Field(key: "stage") package var stage: String
    @Field(key: "started_by") package var startedBy: UUID
    @Field(key: "started_at") package var startedAt: Date
    @OptionalField(key: "finished_at") package var finishedAt: Date?
    @Field(key: "mentee_count") package var menteeCount: Int
    @Field(key: "mentor_count") package var mentorCount: Int
    @Field(key: "matched_count") package var matchedCount: Int
    @Field(key: "total_score") package var totalScore: Int
    @OptionalField(key: "message") package var message: String?

    package init() {}
}

/// One mentee's line in a run: the proposed mentor with the factors behind the score, or why there is none.
package final class MatchProposal: Model, @unchecked Sendable {
    package static let schema = "match_proposals"

    @ID(key: .id) package var id: UUID?
    @Field(key: "run_id") package var runID: UUID
    @Field(key: "mentee_id") package var menteeID: UUID
    @OptionalField(key: "mentor_id") package var mentorID: UUID?
    @Field(key: "score") package var score: Int
    /// `factor=points` pairs, as for programme weights.
    @Field(key: "explanation") package var explanation: String
    @OptionalField(key: "unmatched_reason") package var unmatchedReason: String?
    /// Sealed (issue #11): the programme lead's reason for changing the proposal (it may say why a mentee needs
    /// what they need).
    @OptionalField(key: "override_reason") package var overrideReason: String?
    @OptionalField(key: "overridden_by") package var overriddenBy: UUID?

    package init() {}
}

/// A published mentor–mentee pair.
package final class MentoringPair: Model, @unchecked Sendable {
    package static let schema = "mentoring_pairs"

    package enum Status: String, Codable, Sendable {
        case active, declined, ended
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme_id") package var programmeID: UUID
    @Field(key: "mentee_id") package var menteeID: UUID
    @Field(key: "mentor_id") package var mentorID: UUID
    @Enum(key: "status") package var status: Status
    @OptionalField(key: "active_mentee") package var activeMentee: UUID?
    @Field(key: "score") package var score: Int
    @Field(key: "published_at") package var publishedAt: Date
    @OptionalField(key: "ended_at") package var endedAt: Date?
    @OptionalField(key: "declined_by") package var declinedBy: String?
    /// Sealed (issue #11): why the mentor or mentee ended the pair, shown only to the programme lead.
    @OptionalField(key: "decline_reason") package var declineReason: String?
    /// The earlier records' reference of a pair brought in from them (migration 0038); nil for pairs made here.
    @OptionalField(key: "external_reference") package var externalReference: String?

    package init() {}
}
