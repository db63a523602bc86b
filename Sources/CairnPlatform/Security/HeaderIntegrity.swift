import Vapor

/// Checks every response's header names and values once, whatever produced them (a redirect target, a cookie, a
/// file name): a CR, LF or NUL would let a value start a header of its own (response splitting). Such a response
/// is never sent; a 500 takes its place and the log says which header was refused (its name, never its value).
package struct HeaderIntegrity: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard let bad = Self.firstUnsafeHeader(response.headers) else { return response }
        request.logger.error(
            "response refused: a header carried a control character",
            metadata: ["header": "\(Self.isSafe(bad) ? bad : "(unprintable name)")"])
        let refused = Response(status: .internalServerError)
        refused.headers.contentType = .plainText
        refused.body = .init(string: "Something went wrong on our side. Reference: \(request.id)\n")
        return refused
    }

    package static func isSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    /// The name of the first header whose name or value could split the response; nil when all are clean.
    package static func firstUnsafeHeader(_ headers: HTTPHeaders) -> String? {
        headers.first { !isSafe($0.name) || !isSafe($0.value) }?.name
    }

    package init() {}
}
