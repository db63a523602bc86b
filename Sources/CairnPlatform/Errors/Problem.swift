import CairnCore
import Vapor

/// An RFC 9457 problem document: how the JSON API says what went wrong.
public struct Problem: Content, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    public var requestId: String?
    /// For 422: each field that needs changing, and why.
    public var errors: [FieldProblem]?

    public struct FieldProblem: Codable, Sendable, Equatable {
        public var field: String
        public var message: String
    }

    public init(
        status: HTTPResponseStatus, detail: String? = nil, instance: String? = nil, requestId: String? = nil,
        type: String = "about:blank"
    ) {
        self.type = type
        self.title = status.reasonPhrase
        self.status = Int(status.code)
        self.detail = detail
        self.instance = instance
        self.requestId = requestId
    }

    public static let mediaType = HTTPMediaType(type: "application", subType: "problem+json")

    package func response(for request: Request) throws -> Response {
        let body = try JSONEncoder.cairn.encode(self)
        var headers = HTTPHeaders()
        headers.contentType = Self.mediaType
        return Response(status: .init(statusCode: status), headers: headers, body: .init(data: body))
    }
}

extension JSONEncoder {
    /// Sorted keys and ISO 8601 dates: stable output that diff tools and tests can rely on.
    package static var cairn: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// A request whose fields need changing: answers 422 with each field named, never a 500.
package struct ValidationFailure: AbortError {
    package var problems: [Problem.FieldProblem]

    package init(_ errors: FormErrors) {
        problems = errors.entries.map { Problem.FieldProblem(field: $0.field, message: $0.message) }
    }

    /// A typed draft's problems, each naming its field as a JSON pointer into the request body.
    package init<Field>(_ problems: [DraftProblem<Field>], jsonPointer: (Field) -> String) {
        self.problems = problems.map { Problem.FieldProblem(field: jsonPointer($0.field), message: $0.message) }
    }

    /// Many problems under one field: each line of an imported file under `/csv` (a form keeps one a field).
    package init(field: String, messages: [String]) {
        problems = messages.map { Problem.FieldProblem(field: field, message: $0) }
    }

    package var status: HTTPResponseStatus { .unprocessableEntity }
    package var reason: String {
        "Some fields need changing: " + problems.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
    }
}

extension FormErrors {
    /// What the API answers for these errors, chosen by their kind, never by their text: nothing when there are
    /// none, 409 when the record's state refuses, otherwise 422 naming each field.
    package var refusal: (any Error)? { refusal(jsonPointer: { $0 }) }

    /// The same, with each field named as the JSON pointer of what the API sent.
    package func refusal(jsonPointer: (String) -> String) -> (any Error)? {
        if isEmpty { return nil }
        if let conflict { return Abort(.conflict, reason: conflict.message) }
        var named = FormErrors()
        for entry in entries { named.add(jsonPointer(entry.field), entry.message) }
        return ValidationFailure(named)
    }
}
