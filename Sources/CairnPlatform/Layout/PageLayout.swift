import Plot

/// What every page needs to know about where it is shown: the organisation and the navigation.
public struct PageContext: Sendable {
    public var organisationName: String
    public var navigation: [NavigationItem]
    public var currentPath: String
    /// For someone signed in: where the header's "Sign out" posts, with the session's form token.
    package var signOut: HeaderSignOut?

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

    package init(action: String, csrf: String) {
        self.action = action
        self.csrf = csrf
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
                header(context),
                .div(
                    .class("page"),
                    .element(named: "main", nodes: [.id("main"), .attr("tabindex", "-1"), content])
                ),
                footer()
            )
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
