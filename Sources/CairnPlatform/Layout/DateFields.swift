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

/// Joins the date boxes of a URL-encoded form before anything reads it (`DateFields`). Only forms are touched, and
/// only when they hold a whole triple; a field of the same name sent as well is replaced, so the boxes decide.
package struct DateFieldsJoiner: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST, request.headers.contentType == .urlEncodedForm else {
            return try await next.respond(to: request)
        }
        if request.body.data == nil {
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        }
        guard let buffer = request.body.data,
            let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
            text.contains("-day=")
        else { return try await next.respond(to: request) }
        guard let joined = DateFields.joined(URLEncodedPairs.decode(text)) else {
            return try await next.respond(to: request)
        }
        try request.content.encode(RawForm(text: URLEncodedPairs.encode(joined)), using: RawFormEncoder())
        return try await next.respond(to: request)
    }
}

/// A form body already encoded, written as it is.
private struct RawForm: Encodable {
    var text: String
}

private struct RawFormEncoder: ContentEncoder {
    func encode<E: Encodable>(_ encodable: E, to body: inout ByteBuffer, headers: inout HTTPHeaders) throws {
        guard let form = encodable as? RawForm else { throw Abort(.internalServerError) }
        body.writeString(form.text)
        headers.contentType = .urlEncodedForm
    }
}
