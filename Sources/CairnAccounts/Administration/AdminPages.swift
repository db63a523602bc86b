import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The views of `/admin/people`.
package enum AdminPages {
    package static func statusLabel(_ status: Person.Status) -> String {
        switch status {
        case .active: "Active"
        case .disabled: "Disabled"
        case .invited: "Invited"
        case .unverified: "Email not confirmed"
        }
    }

    package struct PeopleList {
        package var query: String
        package var filter = AdminService.PeopleFilter()
        package var found: AdminService.PeoplePage
    }

    static let statusChoices: [Forms.Choice] = [Person.Status.active, .invited, .unverified, .disabled].map {
        Forms.Choice(value: $0.rawValue, label: statusLabel($0))
    }

    package static func people(_ model: PeopleList) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("People")),
            .p(.a(.class("button"), .attr("href", SiteURL.adminInvite.path), .text("Invite a member of staff"))),
            .el(
                "form", .attr("method", "get"), .attr("action", SiteURL.adminPeople.path), .attr("role", "search"),
                Forms.text(.init(name: "q", label: "Find people by name or email", value: model.query, type: "search")),
                .div(
                    .class("filters"),
                    Forms.select(
                        name: "role", label: "Role",
                        choices: Role.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) },
                        selected: model.filter.role?.rawValue, blank: "Any role"),
                    Forms.select(
                        name: "status", label: "Account", choices: statusChoices,
                        selected: model.filter.status?.rawValue, blank: "Any")),
                Forms.submit("Search", secondary: true)
            ),
            .if(
                model.found.rows.isEmpty, .p(.text("No one matches.")),
                else: .group(peopleTable(model.found.rows), pager(model)))
        )
    }

    /// "1,342 people. Page 2 of 27. Previous · Next", keeping the search.
    private static func pager(_ model: PeopleList) -> Node<HTML.BodyContext> {
        let found = model.found
        func link(_ page: Int) -> String {
            var items: [URLQueryItem] = []
            if !model.query.isEmpty { items.append(URLQueryItem(name: "q", value: model.query)) }
            if let role = model.filter.role { items.append(URLQueryItem(name: "role", value: role.rawValue)) }
            if let status = model.filter.status { items.append(URLQueryItem(name: "status", value: status.rawValue)) }
            items.append(URLQueryItem(name: "page", value: String(page)))
            var components = URLComponents()
            components.queryItems = items
            return SiteURL.adminPeople.path + (components.url?.absoluteString ?? "")
        }
        let total = found.paging.total
        return Pager.render(found.paging, lead: "\(total) \(total == 1 ? "person" : "people"). ", link: link)
    }

    private static func peopleTable(_ rows: [AdminService.PersonRow]) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("People")),
            .thead(.tr(.th(.text("Name")), .th(.text("Email")), .th(.text("Roles")), .th(.text("Status")))),
            .tbody(
                .forEach(rows) { row in
                    .tr(
                        .td(.a(.attr("href", SiteURL.adminPerson(row.id).path), .text(row.name))),
                        .td(.text(row.email)),
                        .td(.text(row.roles.map(\.title).joined(separator: ", ").nonEmpty ?? "None")),
                        .td(.text(statusLabel(row.status)))
                    )
                }
            )
        )
    }

    package static func roleChoices() -> [Forms.Choice] {
        Role.allCases.map { role in
            Forms.Choice(value: role.rawValue, label: role.title, hint: roleHint(role))
        }
    }

    private static func roleHint(_ role: Role) -> String {
        switch role {
        case .clinician: "Can ask for support and see their own support"
        case .mentor: "Mentors in a programme; sees only their own mentees' records"
        case .supervisor: "Can refer with consent; never sees support content"
        case .caseManager: "Triages and supports clinicians assigned to them (two-step sign-in)"
        case .unitLead: "Leads the case managers: allocates referrals, sees team figures (two-step sign-in)"
        case .facilitator: "Facilitates practice development planning and peer groups"
        case .programmeLead: "Runs programmes; sees figures only (two-step sign-in)"
        case .admin: "Manages accounts; never sees support content (two-step sign-in)"
        case .responsibleOfficer:
            "Sees appraisal and revalidation dates and which evidence is present, never its content (two-step sign-in)"
        }
    }

    package struct Invite {
        package var name = ""
        package var email = ""
        package var roles: Set<String> = []
        package var errors = FormErrors()
        package var csrf: String
    }

    package static func invite(_ model: Invite) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("Invite a member of staff")),
            .p(.text("They will get an email with a link to choose a password. The link lasts 7 days.")),
            Forms.form(
                action: SiteURL.adminInvite.path, csrf: model.csrf,
                Forms.text(
                    .init(name: "displayName", label: "Name", value: model.name, error: model.errors["displayName"])),
                Forms.text(
                    .init(
                        name: "email", label: "Email address", value: model.email, type: "email",
                        error: model.errors["email"], spellcheck: false)),
                Forms.checkboxes(
                    name: "roles", legend: "Roles", choices: roleChoices(), checked: model.roles,
                    hint: "Select all that apply.", error: model.errors["roles"]),
                Forms.submit("Send invitation")
            )
        )
    }

    package struct PersonDetail {
        package var row: AdminService.PersonRow
        package var error: String?
        package var csrf: String
    }

    package static func person(_ model: PersonDetail) -> Node<HTML.BodyContext> {
        let row = model.row
        let disabled = row.status == .disabled
        return .group(
            .unwrap(model.error) { message in
                .div(
                    .class("error-summary"), .attr("role", "alert"),
                    .h2(.class("error-summary__title"), .text("There is a problem")),
                    .p(.text(message)))
            },
            .p(.a(.attr("href", SiteURL.adminPeople.path), .text("Back to people"))),
            .h1(.text(row.name)),
            .el(
                "dl", .class("summary-list"),
                .div(.class("summary-list__row"), .el("dt", .text("Email")), .el("dd", .text(row.email))),
                .div(.class("summary-list__row"), .el("dt", .text("Status")), .el("dd", .text(statusLabel(row.status))))
            ),
            .h2(.text("Roles")),
            Forms.form(
                action: SiteURL.adminPersonRoles(row.id).path, csrf: model.csrf,
                Forms.checkboxes(
                    name: "roles", legend: "Roles in this organisation", choices: roleChoices(),
                    checked: Set(row.roles.map(\.rawValue)), hint: "Changing roles signs them out everywhere."),
                Forms.submit("Save roles")
            ),
            .h2(.text(disabled ? "Enable the account" : "Disable the account")),
            .p(
                .text(
                    disabled
                        ? "They will be able to sign in again." : "They will be signed out at once and cannot sign in.")
            ),
            Forms.form(
                action: SiteURL.adminPersonStatus(row.id).path, csrf: model.csrf,
                .void(
                    "input",
                    [.attr("type", "hidden"), .attr("name", "disabled"), .attr("value", disabled ? "false" : "true")]),
                Forms.submit(disabled ? "Enable account" : "Disable account", secondary: true)
            )
        )
    }
}
