import Plot
import Vapor

/// A rendered HTML document with its status, as a Vapor response.
///
/// Every page goes through `PageLayout.document(…)` and comes back as one of these, so headers and the
/// character set are set in one place.
public struct HTMLPage: AsyncResponseEncodable, Sendable {
    public var status: HTTPResponseStatus
    public var html: String

    public init(status: HTTPResponseStatus = .ok, document: HTML) {
        self.status = status
        self.html = document.render()
    }

    public func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: html))
    }
}

extension Request {
    /// A page in the site's shell: the one way controllers render HTML.
    package func page(_ title: String, status: HTTPResponseStatus = .ok, _ content: Node<HTML.BodyContext>) -> HTMLPage
    {
        HTMLPage(status: status, document: PageLayout.document(title: title, context: pageContext, content: content))
    }
}

extension FormErrors {
    /// The status a page with these errors answers: 200 with none, 409 when the record moved on under the page (or
    /// its state refuses the value), 422 for what was typed.
    package var pageStatus: HTTPResponseStatus {
        isEmpty ? .ok : conflict != nil ? .conflict : .unprocessableEntity
    }
}
