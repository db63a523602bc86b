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

    /// A raw NUL byte anywhere (any text, a part's headers); `%00` in a form; `\u0000` in any JSON string or key.
    /// The one place bytes may hold NUL is the body of a multipart part that is a file (it has a file name): files
    /// are kept as bytes, sealed on disk, never as text, and their kind is checked by content where they are taken.
    static func bodyHasNul(_ data: Data, contentType: HTTPMediaType?) -> Bool {
        let subType = contentType?.subType.lowercased() ?? ""
        if subType == "form-data", let boundary = contentType?.parameters["boundary"], !boundary.isEmpty {
            return multipartTextHasNul(data, boundary: boundary)
        }
        if data.contains(0) { return true }
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

    /// Whether any part of a multipart body other than a file's bytes holds NUL (or `%00`). A body that does not
    /// split into parts is checked whole.
    static func multipartTextHasNul(_ data: Data, boundary: String) -> Bool {
        let bytes = [UInt8](data)
        let delimiter = [UInt8](("--" + boundary).utf8)
        var starts: [Int] = []
        var index = 0
        while index + delimiter.count <= bytes.count {
            if bytes[index] == delimiter[0], Array(bytes[index..<(index + delimiter.count)]) == delimiter {
                starts.append(index)
                index += delimiter.count
            } else {
                index += 1
            }
        }
        guard starts.count >= 2 else { return bytes.contains(0) }
        if bytes[..<starts[0]].contains(0) { return true }
        let separator: [UInt8] = [13, 10, 13, 10]
        for (start, end) in zip(starts, starts.dropFirst()) {
            let part = Array(bytes[(start + delimiter.count)..<end])
            guard let split = (0..<max(0, part.count - 3)).first(where: { Array(part[$0..<($0 + 4)]) == separator })
            else {
                if part.contains(0) { return true }
                continue
            }
            let headers = part[..<split]
            if headers.contains(0) { return true }
            let text = String(decoding: headers, as: UTF8.self).lowercased()
            let isFile = text.contains("filename=")
            if !isFile, part[(split + 4)...].contains(0) { return true }
        }
        return bytes[starts[starts.count - 1]...].dropFirst(delimiter.count).prefix(4).contains(0)
    }
}
