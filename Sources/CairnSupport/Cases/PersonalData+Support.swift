import CairnAccounts
import CairnPlatform
import FluentKit

// Personal-data declarations of referrals and cases (see `PersonalData`, docs/DATA-MAP.md).

extension SupportCase: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("clinician_id")],
        sealed: ["transition", "own_words", "what_would_help", "contact", "decline_reason", "goals"],
        plain: [
            "reference": PlainBecause.generated,
            "external_reference": "the unit's own reference in its earlier records, matched so each is imported once",
            "state": PlainBecause.code, "profession": PlainBecause.code,
            "grade": PlainBecause.code, "specialty": PlainBecause.profile, "employer": PlainBecause.profile,
            "region": PlainBecause.code, "registration_number": "a public register number, checked for its form",
            "qualification_country": PlainBecause.profile, "reasons": PlainBecause.code,
            "consent_wording": "Cairn's own wording, as shown", "outcomes": PlainBecause.code,
            "confirmed_reasons": PlainBecause.code,
        ],
        // The unit's earlier reference stays so a second import of its records skips an erased case.
        keptOnErasure: ["consent_wording", "external_reference"])
}

extension CaseAssignment: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema), .person("person_id")])
}

extension CaseEvent: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema), .by("actor_id")], sealed: ["detail"],
        plain: ["kind": PlainBecause.code, "from_state": PlainBecause.code, "to_state": PlainBecause.code])
}

extension CaseNote: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema), .by("author_id")], sealed: ["body"])
}

extension ReferralDraft: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], sealed: ["answers"], erasure: .delete)
}

extension CaseMessage: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema), .by("sender_id")], sealed: ["body"])
}

extension PlanItem: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema)],
        plain: [
            "intervention": PlainBecause.code, "status": PlainBecause.code,
            "provider": "the organisation providing it (or the guide's or event's title), counted for costs",
            "starts_on": PlainBecause.date, "ends_on": PlainBecause.date, "review_on": PlainBecause.date,
            "resource_kind": PlainBecause.code,
        ], keptOnErasure: ["provider"])
}

extension CaseFeedback: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema)], sealed: ["comment"])
}

extension EducatorReferral: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema), .by("educator_id")], sealed: ["note"],
        plain: [
            "clinician_email": PlainBecause.contact, "clinician_name": PlainBecause.contact,
            "reasons": PlainBecause.code, "status": PlainBecause.code,
        ])
}

extension EducatorUpdate: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema), .by("written_by")], sealed: ["body"],
        plain: ["stage": PlainBecause.code, "status": PlainBecause.code])
}
