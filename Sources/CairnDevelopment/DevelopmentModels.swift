import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// A general practice in a facilitation scheme: its team, its facilitator and its vision (where its plan starts).
package final class Practice: Model, @unchecked Sendable {
    package static let schema = "practices"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "name") package var name: String
    @Field(key: "vision") package var vision: String
    @Field(key: "facilitator_id") package var facilitatorID: UUID
    @Field(key: "version") package var version: Int
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// Someone in a practice's team.
package final class PracticeMember: Model, @unchecked Sendable {
    package static let schema = "practice_members"

    @ID(key: .id) package var id: UUID?
    @Field(key: "practice_id") package var practiceID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Enum(key: "staff_group") package var staffGroup: StaffGroup
    @Field(key: "joined_at") package var joinedAt: Date

    package init() {}
}

/// A facilitated multidisciplinary workshop: its day, who came, the facilitator's notes (sealed).
package final class PracticeWorkshop: Model, @unchecked Sendable {
    package static let schema = "practice_workshops"

    @ID(key: .id) package var id: UUID?
    @Field(key: "practice_id") package var practiceID: UUID
    @Field(key: "held_on") package var heldOn: String
    @OptionalField(key: "notes") package var notes: String?
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// Someone who came to a workshop.
package final class WorkshopAttendee: Model, @unchecked Sendable {
    package static let schema = "workshop_attendees"

    @ID(key: .id) package var id: UUID?
    @Field(key: "workshop_id") package var workshopID: UUID
    @Field(key: "person_id") package var personID: UUID

    package init() {}
}

/// A development need of the practice.
package final class PracticeNeed: Model, @unchecked Sendable {
    package static let schema = "practice_needs"

    @ID(key: .id) package var id: UUID?
    @Field(key: "practice_id") package var practiceID: UUID
    @Field(key: "title") package var title: String
    @Enum(key: "source") package var source: NeedSource
    @Enum(key: "finding") package var finding: NeedFinding
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One attendee's rank for one need at one workshop: the record of how the priorities were reached.
package final class NeedRanking: Model, @unchecked Sendable {
    package static let schema = "need_rankings"

    @ID(key: .id) package var id: UUID?
    @Field(key: "workshop_id") package var workshopID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "need_id") package var needID: UUID
    @Field(key: "rank") package var rank: Int

    package init() {}
}

/// A development of the practice's plan, with its evaluation.
package final class PracticeDevelopment: Model, @unchecked Sendable {
    package static let schema = "practice_developments"

    @ID(key: .id) package var id: UUID?
    @Field(key: "practice_id") package var practiceID: UUID
    @OptionalField(key: "need_id") package var needID: UUID?
    @Field(key: "title") package var title: String
    @Field(key: "aim") package var aim: String
    @Field(key: "objective") package var objective: String
    @OptionalField(key: "owner_id") package var ownerID: UUID?
    @Field(key: "starts_on") package var startsOn: String
    @Field(key: "due_on") package var dueOn: String
    @Enum(key: "status") package var status: DevelopmentStatus
    @Field(key: "before_evidence") package var beforeEvidence: String
    @Field(key: "after_evidence") package var afterEvidence: String
    @Field(key: "conclusion") package var conclusion: String
    @Field(key: "change_made") package var changeMade: String
    @Field(key: "realised") package var realised: Bool
    @Field(key: "version") package var version: Int
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// An item of a person's personal development plan; its words are sealed and read by its owner alone.
package final class PDPItem: Model, @unchecked Sendable {
    package static let schema = "pdp_items"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "learning_need") package var learningNeed: String
    @Field(key: "objective") package var objective: String
    @Field(key: "activity") package var activity: String
    @Field(key: "target_on") package var targetOn: String
    @Enum(key: "domain") package var domain: GMPDomain
    @Enum(key: "status") package var status: PDPStatus
    @OptionalField(key: "evidence") package var evidence: String?
    @OptionalField(key: "review_note") package var reviewNote: String?
    /// The practice development this objective serves, if any.
    @OptionalField(key: "development_id") package var developmentID: UUID?
    @Field(key: "version") package var version: Int
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// A piece of evidence in a person's portfolio: their own record, or a fact from another part of Cairn (a
/// reflection of theirs, their part in a peer group or a mentoring programme), named by `source` and `sourceRef`.
package final class DevelopmentEvidence: Model, @unchecked Sendable {
    package static let schema = "development_evidence"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Enum(key: "kind") package var kind: EvidenceKind
    @Field(key: "day") package var day: String
    @Field(key: "title") package var title: String
    @Field(key: "minutes") package var minutes: Int
    @Field(key: "participatory") package var participatory: Bool
    @OptionalField(key: "pdp_item_id") package var pdpItemID: UUID?
    @Field(key: "source") package var source: String
    @OptionalField(key: "source_ref") package var sourceRef: String?
    /// A file given as evidence (a certificate): its name as given, made safe, sealed; its kind by content, size and
    /// SHA-256; its bytes sealed on disk, bound to this row (`binding`).
    @OptionalField(key: "file_name") package var fileName: String?
    @OptionalEnum(key: "file_kind") package var fileKind: UploadedFileKind?
    @OptionalField(key: "file_bytes") package var fileBytes: Int?
    @OptionalField(key: "file_sha256") package var fileSHA256: String?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    /// Where its file's bytes are sealed: bound to this row.
    package var binding: EnvelopeCipher.Binding? {
        id.map {
            EnvelopeCipher.Binding(table: Self.schema, recordID: $0, field: Self.personalData.sealedFile ?? "file")
        }
    }
}

/// Who a person revalidates with and when.
package final class DevelopmentProfile: Model, @unchecked Sendable {
    package static let schema = "development_profiles"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Enum(key: "register") package var register: RevalidationRegister
    @Field(key: "revalidation_due_on") package var revalidationDueOn: String
    /// The date whose four months' notice was sent (claimed by a conditional update, so it goes once).
    @OptionalField(key: "notice_sent_for") package var noticeSentFor: String?
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// The day of one of a person's appraisals.
package final class Appraisal: Model, @unchecked Sendable {
    package static let schema = "appraisals"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "held_on") package var heldOn: String
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// A facilitator's log of one of Senge's challenges at a practice: what happened, how it was negotiated, the outcome.
package final class SengeEntry: Model, @unchecked Sendable {
    package static let schema = "senge_entries"

    @ID(key: .id) package var id: UUID?
    @Field(key: "practice_id") package var practiceID: UUID
    @Field(key: "author_id") package var authorID: UUID
    @Enum(key: "challenge") package var challenge: SengeChallenge
    @Enum(key: "phase") package var phase: SengePhase
    @Field(key: "day") package var day: String
    @Field(key: "happened") package var happened: String
    @Field(key: "negotiated") package var negotiated: String
    @OptionalField(key: "outcome") package var outcome: String?
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}
