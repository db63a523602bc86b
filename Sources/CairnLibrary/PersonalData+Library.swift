import CairnPlatform
import FluentKit

// Personal-data declarations of the resource library (see `PersonalData`, docs/DATA-MAP.md).

extension LibraryItem: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("owner_id")],
        plain: [
            "title": "published guidance, written for its readers", "summary": "published guidance",
            "body": "published guidance", "url": "the address of a published page",
            "file_name": "the published document's name", "file_kind": PlainBecause.code,
            "file_sha256": PlainBecause.hash, "reasons": PlainBecause.code, "professions": PlainBecause.code,
            "visibility": PlainBecause.code, "status": PlainBecause.code, "review_on": PlainBecause.date,
            "review_notice_for": PlainBecause.date, "search_text": "published guidance, as plain words to search",
        ], sealedFile: "file")
}

extension LibraryView: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [], plain: ["month": PlainBecause.date])
}
