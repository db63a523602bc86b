import Plot
import Vapor

/// The friendly page for 4xx and 5xx answers.
package struct ErrorPage {
    package var status: HTTPResponseStatus
    package var detail: String?
    package var requestID: String

    package var title: String {
        switch status.code {
        case 404: "Page not found"
        case 403: "You cannot do that here"
        case 400..<500: "There is a problem with that request"
        default: "Sorry, something went wrong on our side"
        }
    }

    package func document(context: PageContext) -> HTML {
        PageLayout.document(title: title, context: context, content: body())
    }

    private func body() -> Node<HTML.BodyContext> {
        .group(
            .h1(.text(title)),
            .p(.class("lead"), .text(explanation)),
            .unwrap(detail) { .p(.text($0)) },
            .p(.a(.href("/"), .text("Go to the home page"))),
            .if(status.code >= 500, .p(.class("reference"), .text("If you contact us, quote reference \(requestID)."))),
            .if(status.code >= 500, UrgentHelp.panel())
        )
    }

    private var explanation: String {
        switch status.code {
        case 404: "If you typed the web address, check it is correct. If you pasted it, check you copied all of it."
        case 403: "You do not have permission for this, or the form had expired. Go back, refresh and try again."
        case 400..<500: "Check what you sent and try again."
        default: "Nothing you entered has been lost that was already saved. Please try again in a few minutes."
        }
    }
}
