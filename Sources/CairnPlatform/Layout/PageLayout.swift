import Plot

/// What every page needs to know about where it is shown: the organisation and the navigation.
public struct PageContext: Sendable {
    public var organisationName: String
    public var navigation: [NavigationItem]
    public var currentPath: String
    /// For someone signed in: where the header's "Sign out" posts, with the session's form token.
    package var signOut: HeaderSignOut?
    /// Whether the page offers "Exit this page" (support pages: `ExitThisPage`).
    package var exitThisPage = false
    /// What the action before this page did, when its address names a declared notice (`Notices.swift`).
    package var notice: Notice?

    public init(organisationName: String, navigation: [NavigationItem], currentPath: String) {
        self.organisationName = organisationName
        self.navigation = navigation
        self.currentPath = currentPath
    }
}

/// The header's sign-out form: set by whatever signs a person in for pages (the accounts feature's session
/// authenticator), so every page of a signed-in person offers it and no page has to remember to.
package struct HeaderSignOut: Sendable, Equatable {
    package var action: String
    package var csrf: String
    /// For a fully signed-in person: the warning before an idle time-out (WCAG 2.2.1, issue #20 item 6).
    package var timeOut: SessionTimeOut?

    package init(action: String, csrf: String, timeOut: SessionTimeOut? = nil) {
        self.action = action
        self.csrf = csrf
        self.timeOut = timeOut
    }
}

/// What the page's time-out warning needs: how long is left as the page is made, where to ask again (without
/// counting as activity) and where "Stay signed in" posts.
package struct SessionTimeOut: Sendable, Equatable {
    /// The idle limit, and how much of it is left as the page is made.
    package var idleSeconds: Int
    package var remainingSeconds: Int
    package var remainingPath: String
    package var keepAlivePath: String

    package init(idleSeconds: Int, remainingSeconds: Int, remainingPath: String, keepAlivePath: String) {
        self.idleSeconds = idleSeconds
        self.remainingSeconds = remainingSeconds
        self.remainingPath = remainingPath
        self.keepAlivePath = keepAlivePath
    }
}

public struct NavigationItem: Sendable, Equatable {
    public var label: String
    public var path: String

    public init(label: String, path: String) {
        self.label = label
        self.path = path
    }
}

/// The one shell every page is drawn in: skip link, header, navigation, main, footer.
public enum PageLayout {
    public static func document(title: String, context: PageContext, content: Node<HTML.BodyContext>) -> HTML {
        HTML(
            .lang(.english),
            head(title: title, organisationName: context.organisationName),
            .body(
                .a(.class("skip-link"), .href("#main"), .text("Skip to main content")),
                .if(context.exitThisPage, exitThisPage()),
                header(context),
                .div(
                    .class("page"),
                    .element(
                        named: "main",
                        nodes: [
                            .id("main"), .attr("tabindex", "-1"), .unwrap(context.notice) { noticeBanner($0) }, content,
                        ])
                ),
                footer(),
                // Labels each table cell with its column's header for the phone layout (tables.js).
                .element(named: "script", nodes: [.attr("src", "/js/tables.js"), .attr("defer", "defer")]),
                .unwrap(context.signOut) { signOut in
                    .unwrap(signOut.timeOut) { timeOutWarning($0, signOut: signOut) }
                }
            )
        )
    }

    /// "Exit this page": a plain link without the script; with it, the page is hidden at once and replaced in the
    /// history, and Shift pressed three times does the same.
    private static func exitThisPage() -> Node<HTML.BodyContext> {
        .group(
            .div(
                .class("exit-this-page"),
                .a(
                    .class("button exit-this-page__button"), .attr("href", ExitThisPage.destination),
                    .attr("rel", "nofollow noreferrer"), .text("Exit this page")),
                .p(.class("exit-this-page__hint"), .text("Or press Shift three times"))),
            .element(named: "script", nodes: [.attr("src", "/js/exit-this-page.js"), .attr("defer", "defer")]))
    }

    /// A dialog the script opens two minutes before an idle time-out (half the time when that is shorter), with a
    /// way to stay signed in; when time runs out it says so and that a form sent now is kept through signing in
    /// again. Without the script nothing shows and nothing changes.
    private static func timeOutWarning(_ timeOut: SessionTimeOut, signOut: HeaderSignOut) -> Node<HTML.BodyContext> {
        .group(
            .element(
                named: "dialog",
                nodes: [
                    .class("timeout"), .id("session-timeout"), .attr("aria-labelledby", "session-timeout-title"),
                    .attr("aria-describedby", "session-timeout-text"),
                    .attr("data-idle", String(timeOut.idleSeconds)),
                    .attr("data-remaining", String(timeOut.remainingSeconds)),
                    .attr("data-remaining-path", timeOut.remainingPath),
                    .h2(.id("session-timeout-title"), .text("You will be signed out soon")),
                    .p(
                        .id("session-timeout-text"),
                        .span(
                            .class("timeout__idle"),
                            .text("You have not done anything here for a while. To keep what you see private, ")),
                        .span(
                            .class("timeout__absolute"), .attr("hidden", "hidden"),
                            .text(
                                "You have been signed in for as long as one sign-in lasts. Finish what you are doing: ")
                        ),
                        .text("you will be signed out in "),
                        .span(.class("timeout__left"), .text("2 minutes")), .text(".")),
                    .div(
                        .class("timeout__actions"),
                        Forms.form(
                            action: timeOut.keepAlivePath, csrf: signOut.csrf, Forms.submit("Stay signed in")),
                        Forms.form(
                            action: signOut.action, csrf: signOut.csrf, Forms.submit("Sign out now", secondary: true))),
                    .div(
                        .class("timeout__ended"), .attr("hidden", "hidden"),
                        .h2(.id("session-ended-title"), .text("You have been signed out")),
                        .p(
                            .text(
                                "Anything you typed on this page is still here. Most forms, sent now, are kept for you to send "
                                    + "after signing in again (not those with a password, a code or a file).")),
                        .el(
                            "button", .attr("type", "button"), .class("button button--secondary timeout__close"),
                            .text("Close"))),
                ]),
            .element(named: "script", nodes: [.attr("src", "/js/session-timeout.js"), .attr("defer", "defer")])
        )
    }

    private static func head(title: String, organisationName: String) -> Node<HTML.DocumentContext> {
        .head(
            .meta(.charset(.utf8)),
            .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
            // Plot's `.title` would also copy the text, unescaped, into og:/twitter: meta attributes: a plain element.
            .element(named: "title", text: "\(title) – Cairn – \(organisationName)"),
            .link(.rel(.stylesheet), .href("/css/cairn.css")),
            .link(.rel(.icon), .href("/favicon.svg"), .type("image/svg+xml"))
        )
    }

    private static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        .header(
            .class("site-header"),
            .div(
                .class("site-header__inner"),
                .a(
                    .class("brand"), .href("/"),
                    .span(.class("brand__mark"), .attr("aria-hidden", "true")),
                    .span(.class("brand__name"), .text("Cairn")),
                    .span(.class("brand__org"), .text(context.organisationName))
                ),
                navigation(context),
                .unwrap(context.signOut) { signOut in
                    .div(
                        .class("site-header__sign-out"),
                        Forms.form(
                            action: signOut.action, csrf: signOut.csrf, Forms.submit("Sign out", secondary: true)))
                }
            )
        )
    }

    private static func navigation(_ context: PageContext) -> Node<HTML.BodyContext> {
        .nav(
            .class("site-nav"), .attr("aria-label", "Main"),
            .ul(
                .forEach(context.navigation) { item in
                    .li(
                        .a(
                            .attr("href", item.path),
                            .if(item.path == context.currentPath, .attr("aria-current", "page")),
                            .text(item.label)
                        )
                    )
                }
            )
        )
    }

    private static func footer() -> Node<HTML.BodyContext> {
        .footer(
            .class("site-footer"),
            .div(
                .class("site-footer__inner"),
                .p(
                    .strong(.text("Cairn is not an emergency service.")),
                    .text(" If you are at risk right now, call 999. For urgent advice call NHS 111. "),
                    .text("Samaritans listen day and night on 116 123.")
                ),
                .p(
                    .class("site-footer__small"),
                    .text("What you tell us stays within your support relationship. "),
                    .text("It is never shared with your supervisor, employer or regulator without your consent.")
                ),
                .ul(
                    .class("site-footer__links"),
                    .li(.a(.attr("href", SiteURL.privacy.path), .text("Privacy notice"))),
                    .li(.a(.attr("href", SiteURL.accessibility.path), .text("Accessibility statement"))),
                    .li(.a(.attr("href", SiteURL.contact.path), .text("Contact us")))
                )
            )
        )
    }
}
