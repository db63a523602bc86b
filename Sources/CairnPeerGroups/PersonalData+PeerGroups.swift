import CairnPlatform
import FluentKit

// Personal-data declarations of peer groups (see `PersonalData`, docs/DATA-MAP.md).

extension PeerGroup: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("created_by")],
        plain: [
            "name": "the group's own name", "audience": "the group's own description",
            "place": "where the group meets (a room or a video link), shown to members",
            "agreement": "the group's confidentiality agreement, the same for every member",
        ])
}

extension PeerGroupMember: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["kind": PlainBecause.code])
}

extension PeerMeeting: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [
            .through("group_id", table: PeerGroup.schema),
            // Those who attended may read its record; a place alone (coming, waiting, withdrawn) is in their export
            // as the place.
            .listedIn(
                table: MeetingPlace.schema, parent: "meeting_id", person: "person_id",
                when: .init("status", is: "attended")),
        ],
        sealed: ["record"],
        plain: [
            "day": PlainBecause.date, "status": PlainBecause.code, "themes": PlainBecause.code,
            "rule_day": PlainBecause.date,
            "place": "where this one meeting is held after a one-off move (a room or a video link), shown to members",
        ])
}

extension MeetingPlace: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["status": PlainBecause.code])
}

extension Reflection: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("author_id")], sealed: ["content"],
        plain: ["model": PlainBecause.code, "written_on": PlainBecause.date],
        // The reader decodes the content: an erased reflection opens as one with no words.
        erasedAs: ["content": .text(#"{"title":"[erased]","answers":{},"codeThemes":[]}"#)])
}

extension ReflectionTemplate: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("created_by")],
        plain: [
            "title": "the organisation's name for a reflective model, the same for everyone",
            "citation": "where the model comes from", "stages": "the model's stage titles and prompts, for everyone",
        ])
}

extension PeerGroupInvitation: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id")], plain: ["kind": PlainBecause.code, "status": PlainBecause.code])
}

extension PresenterSwap: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("from_person"), .person("to_person")], plain: ["status": PlainBecause.code])
}
