import CairnPlatform
import FluentKit

// Personal-data declarations of learning events (see `PersonalData`, docs/DATA-MAP.md).

extension LearningEvent: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("created_by")],
        plain: [
            "title": "the event's title, published to its audience",
            "description": "the event's description, published to its audience",
            "professions": PlainBecause.code, "grades": PlainBecause.code, "visibility": PlainBecause.code,
            "format": PlainBecause.code, "status": PlainBecause.code,
            "place": "where the event is held, published to its audience",
            "video_link": "the event's video address, given to those booked",
        ])
}

extension LearningEventSession: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [])
}

extension LearningEventOrganiser: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.person("person_id")])
}

extension EventBooking: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.person("person_id")], plain: ["status": PlainBecause.code])
}

extension EventFeedback: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [], sealed: ["comment"])
}
