import Foundation
import Vapor

/// Refuses the NUL character (U+0000) anywhere a person or client can put text: the query string, a form, a JSON
/// document or a file. No field takes it, PostgreSQL cannot store it in text (it answered 500, error 22021, from the
/// sign-in form's email, API fields, token names, CSV rows and programme names), and SQLite would cut the text at it.
/// One guard for every route, so no form or operation has to remember: 400, with one sentence.
package struct NulByteGuard: AsyncMiddleware {
    package init() {}

    package static let refusal = Abort(
        .badRequest,
        reason: "The request contains the NUL character (U+0000), which no field accepts. Remove it and try again.")

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.queryHasNul(request.url.query) { throw Self.refusal }
        if ![.GET, .HEAD, .OPTIONS].contains(request.method),
            let body = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get(),
            Self.bodyHasNul(Data(buffer: body), contentType: request.headers.contentType)
        {
            throw Self.refusal
        }
        return try await next.respond(to: request)
    }

    static func queryHasNul(_ query: String?) -> Bool {
        guard let query else { return false }
        return query.contains("\u{0}") || query.range(of: "%00", options: .caseInsensitive) != nil
    }

    /// A raw NUL byte anywhere (a file, any text); `%00` in a form; `\u0000` in any JSON string or key.
    static func bodyHasNul(_ data: Data, contentType: HTTPMediaType?) -> Bool {
        if data.contains(0) { return true }
        let subType = contentType?.subType.lowercased() ?? ""
        if subType == "x-www-form-urlencoded" {
            return String(decoding: data, as: UTF8.self).range(of: "%00", options: .caseInsensitive) != nil
        }
        if subType == "json" || subType.hasSuffix("+json") || contentType == nil {
            guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                return false
            }
            return jsonHasNul(object)
        }
        return false
    }

    static func jsonHasNul(_ value: Any) -> Bool {
        switch value {
        case let text as String: text.contains("\u{0}")
        case let dictionary as [String: Any]:
            dictionary.keys.contains { $0.contains("\u{0}") } || dictionary.values.contains(where: jsonHasNul)
        case let array as [Any]: array.contains(where: jsonHasNul)
        default: false
        }
    }
}
