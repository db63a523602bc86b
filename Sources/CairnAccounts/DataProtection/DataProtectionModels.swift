import CairnPlatform
import Fluent
import Foundation

/// A subject access request as the organisation received it (issue #20 item 1): whose data, who asked, when, and
/// the day it is due (one calendar month on, UK GDPR Article 12(3)); and when it was answered.
package final class SubjectAccessRequest: Model, @unchecked Sendable {
    package static let schema = "subject_access_requests"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    /// Who asked, in the administrator's words (the person, or someone acting for them): sealed.
    @Field(key: "asked_by") package var askedBy: String
    @Field(key: "received_on") package var receivedOn: String
    @Field(key: "due_on") package var dueOn: String
    @Field(key: "recorded_by") package var recordedBy: UUID
    @Field(key: "recorded_at") package var recordedAt: Date
    @OptionalField(key: "answered_at") package var answeredAt: Date?
    @OptionalField(key: "answered_by") package var answeredBy: UUID?

    package init() {}
}

/// The organisation's rule for one kind of record: whether words someone else wrote about a person are included in
/// their export or withheld (and listed). A kind without a row is included.
package final class DisclosureRule: Model, @unchecked Sendable {
    package static let schema = "disclosure_rules"

    @ID(key: .id) package var id: UUID?
    @Field(key: "kind") package var kind: String
    @Field(key: "rule") package var rule: String
    @Field(key: "updated_by") package var updatedBy: UUID
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

extension SubjectAccessRequest: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id"), .by("recorded_by"), .by("answered_by")], sealed: ["asked_by"],
        plain: ["received_on": PlainBecause.date, "due_on": PlainBecause.date],
        erasure: .keep("the organisation's record of answering a request the law gives, kept to show it was answered"))
}

extension DisclosureRule: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.by("updated_by")], plain: ["kind": PlainBecause.code, "rule": PlainBecause.code])
}

/// An erasure of a person's data as it was done (issue #20 item 2): whose, why (the administrator's words, sealed),
/// by whom, when, and what it changed, by kind ("table action rows", one per line).
package final class ErasureRecord: Model, @unchecked Sendable {
    package static let schema = "erasures"

    @ID(key: .id) package var id: UUID?
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "reason") package var reason: String
    @Field(key: "erased_by") package var erasedBy: UUID
    @Field(key: "erased_at") package var erasedAt: Date
    @Field(key: "summary") package var summary: String

    package init() {}
}

extension ErasureRecord: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [.person("person_id"), .by("erased_by")], sealed: ["reason"],
        plain: ["summary": PlainBecause.generated],
        erasure: .keep("the organisation's record that it erased a person's data, when and why"))
}

/// The organisation's retention rule for one kind of record (`RetentionKind`): erase it this many years after its
/// period starts, and whether Cairn does so by itself each day. A kind without a row has its default period and is
/// applied only by an administrator.
package final class RetentionRule: Model, @unchecked Sendable {
    package static let schema = "retention_rules"

    @ID(key: .id) package var id: UUID?
    @Field(key: "kind") package var kind: String
    @Field(key: "years") package var years: Int
    @Field(key: "automatic") package var automatic: Bool
    @Field(key: "updated_by") package var updatedBy: UUID
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// A record a retention rule erased, so the rule passes it by from then on.
package final class ErasedRecord: Model, @unchecked Sendable {
    package static let schema = "erased_records"

    @ID(key: .id) package var id: UUID?
    @Field(key: "table_name") package var tableName: String
    @Field(key: "record_id") package var recordID: UUID
    @Field(key: "kind") package var kind: String
    @Field(key: "erased_at") package var erasedAt: Date

    package init() {}
}

extension RetentionRule: DeclaresPersonalData {
    package static let personalData = PersonalData(whose: [.by("updated_by")], plain: ["kind": PlainBecause.code])
}

extension ErasedRecord: DeclaresPersonalData {
    package static let personalData = PersonalData(
        whose: [], plain: ["table_name": PlainBecause.code, "kind": PlainBecause.code])
}
