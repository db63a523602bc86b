import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// A programme's end-of-programme questionnaire for one side.
package final class EvaluationQuestionnaire: Model, @unchecked Sendable {
    package static let schema = "evaluation_questionnaires"

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme_id") package var programmeID: UUID
    @Field(key: "side") package var side: String
    @Field(key: "questions") package var questions: String
    @Field(key: "updated_at") package var updatedAt: Date

    package init() {}
}

/// One person's answers at the end: ratings in the clear (they are only ever counted), free text sealed.
package final class EvaluationResponse: Model, @unchecked Sendable {
    package static let schema = "evaluation_responses"

    @ID(key: .id) package var id: UUID?
    @Field(key: "programme_id") package var programmeID: UUID
    @Field(key: "pair_id") package var pairID: UUID
    @Field(key: "side") package var side: String
    @Field(key: "answered_at") package var answeredAt: Date
    @Field(key: "ratings") package var ratings: String
    @OptionalField(key: "texts") package var texts: String?

    package init() {}

    package static func textsBinding(_ id: UUID) -> EnvelopeCipher.Binding {
        .init(table: schema, recordID: id, field: "texts")
    }
}
