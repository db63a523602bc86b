import CairnPlatform
import FluentKit

// Personal-data declarations of practice and personal development planning (see `PersonalData`, docs/DATA-MAP.md).

extension Practice: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("facilitator_id")],
        plain: [
            "name": "the practice's name, an organisation", "vision": "the practice's vision, written for its team",
        ])
}

extension PracticeMember: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["staff_group": PlainBecause.code])
}

extension PracticeWorkshop: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("created_by")], sealed: ["notes"], plain: ["held_on": PlainBecause.date])
}

extension WorkshopAttendee: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.person("person_id")])
}

extension PracticeNeed: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [],
        plain: [
            "title": "the practice's need, written for its team", "source": PlainBecause.code,
            "finding": PlainBecause.code,
        ])
}

extension NeedRanking: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.person("person_id")])
}

extension PracticeDevelopment: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("owner_id")],
        plain: [
            "title": "the practice's development, written for its team", "aim": "the development's aim, for the team",
            "objective": "the practice's objective, for the team", "starts_on": PlainBecause.date,
            "due_on": PlainBecause.date, "status": PlainBecause.code,
            "before_evidence": "the practice's evaluation, for the team", "after_evidence": "the practice's evaluation",
            "conclusion": "the practice's evaluation", "change_made": "the change the practice made",
        ], erasure: .keep("the practice team's development, which the person led for the team"))
}

extension PDPItem: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        sealed: ["learning_need", "objective", "activity", "evidence", "review_note"],
        plain: ["target_on": PlainBecause.date, "domain": PlainBecause.code, "status": PlainBecause.code])
}

extension DevelopmentEvidence: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], sealed: ["title", "file_name"],
        plain: [
            "kind": PlainBecause.code, "day": PlainBecause.date, "source": PlainBecause.code,
            "source_ref": "the id of the record it names, in the person's own part of Cairn",
            "file_kind": PlainBecause.code, "file_sha256": PlainBecause.hash,
        ], sealedFile: "file", keptOnErasure: ["source_ref"])
}

extension DevelopmentProfile: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        plain: [
            "register": PlainBecause.code, "revalidation_due_on": PlainBecause.date,
            "notice_sent_for": PlainBecause.date,
        ])
}

extension Appraisal: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.person("person_id")], plain: ["held_on": PlainBecause.date])
}

extension SengeEntry: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("author_id")], sealed: ["happened", "negotiated", "outcome"],
        plain: ["challenge": PlainBecause.code, "phase": PlainBecause.code, "day": PlainBecause.date])
}
