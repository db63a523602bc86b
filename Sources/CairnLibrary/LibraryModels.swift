import CairnCore
import CairnPlatform
import Fluent
import Foundation

/// An item of the resource library: an article written here, a link, or a PDF kept here (sealed on disk like every
/// file, bound to this row's `file` field).
package final class LibraryItem: Model, @unchecked Sendable {
    package static let schema = "library_items"

    @ID(key: .id) package var id: UUID?
    @Field(key: "organisation_id") package var organisationID: UUID
    @Enum(key: "kind") package var kind: LibraryKind
    @Field(key: "title") package var title: String
    @Field(key: "summary") package var summary: String
    /// Markdown (articles), shown through `SafeMarkdown`.
    @Field(key: "body") package var body: String
    @OptionalField(key: "url") package var url: String?
    @OptionalField(key: "file_name") package var fileName: String?
    @OptionalEnum(key: "file_kind") package var fileKind: UploadedFileKind?
    @OptionalField(key: "file_bytes") package var fileBytes: Int?
    @OptionalField(key: "file_sha256") package var fileSHA256: String?
    /// Comma-separated referral reason codes it helps with.
    @Field(key: "reasons") package var reasonCodes: String
    /// Comma-separated profession codes it is for (empty: everyone).
    @Field(key: "professions") package var professionCodes: String
    @Enum(key: "visibility") package var visibility: LibraryVisibility
    @Enum(key: "status") package var status: LibraryStatus
    @Field(key: "review_on") package var reviewOn: String
    /// The review date its owner was last told about (once per date).
    @OptionalField(key: "review_notice_for") package var reviewNoticeFor: String?
    @Field(key: "owner_id") package var ownerID: UUID
    /// The words searched besides the title and summary: the article's text without markup.
    @Field(key: "search_text") package var searchText: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "updated_at") package var updatedAt: Date
    @Field(key: "version") package var version: Int

    package init() {}

    package var reasons: [ReferralReason] {
        reasonCodes.split(separator: ",").compactMap { ReferralReason(rawValue: String($0)) }
    }
    package var professions: [Profession] {
        professionCodes.split(separator: ",").compactMap { Profession(rawValue: String($0)) }
    }

    package var fileBinding: EnvelopeCipher.Binding? {
        id.map {
            EnvelopeCipher.Binding(table: Self.schema, recordID: $0, field: Self.personalData.sealedFile ?? "file")
        }
    }

    package func isDueForReview(today: CalendarDay) -> Bool {
        guard let day = CalendarDay(iso: reviewOn) else { return false }
        return day <= today
    }
}

/// Views of an item in one month: a count, never who.
package final class LibraryView: Model, @unchecked Sendable {
    package static let schema = "library_views"

    @ID(key: .id) package var id: UUID?
    @Field(key: "item_id") package var itemID: UUID
    @Field(key: "month") package var month: String
    @Field(key: "views") package var views: Int

    package init() {}
}
