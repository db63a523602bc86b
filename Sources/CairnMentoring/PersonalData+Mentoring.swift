import CairnAccounts
import CairnPlatform
import FluentKit

// Personal-data declarations of mentoring (see `PersonalData`, docs/DATA-MAP.md).

extension MentoringProgramme: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("created_by")],
        plain: [
            "name": "the programme's own name", "audience": "the programme's own description",
            "cohort_starts_on": PlainBecause.date, "session_mode": PlainBecause.code, "weights": PlainBecause.code,
        ])
}

extension Mentor: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        plain: [
            "given_name": PlainBecause.contact, "profession": PlainBecause.profile, "specialty": PlainBecause.profile,
            "grade": PlainBecause.profile, "languages": PlainBecause.profile, "region": PlainBecause.profile,
            "employer": PlainBecause.profile, "gender": PlainBecause.profile, "interests": PlainBecause.profile,
        ])
}

extension MentorTraining: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("mentor_id", table: Mentor.schema)],
        plain: ["course": "a course name", "completed_on": PlainBecause.date, "expires_on": PlainBecause.date],
        keptOnErasure: ["course"])
}

extension ProgrammeMentor: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.through("mentor_id", table: Mentor.schema)])
}

extension Mentee: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")],
        plain: [
            "given_name": PlainBecause.contact, "profession": PlainBecause.profile, "specialty": PlainBecause.profile,
            "grade": PlainBecause.profile, "languages": PlainBecause.profile, "region": PlainBecause.profile,
            "employer": PlainBecause.profile,
            "supervisor_email": "compared with accounts so a supervisor is never the mentor",
            "wish_language": PlainBecause.profile, "wish_specialty": PlainBecause.profile,
            "wish_gender": PlainBecause.profile, "chosen_mentors": "mentor ids, for stable matching",
        ], keptOnErasure: ["chosen_mentors"])
}

extension MatchingRun: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("started_by")],
        plain: ["status": PlainBecause.code, "stage": PlainBecause.generated, "message": PlainBecause.generated])
}

extension MatchProposal: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [
            .through("mentee_id", table: Mentee.schema), .through("mentor_id", table: Mentor.schema),
            .by("overridden_by"),
        ],
        sealed: ["override_reason"],
        plain: ["explanation": PlainBecause.generated, "unmatched_reason": PlainBecause.generated])
}

extension MentoringPair: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("mentee_id", table: Mentee.schema), .through("mentor_id", table: Mentor.schema)],
        sealed: ["decline_reason"],
        plain: [
            "status": PlainBecause.code, "declined_by": PlainBecause.code,
            "external_reference":
                "the programme's own reference in its earlier records, matched so each is imported once",
        ], keptOnErasure: ["external_reference"])
}

extension MentoringSession: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("pair_id", table: MentoringPair.schema)], sealed: ["record"],
        plain: [
            "due_on": PlainBecause.date, "mode": PlainBecause.code, "status": PlainBecause.code,
            "video_link": "a meeting address the pair shares; a link only when it is https",
        ])
}

extension SessionFeedback: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("session_id", table: MentoringSession.schema)], sealed: ["comment"],
        plain: ["side": PlainBecause.code], writtenBySide: "side")
}

extension CalendarFeed: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["token_hash": PlainBecause.hash], secrets: ["token_hash"],
        erasure: .delete)
}

extension EvaluationQuestionnaire: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [], plain: ["side": PlainBecause.code, "questions": "the programme's own questions"])
}

extension EvaluationResponse: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.through("pair_id", table: MentoringPair.schema)], sealed: ["texts"],
        plain: ["side": PlainBecause.code, "ratings": "numbers 1–5, only ever counted"], writtenBySide: "side",
        keptOnErasure: ["ratings"])
}
