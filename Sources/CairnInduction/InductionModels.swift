import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// An organisation's induction template for one role: the items every new starter of that role is given.
/// Starting an induction copies the items, so changing a template never changes an induction already under way.
package final class InductionTemplate: Model, @unchecked Sendable {
    package static let schema = "induction_templates"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "name") package var name: String
    @Enum(key: "role") package var role: InductionRole
    /// Bumped by every change to the template's items or schedule.
    @Field(key: "version") package var version: Int
    /// Supervision: this many weekly meetings from the first week, then this many monthly ones.
    @Field(key: "supervision_weekly") package var supervisionWeekly: Int
    @Field(key: "supervision_monthly") package var supervisionMonthly: Int
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One item of a template.
package final class InductionTemplateEntry: Model, @unchecked Sendable {
    package static let schema = "induction_template_items"

    @ID(key: .id) package var id: UUID?
    @Field(key: "template_id") package var templateID: UUID
    @Enum(key: "phase") package var phase: InductionPhase
    @Field(key: "title") package var title: String
    @Field(key: "details") package var details: String
    @Enum(key: "owner") package var owner: InductionOwner
    @Field(key: "due_offset_days") package var dueOffsetDays: Int
    @Field(key: "needs_sign_off") package var needsSignOff: Bool
    @Field(key: "position") package var position: Int

    package init() {}

    package var item: InductionTemplateItem {
        InductionTemplateItem(
            phase, title, details: details, owner: owner, due: dueOffsetDays, signOff: needsSignOff)
    }
}

/// A new starter's induction: who, who supervises them, from which template, from which day.
package final class Induction: Model, @unchecked Sendable {
    package static let schema = "inductions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Field(key: "inductee_id") package var inducteeID: UUID
    @Field(key: "supervisor_id") package var supervisorID: UUID
    @Field(key: "template_name") package var templateName: String
    @Enum(key: "role") package var role: InductionRole
    @Field(key: "starts_on") package var startsOn: String
    /// The intake it belongs to ("September 2026"), for the lead's figures; may be empty.
    @Field(key: "cohort") package var cohort: String
    /// The department the new starter joins; its role description applies (the organisation's when it has none).
    @Field(key: "department") package var department: String
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date

    package init() {}

    package var startDay: CalendarDay? { CalendarDay(iso: startsOn) }
}

/// One item of someone's induction, copied from the template with its due day.
package final class InductionItem: Model, @unchecked Sendable {
    package static let schema = "induction_items"

    @ID(key: .id) package var id: UUID?
    @Field(key: "induction_id") package var inductionID: UUID
    @Enum(key: "phase") package var phase: InductionPhase
    @Field(key: "title") package var title: String
    @Field(key: "details") package var details: String
    @Enum(key: "owner") package var owner: InductionOwner
    @Field(key: "due_on") package var dueOn: String
    @Field(key: "needs_sign_off") package var needsSignOff: Bool
    @Field(key: "position") package var position: Int
    @OptionalField(key: "completed_on") package var completedOn: String?
    @OptionalField(key: "completed_by") package var completedBy: UUID?
    /// What shows it was done (a short note), sealed.
    @OptionalField(key: "evidence") package var evidence: String?
    @OptionalField(key: "signed_off_at") package var signedOffAt: Date?
    @OptionalField(key: "signed_off_by") package var signedOffBy: UUID?
    /// When the overdue nudges went: first to whoever owns it, a week later to the supervisor.
    @OptionalField(key: "nudged_owner_at") package var nudgedOwnerAt: Date?
    @OptionalField(key: "nudged_supervisor_at") package var nudgedSupervisorAt: Date?
    @Field(key: "version") package var version: Int

    package init() {}

    package var isComplete: Bool { completedOn != nil && (!needsSignOff || signedOffAt != nil) }
}

/// A person's road to GMC registration: the route they take, and whether their supervisors may see it.
package final class RegistrationPathwayRecord: Model, @unchecked Sendable {
    package static let schema = "registration_pathways"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "organisation_id") package var organisationID: UUID
    @Enum(key: "route") package var route: RegistrationRoute
    /// The person's choice: their supervisors (of their inductions) may read the pathway. Off until they choose.
    @Field(key: "shared_with_supervisor") package var sharedWithSupervisor: Bool
    /// The next day a deadline warning may fall due: housekeeping reads only the pathways whose day has come.
    @OptionalField(key: "next_warning_on") package var nextWarningOn: String?
    /// The step holding the person up as of the last time the pathway was worked out (nil once registered): kept
    /// current by every change and by housekeeping on the days a window closes, so figures count it in SQL.
    @OptionalField(key: "blocking_step") package var blockingStep: String?
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "version") package var version: Int

    package init() {}
}

/// One thing recorded on a pathway.
package final class PathwayEntryRecord: Model, @unchecked Sendable {
    package static let schema = "registration_pathway_entries"

    @ID(key: .id) package var id: UUID?
    @Field(key: "pathway_id") package var pathwayID: UUID
    @Enum(key: "step") package var step: PathwayStep
    @Enum(key: "outcome") package var outcome: PathwayOutcome
    @Field(key: "day") package var day: String
    @Field(key: "extra_learning") package var extraLearning: Bool
    @Field(key: "recorded_at") package var recordedAt: Date

    package init() {}

    package var entry: PathwayEntry? {
        CalendarDay(iso: day).map { PathwayEntry(step, outcome, on: $0, extraLearning: extraLearning) }
    }
}

/// A warning sent about a deadline: one per pathway, deadline and warning point, so none is sent twice.
package final class PathwayWarning: Model, @unchecked Sendable {
    package static let schema = "registration_pathway_warnings"

    @ID(key: .id) package var id: UUID?
    @Field(key: "pathway_id") package var pathwayID: UUID
    @Field(key: "kind") package var kind: String
    @Field(key: "closes_on") package var closesOn: String
    @Field(key: "days") package var days: Int
    @Field(key: "sent_at") package var sentAt: Date

    package init() {}
}

/// A supervision meeting of an induction: planned from the schedule, then held with the supervisor's record.
package final class SupervisionMeeting: Model, @unchecked Sendable {
    package static let schema = "supervision_meetings"

    package enum Status: String, Codable, Sendable {
        case planned
        case held
        case cancelled
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "induction_id") package var inductionID: UUID
    @Field(key: "day") package var day: String
    @Field(key: "starts_at") package var startsAt: Date
    @Field(key: "minutes") package var minutes: Int
    @Enum(key: "status") package var status: Status
    /// What was talked about, sealed; the new starter and the supervisor read it.
    @OptionalField(key: "topics") package var topics: String?
    /// The supervisor's short record, sealed; both sides read it.
    @OptionalField(key: "record") package var record: String?
    @OptionalField(key: "held_on") package var heldOn: String?
    @Field(key: "version") package var version: Int

    package init() {}
}

/// An action agreed at supervision, with its owner and due day.
package final class SupervisionAction: Model, @unchecked Sendable {
    package static let schema = "supervision_actions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "meeting_id") package var meetingID: UUID
    /// What is to be done, sealed.
    @Field(key: "text") package var text: String
    @Enum(key: "owner") package var owner: InductionOwner
    @Field(key: "due_on") package var dueOn: String
    @OptionalField(key: "done_on") package var doneOn: String?
    @Field(key: "created_by") package var createdBy: UUID
    @Field(key: "created_at") package var createdAt: Date

    package init() {}
}

/// One side's own notes on a supervision meeting, sealed, read by their author alone.
package final class SupervisionPrivateNote: Model, @unchecked Sendable {
    package static let schema = "supervision_private_notes"

    @ID(key: .id) package var id: UUID?
    @Field(key: "meeting_id") package var meetingID: UUID
    @Field(key: "author_id") package var authorID: UUID
    @Field(key: "text") package var text: String
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// What someone in a role does in a department, what they may not do, and who to ask: versioned, read by the
/// organisation's team, acknowledged by each new starter in the role.
package final class RoleDescription: Model, @unchecked Sendable {
    package static let schema = "role_descriptions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Enum(key: "role") package var role: InductionRole
    /// The department it is for; empty for the organisation's description of the role.
    @Field(key: "department") package var department: String
    @Field(key: "duties") package var duties: String
    @Field(key: "limits") package var limits: String
    @Field(key: "who_to_ask") package var whoToAsk: String
    @Field(key: "version") package var version: Int
    @Field(key: "updated_by") package var updatedBy: UUID
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}

    package var title: String { role.title + (department.isEmpty ? "" : ", \(department)") }
}

/// A person's acknowledgement of one version of a role description.
package final class RoleAcknowledgement: Model, @unchecked Sendable {
    package static let schema = "role_acknowledgements"

    @ID(key: .id) package var id: UUID?
    @Field(key: "description_id") package var descriptionID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "version") package var version: Int
    @Field(key: "acknowledged_at") package var acknowledgedAt: Date

    package init() {}
}

/// A file given as evidence that an item is done: one per item; the bytes are sealed on disk (`SealedFiles`).
package final class EvidenceFile: Model, @unchecked Sendable {
    package static let schema = "induction_evidence_files"

    @ID(key: .id) package var id: UUID?
    @Field(key: "item_id") package var itemID: UUID
    /// The file's name as given, made safe, sealed (a name can say what the file is about).
    @Field(key: "file_name") package var fileName: String
    @Enum(key: "kind") package var kind: UploadedFileKind
    @Field(key: "byte_count") package var byteCount: Int
    /// The SHA-256 of the bytes uploaded, checked when they are read back.
    @Field(key: "sha256") package var sha256: String
    @Field(key: "uploaded_by") package var uploadedBy: UUID
    @Field(key: "uploaded_at") package var uploadedAt: Date

    package init() {}

    /// Where its bytes are sealed: bound to this row.
    package var binding: EnvelopeCipher.Binding? {
        id.map {
            EnvelopeCipher.Binding(table: Self.schema, recordID: $0, field: Self.personalData.sealedFile ?? "bytes")
        }
    }
}
