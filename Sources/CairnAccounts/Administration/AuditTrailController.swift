import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/admin/audit`: the audit trail's entries for administrators, newest first, found by who did it, whom it was
/// about, the action and its outcome (people by email, as administrators know them). Never a reason's words.
package struct AuditTrailController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.auditTrail, action: .readAuditTrail, use: show)
    }

    /// What was typed into the filter, kept as typed.
    package struct Typed: Sendable {
        package var who = ""
        package var about = ""
        package var action = ""
        package var outcome = ""
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        var typed = Typed()
        typed.who = String(((try? request.query.get(String.self, at: "who")) ?? "").prefix(320))
        typed.about = String(((try? request.query.get(String.self, at: "about")) ?? "").prefix(320))
        typed.action = String(((try? request.query.get(String.self, at: "action")) ?? "").prefix(100))
        typed.outcome = (try? request.query.get(String.self, at: "outcome")) ?? ""
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        var errors = FormErrors()
        var filter = AuditTrail.Filter(outcome: AuditEvent.Outcome(rawValue: typed.outcome))
        func person(_ email: String, field: String) async throws -> UUID? {
            let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !email.isEmpty else { return nil }
            guard let found = try await Accounts.person(email: email, on: request.db) else {
                errors.add(field, "No one has the email address \(email)")
                return nil
            }
            return try found.requireID()
        }
        filter.actor = try await person(typed.who, field: "who")
        filter.subject = try await person(typed.about, field: "about")
        let action = typed.action.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: " ", with: "_")
        if !action.isEmpty {
            if AuditTrail.isActionName(action) {
                filter.action = action
            } else {
                errors.add("action", "Enter an action as the trail names it, for example case reallocated")
            }
        }
        let trail = AuditTrail(context: ServiceContext(request))
        guard errors.isEmpty else {
            return request.page(
                Forms.title("Audit trail", errors: errors), status: .unprocessableEntity,
                AuditTrailPages.render(typed: typed, found: nil, errors: errors, display: request.displayTime))
        }
        let found = try await trail.entries(filter, page: page)
        try await trail.recordRead(filter, page: found.paging.page)
        return request.page(
            "Audit trail",
            AuditTrailPages.render(typed: typed, found: found, errors: errors, display: request.displayTime))
    }
}

/// The view of `/admin/audit`.
package enum AuditTrailPages {
    static let outcomes: [Forms.Choice] = [
        Forms.Choice(value: AuditEvent.Outcome.success.rawValue, label: "Done"),
        Forms.Choice(value: AuditEvent.Outcome.denied.rawValue, label: "Refused by the policy"),
        Forms.Choice(value: AuditEvent.Outcome.failure.rawValue, label: "Failed"),
    ]

    static func outcomeLabel(_ raw: String) -> String {
        outcomes.first { $0.value == raw }?.label ?? raw
    }

    package static func render(
        typed: AuditTrailController.Typed, found: AuditTrail.Page?, errors: FormErrors, display: (Date) -> String
    ) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(errors),
            .h1(.text("Audit trail")),
            .p(
                .text(
                    "Every sign-in, change and read of a confidential record, newest first: who did it, to which "
                        + "record, about whom, and whether it was allowed. A reason someone gave is kept sealed and "
                        + "never shown here. Reading this page is recorded too.")),
            .el(
                "form", .attr("method", "get"), .attr("action", SiteURL.auditTrail.path), .attr("role", "search"),
                .div(
                    .class("filters"),
                    Forms.text(
                        .init(
                            name: "who", label: "Done by (email)", value: typed.who, type: "email",
                            error: errors["who"])),
                    Forms.text(
                        .init(
                            name: "about", label: "About (email)", value: typed.about, type: "email",
                            error: errors["about"])),
                    Forms.text(
                        .init(
                            name: "action", label: "Action", value: typed.action, hint: "For example: case reallocated",
                            error: errors["action"])),
                    Forms.select(
                        name: "outcome", label: "Outcome", choices: outcomes, selected: typed.outcome, blank: "Any")),
                Forms.submit("Find entries", secondary: true)),
            .unwrap(found) { found in
                .if(
                    found.rows.isEmpty, .p(.text("No entries match.")),
                    else: .group(table(found.rows, display: display), pager(found, typed: typed)))
            })
    }

    private static func table(_ rows: [AuditTrail.Row], display: (Date) -> String) -> Node<HTML.BodyContext> {
        .table(
            .class("table"),
            .caption(.class("visually-hidden"), .text("Audit entries, newest first")),
            .thead(
                .tr(
                    .th(.text("When")), .th(.text("Done by")), .th(.text("Action")), .th(.text("Record")),
                    .th(.text("About")), .th(.text("Outcome")))),
            .tbody(
                .forEach(rows) { row in
                    .tr(
                        .td(.text(display(row.occurredAt))),
                        .td(
                            .text(row.actorName ?? (row.actorID == nil ? "No one signed in" : "Erased person")),
                            .unwrap(row.actorRoles.isEmpty ? nil : row.actorRoles) { roles in
                                .span(
                                    .class("hint"),
                                    .text(
                                        " (" + roles.map { Role(rawValue: $0)?.title ?? $0 }.joined(separator: ", ")
                                            + ")"))
                            }),
                        .td(.text(AuditTrail.label(row.action))),
                        .td(
                            .text(AuditTrail.label(row.resourceType)),
                            .unwrap(row.resourceID) { .span(.class("hint"), .text(" " + $0)) }),
                        .td(.text(row.subjectName ?? (row.subjectID == nil ? "" : "Erased person"))),
                        .td(.text(outcomeLabel(row.outcome))))
                }))
    }

    /// "1,342 entries. Page 2 of 27. Previous · Next", keeping the filter.
    private static func pager(_ found: AuditTrail.Page, typed: AuditTrailController.Typed) -> Node<HTML.BodyContext> {
        func link(_ page: Int) -> String {
            var items: [URLQueryItem] = []
            for (name, value) in [
                ("who", typed.who), ("about", typed.about), ("action", typed.action), ("outcome", typed.outcome),
            ] where !value.isEmpty {
                items.append(URLQueryItem(name: name, value: value))
            }
            items.append(URLQueryItem(name: "page", value: String(page)))
            var components = URLComponents()
            components.queryItems = items
            return SiteURL.auditTrail.path + (components.url?.absoluteString ?? "")
        }
        let total = found.paging.total
        return Pager.render(found.paging, lead: "\(total) \(total == 1 ? "entry" : "entries"). ", link: link)
    }
}
