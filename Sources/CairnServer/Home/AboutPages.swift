import CairnPlatform
import Plot
import Vapor

/// The pages every service page links to from its footer (issue #13 item 8): how personal data is used, how
/// accessible the service is, and how to reach the unit. Public: someone deciding whether to ask for support reads
/// them before they have an account.
struct AboutController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.privacy, action: .viewPublicPage, use: privacy)
        routes.on(.accessibility, action: .viewPublicPage, use: accessibility)
        routes.on(.contact, action: .viewPublicPage, use: contact)
    }

    private func page(_ request: Request, _ title: String, _ content: Node<HTML.BodyContext>) -> HTMLPage {
        HTMLPage(
            document: PageLayout.document(
                title: title, context: request.pageContext, content: .group(.h1(.text(title)), content)))
    }

    @Sendable func privacy(request: Request) async throws -> HTMLPage {
        let organisation = request.pageContext.organisationName
        let contact = request.application.cairn.configuration.mail.from
        return page(
            request, "Privacy notice",
            .group(
                .p(
                    .text(
                        "\(organisation) runs Cairn to give confidential support to clinicians. This notice says what "
                            + "we keep about you, why, who sees it and for how long.")),
                .h2(.text("What we keep")),
                .ul(
                    .li(.text("Your name, email address and the roles you hold, so you can sign in.")),
                    .li(
                        .text(
                            "What you tell us when you ask for support, your support plan, messages and notes: "
                                + "kept encrypted, and read only by the people working with you.")),
                    .li(
                        .text(
                            "Your mentoring, peer-group, induction and registration records, each seen only inside "
                                + "that relationship.")),
                    .li(.text("A record of who opened or changed what, so misuse can be found."))),
                .h2(.text("Who sees it")),
                .p(
                    .text(
                        "Support is separate from assessment. Your supervisor, employer, regulator, administrators and "
                            + "report readers never see what you tell your case manager, mentor or peer group. Figures about "
                            + "the service never name anyone, and small numbers are hidden.")),
                .h2(.text("Why we may use it")),
                .p(
                    .text(
                        "To provide the support you asked for (a task in the public interest and the provision of "
                            + "health and occupational support), and, for figures, in a form that does not identify you."
                    )),
                .h2(.text("How long we keep it")),
                .p(
                    .text(
                        "For as long as you receive support, then for the period the unit's retention schedule sets, "
                            + "after which it is deleted.")),
                .h2(.text("Your rights")),
                .p(
                    .text(
                        "You may ask for a copy of what we hold about you, ask us to correct it, or ask us to delete "
                            + "it where the law allows. Write to \(contact). You may also complain to the Information "
                            + "Commissioner's Office (ico.org.uk)."))))
    }

    @Sendable func accessibility(request: Request) async throws -> HTMLPage {
        let contact = request.application.cairn.configuration.mail.from
        return page(
            request, "Accessibility statement",
            .group(
                .p(
                    .text(
                        "We want everyone who needs support to be able to use this service. It aims to meet the Web "
                            + "Content Accessibility Guidelines (WCAG) 2.2 at level AA.")),
                .h2(.text("What you can expect")),
                .ul(
                    .li(.text("Every page works with a keyboard alone and with a screen reader.")),
                    .li(.text("Pages reflow to a phone-width screen and to 400% zoom without scrolling sideways.")),
                    .li(.text("Forms say what went wrong beside the field, and keep what you typed.")),
                    .li(.text("Nothing needs JavaScript to work."))),
                .h2(.text("How we test it")),
                .p(
                    .text(
                        "Every page is checked automatically with axe in a real browser each time the service changes, "
                            + "and keyboard journeys are tested end to end.")),
                .h2(.text("If something does not work for you")),
                .p(
                    .text(
                        "Tell us at \(contact) and say which page and what happened. We will reply within five "
                            + "working days, and offer another way to get the same support in the meantime."))))
    }

    @Sendable func contact(request: Request) async throws -> HTMLPage {
        let organisation = request.pageContext.organisationName
        let contact = request.application.cairn.configuration.mail.from
        return page(
            request, "Contact us",
            .group(
                .p(.text("\(organisation): write to \(contact). We answer within two working days.")),
                .div(
                    .class("notice notice--important"),
                    .p(
                        .strong(.text("Cairn is not an emergency service.")),
                        .text(
                            " If you are at risk right now, call 999. For urgent advice call NHS 111. Samaritans "
                                + "listen day and night on 116 123."))),
                .p(.text("To ask for support, "), .a(.attr("href", "/refer"), .text("start here")), .text("."))))
    }
}
