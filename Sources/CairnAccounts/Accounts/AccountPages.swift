import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The views of `/account`: who you are, your sessions, password, two-step sign-in and API tokens.
package enum AccountPages {
    package struct SessionRow {
        package var id: UUID
        package var started: String
        package var lastSeen: String
        package var device: String
        package var isCurrent: Bool
    }

    package struct Overview {
        package var name: String
        package var email: String
        package var roles: [Role]
        package var hasSecondFactor: Bool
        package var sessions: [SessionRow]
        package var csrf: String
    }

    package static func overview(_ model: Overview) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Your account")),
            .el(
                "dl", .class("summary-list"),
                row("Name", model.name), row("Email", model.email),
                row("Roles", model.roles.isEmpty ? "None yet" : model.roles.map(\.title).joined(separator: ", ")),
                row("Two-step sign-in", model.hasSecondFactor ? "On" : "Off")
            ),
            .ul(
                .class("link-list"),
                .li(.a(.attr("href", SiteURL.accountPassword.path), .text("Change your password"))),
                .li(
                    .a(
                        .attr("href", SiteURL.accountSecondFactor.path),
                        .text(model.hasSecondFactor ? "Set up two-step sign-in again" : "Turn on two-step sign-in"))),
                .li(.a(.attr("href", SiteURL.accountData.path), .text("Download a copy of your data")))
            ),
            .h2(.text("Where you are signed in")),
            sessionsTable(model.sessions, csrf: model.csrf),
            Forms.buttonForm(action: SiteURL.signOut.path, csrf: model.csrf, label: "Sign out"),
            .h2(.text("Advanced")),
            .p(
                .text("Connecting other software to Cairn (a unit's own reports, a programme's tools)? "),
                .a(.attr("href", SiteURL.accountTokens.path), .text("API tokens")),
                .text(" let it act as you through the API. Most people never need one."))
        )
    }

    private static func row(_ key: String, _ value: String) -> Node<HTML.BodyContext> {
        .div(.class("summary-list__row"), .el("dt", .text(key)), .el("dd", .text(value)))
    }

    private static func sessionsTable(_ sessions: [SessionRow], csrf: String) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Your signed-in sessions")),
            .thead(.tr(.th(.text("Device")), .th(.text("Started")), .th(.text("Last active")), .th(.text("Action")))),
            .tbody(
                .forEach(sessions) { session in
                    .tr(
                        .td(.text(session.device)), .td(.text(session.started)), .td(.text(session.lastSeen)),
                        .td(
                            session.isCurrent
                                ? .text("This session")
                                : Forms.buttonForm(
                                    action: SiteURL.accountSessionEnd(session.id).path, csrf: csrf, label: "End"))
                    )
                }
            )
        )
    }

    package struct ChangePassword {
        package var errors = FormErrors()
        package var csrf: String
    }

    package static func changePassword(_ model: ChangePassword) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("Change your password")),
            .p(.text("Changing it signs you out everywhere else.")),
            Forms.form(
                action: SiteURL.accountPassword.path, csrf: model.csrf,
                Forms.text(
                    .init(
                        name: "currentPassword", label: "Current password", type: "password",
                        autocomplete: "current-password", error: model.errors["currentPassword"])),
                RegistrationPages.passwordField(error: model.errors["password"], label: "New password"),
                Forms.submit("Change password")
            )
        )
    }

    package struct Tokens {
        package struct Row {
            package var id: UUID
            package var name: String
            package var prefix: String
            package var created: String
            package var lastUsed: String
            package var status: String
            package var isLive: Bool
        }

        package var rows: [Row]
        package var newSecret: String?
        package var name = ""
        package var errors = FormErrors()
        package var csrf: String
    }

    package static func tokens(_ model: Tokens) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("API tokens")),
            .p(.text("A token lets another program use Cairn's API as you, with your roles. Keep it secret.")),
            .unwrap(model.newSecret) { secret in
                .div(
                    .class("notice notice--important"), .attr("role", "status"),
                    .h2(.text("Copy your new token now")),
                    .p(.text("It is shown only once:")),
                    .p(.code(.class("secret"), .text(secret)))
                )
            },
            tokensTable(model.rows, csrf: model.csrf),
            .h2(.text("Create a token")),
            Forms.form(
                action: SiteURL.accountTokens.path, csrf: model.csrf,
                Forms.text(
                    .init(
                        name: "name", label: "What is it for?", value: model.name,
                        hint: "For example: reporting script. Tokens expire after 90 days.", error: model.errors["name"]
                    )),
                Forms.submit("Create token")
            )
        )
    }

    private static func tokensTable(_ rows: [Tokens.Row], csrf: String) -> Node<HTML.BodyContext> {
        guard !rows.isEmpty else { return .p(.text("You have no tokens.")) }
        return .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Your API tokens")),
            .thead(
                .tr(
                    .th(.text("Name")), .th(.text("Starts with")), .th(.text("Created")), .th(.text("Last used")),
                    .th(.text("Status")), .th(.text("Action")))),
            .tbody(
                .forEach(rows) { row in
                    .tr(
                        .td(.text(row.name)), .td(.code(.text(row.prefix + "…"))), .td(.text(row.created)),
                        .td(.text(row.lastUsed)), .td(.text(row.status)),
                        .td(
                            row.isLive
                                ? Forms.buttonForm(
                                    action: SiteURL.accountTokenRevoke(row.id).path, csrf: csrf, label: "Revoke")
                                : .text("—"))
                    )
                }
            )
        )
    }
}
