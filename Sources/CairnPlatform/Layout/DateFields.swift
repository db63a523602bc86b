import Foundation
import NIOCore
import Vapor

/// The three boxes of a date (`Forms.date`) as one field: a form sends `startsOn-day`, `startsOn-month` and
/// `startsOn-year`; before any handler reads it, `startsOn` holds "2027-03-04" (numbers padded), so every handler,
/// service and the API keep reading one ISO date and a validator refuses anything else as it always has. What
/// was typed that is not a date ("31", "x", "2027") is joined as typed ("2027-x-31") and refused by the same
/// validator, and the page puts each part back in its box.
package enum DateFields {
    /// The field `startsOn` from its three parts: empty when all three are, else year-month-day with the day and
    /// month padded to two digits. The year is left as typed: "27" stays "27" and is refused, never year 27.
    package static func join(day: String, month: String, year: String) -> String {
        let trimmed = [year, month, day].map { $0.trimmingCharacters(in: .whitespaces) }
        if trimmed.allSatisfy(\.isEmpty) { return "" }
        func padded(_ part: String) -> String {
            guard (1...2).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return part }
            return part.count == 1 ? "0" + part : part
        }
        return [trimmed[0], padded(trimmed[1]), padded(trimmed[2])].joined(separator: "-")
    }

    /// The boxes' contents for a value: an ISO date's parts (without leading zeros on day and month), a value
    /// joined from what was typed split the same way, anything else in the year box (so nothing typed is lost).
    package static func parts(of value: String) -> (day: String, month: String, year: String) {
        let pieces = value.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard pieces.count == 3 else { return ("", "", value) }
        func short(_ piece: String) -> String {
            guard let number = Int(piece), piece.allSatisfy(\.isASCII) else { return piece }
            return String(number)
        }
        return (short(pieces[2]), short(pieces[1]), pieces[0])
    }

    /// A form's pairs with each complete day/month/year triple replaced by its joined field (in the day's place);
    /// a plain field of a joined name gives way to the boxes. Nil when the form has no triple.
    package static func joined(_ pairs: [(name: String, value: String)]) -> [(name: String, value: String)]? {
        let names = Set(pairs.map(\.name))
        let bases = Set(
            names.compactMap { name -> String? in
                guard name.hasSuffix("-day") else { return nil }
                let base = String(name.dropLast(4))
                return !base.isEmpty && names.contains(base + "-month") && names.contains(base + "-year") ? base : nil
            })
        guard !bases.isEmpty else { return nil }
        func value(_ name: String) -> String { pairs.first { $0.name == name }?.value ?? "" }
        var result: [(name: String, value: String)] = []
        for pair in pairs where !bases.contains(pair.name) {
            if let base = bases.first(where: { pair.name == $0 + "-day" }) {
                result.append(
                    (base, join(day: value(base + "-day"), month: value(base + "-month"), year: value(base + "-year"))))
            } else if !bases.contains(where: { pair.name == $0 + "-month" || pair.name == $0 + "-year" }) {
                result.append(pair)
            }
        }
        return result
    }
}

/// Joins the date boxes of a form before anything reads it (`DateFields`): URL-encoded forms and multipart ones
/// (a form with a file). Only a whole triple is joined; a field of the same name sent as well gives way to the boxes.
package struct DateFieldsJoiner: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, let type = request.headers.contentType,
            type == .urlEncodedForm || type == .formData
        else { return try await next.respond(to: request) }
        if request.body.data == nil {
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        }
        guard let buffer = request.body.data else { return try await next.respond(to: request) }
        if type == .urlEncodedForm {
            guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
                text.contains("-day="), let joined = DateFields.joined(URLEncodedPairs.decode(text))
            else { return try await next.respond(to: request) }
            try request.content.encode(
                RawForm(bytes: ByteBuffer(string: URLEncodedPairs.encode(joined))), using: RawFormEncoder())
        } else {
            guard let boundary = type.parameters["boundary"],
                let joined = try Self.joinedParts(buffer, boundary: boundary)
            else { return try await next.respond(to: request) }
            var body = ByteBuffer()
            try MultipartSerializer().serialize(parts: joined, boundary: boundary, into: &body)
            try request.content.encode(RawForm(bytes: body), using: RawFormEncoder())
            request.headers.contentType = type
        }
        return try await next.respond(to: request)
    }

    /// A multipart form's parts with each date triple joined (text parts only; a file is never a date's box).
    static func joinedParts(_ buffer: ByteBuffer, boundary: String) throws -> [MultipartPart]? {
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var body = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { headers.replaceOrAdd(name: $0, value: $1) }
        parser.onBody = { body.writeBuffer(&$0) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: body))
            headers = HTTPHeaders()
            body = ByteBuffer()
        }
        try parser.execute(buffer)
        let texts: [(name: String, value: String)] = parts.compactMap { part in
            guard let name = part.name, part.headers.first(name: "Content-Disposition")?.contains("filename=") != true,
                name.hasSuffix("-day") || name.hasSuffix("-month") || name.hasSuffix("-year")
            else { return nil }
            return (name, part.body.getString(at: part.body.readerIndex, length: part.body.readableBytes) ?? "")
        }
        guard !texts.isEmpty, let joined = DateFields.joined(texts) else { return nil }
        let replaced = Set(texts.map(\.name))
        let dates = joined.filter { !replaced.contains($0.name) }
        let bases = Set(dates.map(\.name))
        var result: [MultipartPart] = []
        for part in parts {
            guard let name = part.name else {
                result.append(part)
                continue
            }
            if bases.contains(name) { continue }  // a plain field of a joined name gives way
            if let date = dates.first(where: { name == $0.name + "-day" }) {
                var joinedPart = MultipartPart(body: date.value)
                joinedPart.name = date.name
                result.append(joinedPart)
            } else if !(replaced.contains(name) && bases.contains { name.hasPrefix($0 + "-") }) {
                result.append(part)
            }
        }
        return result
    }
}

/// A form body already encoded, written as it is.
private struct RawForm: Encodable {
    var bytes: ByteBuffer

    func encode(to encoder: any Encoder) throws {}
}

private struct RawFormEncoder: ContentEncoder {
    func encode<E: Encodable>(_ encodable: E, to body: inout ByteBuffer, headers: inout HTTPHeaders) throws {
        guard var form = encodable as? RawForm else { throw Abort(.internalServerError) }
        body.writeBuffer(&form.bytes)
    }
}
