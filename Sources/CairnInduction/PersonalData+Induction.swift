import CairnPlatform
import FluentKit

// Personal-data declarations of inductions and registration pathways (see `PersonalData`, docs/DATA-MAP.md).

extension InductionTemplate: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [], plain: ["name": "the template's own name", "role": PlainBecause.code])
}

extension InductionTemplateEntry: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [],
        plain: [
            "title": "an item every new starter of the role is given", "details": "the item's description",
            "phase": PlainBecause.code, "owner": PlainBecause.code,
        ])
}

extension Induction: DeclaresPersonalData {
    package static let personalData = PersonalData(
        // About the new starter; their supervisor takes part (erasing the new starter erases it).
        whose: [.person("inductee_id"), .participant("supervisor_id"), .by("created_by")],
        plain: [
            "template_name": "the template's name, copied", "role": PlainBecause.code, "starts_on": PlainBecause.date,
            "cohort": "the intake's name, the same for everyone in it",
            "department": "the department's name, the same for everyone in it",
        ], keptOnErasure: ["template_name", "cohort", "department"])
}

extension InductionItem: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("induction_id", table: Induction.schema), .by("completed_by"), .by("signed_off_by")],
        sealed: ["evidence"],
        plain: [
            "title": "the template item's words, copied", "details": "the template item's description, copied",
            "phase": PlainBecause.code, "owner": PlainBecause.code, "due_on": PlainBecause.date,
            "completed_on": PlainBecause.date,
        ], keptOnErasure: ["title", "details"])
}

extension RegistrationPathwayRecord: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        plain: [
            "route": PlainBecause.code, "next_warning_on": PlainBecause.date, "blocking_step": PlainBecause.code,
        ])
}

extension PathwayEntryRecord: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("pathway_id", table: RegistrationPathwayRecord.schema)],
        plain: ["step": PlainBecause.code, "outcome": PlainBecause.code, "day": PlainBecause.date])
}

extension PathwayWarning: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("pathway_id", table: RegistrationPathwayRecord.schema)],
        plain: ["kind": PlainBecause.code, "closes_on": PlainBecause.date])
}

extension SupervisionMeeting: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("induction_id", table: Induction.schema)], sealed: ["topics", "record"],
        plain: ["day": PlainBecause.date, "status": PlainBecause.code, "held_on": PlainBecause.date])
}

extension SupervisionAction: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("meeting_id", table: SupervisionMeeting.schema), .by("created_by")], sealed: ["text"],
        plain: ["owner": PlainBecause.code, "due_on": PlainBecause.date, "done_on": PlainBecause.date])
}

extension SupervisionPrivateNote: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.person("author_id")], sealed: ["text"], plain: [:])
}

extension RoleDescription: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("updated_by")],
        plain: [
            "role": PlainBecause.code, "department": "the department's name",
            "duties": "the organisation's description of a role, the same for everyone in it",
            "limits": "the organisation's description of a role, the same for everyone in it",
            "who_to_ask": "the organisation's description of a role, the same for everyone in it",
        ])
}

extension RoleAcknowledgement: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.person("person_id")], plain: [:])
}

extension EvidenceFile: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("item_id", table: InductionItem.schema), .by("uploaded_by")], sealed: ["file_name"],
        plain: ["kind": PlainBecause.code, "sha256": PlainBecause.hash], sealedFile: "bytes")
}
