import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/admin/retention`: the organisation's retention rules, what each would erase now (the dry run), and erasing it.
/// The API's `/api/v1/retention-rules` does the same through `RetentionService`.
package struct RetentionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.retention, action: .erasePersonalData, use: list)
        routes.on(.retentionRule(nil), action: .erasePersonalData, use: show)
        routes.on(
            .retentionRule(nil), .POST, action: .erasePersonalData, after: .says("rule-saved", "The rule is saved."),
            use: save)
        routes.on(
            .retentionErasure(nil), .POST, action: .erasePersonalData,
            after: .says("due-erased", "The records due are erased."), use: apply)
    }

    @Sendable package func list(request: Request) async throws -> HTMLPage {
        let service = RetentionService(request: request)
        var rows: [(RetentionService.Rule, Int)] = []
        for rule in try await service.rules() { rows.append((rule, try await service.due(rule).count)) }
        return request.page("Retention rules", RetentionPages.list(rows))
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let kind = request.parameters.get("kind") ?? ""
        let service = RetentionService(request: request)
        guard let outcome = try await service.dryRun(kind) else { throw Abort(.notFound) }
        return request.page(
            outcome.rule.kind.title,
            RetentionPages.rule(
                outcome, typed: .init(years: String(outcome.rule.years), automatic: outcome.rule.automatic),
                csrf: request.csrfToken))
    }

    struct RuleForm: Content {
        var years: String?
        var automatic: [String]?
    }

    @Sendable package func save(request: Request) async throws -> Response {
        let kind = request.parameters.get("kind") ?? ""
        let form = try request.content.decode(RuleForm.self)
        let service = RetentionService(request: request)
        guard let current = try await service.rule(kind) else { throw Abort(.notFound) }
        let typed = RetentionPages.Typed(years: form.years ?? "", automatic: form.automatic?.contains("true") == true)
        let years = Int(typed.years.trimmingCharacters(in: .whitespaces)) ?? 0
        switch try await service.setRule(kind, years: years, automatic: typed.automatic) {
        case .success:
            return request.redirect(to: SiteURL.retentionRule(kind).path)
        case .failure(let errors):
            guard let outcome = try await service.dryRun(current.kind.id) else { throw Abort(.notFound) }
            var kept = typed
            kept.errors = errors
            return try await request.page(
                "Error: " + current.kind.title,
                RetentionPages.rule(outcome, typed: kept, csrf: request.csrfToken)
            ).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable package func apply(request: Request) async throws -> Response {
        let kind = request.parameters.get("kind") ?? ""
        guard try await RetentionService(request: request).apply(kind) != nil else { throw Abort(.notFound) }
        return request.redirect(to: SiteURL.retentionRule(kind).path)
    }
}

package enum RetentionPages {
    package struct Typed: Sendable {
        var years = ""
        var automatic = false
        var errors = FormErrors()
    }

    static func period(_ rule: RetentionService.Rule) -> String {
        "\(rule.years) year\(rule.years == 1 ? "" : "s") \(rule.kind.after)"
    }

    static func list(_ rows: [(RetentionService.Rule, Int)]) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Retention rules")),
            .p(
                .text(
                    "Records are erased once they are old enough: their words and the names and addresses in them "
                        + "are replaced, the codes, dates and numbers that figures count stay. Set each kind's period "
                        + "and whether Cairn erases what is due by itself each day; check what is due and erase it "
                        + "by hand at any time.")),
            .table(
                .class("table"),
                .caption(.class("visually-hidden"), .text("Retention rules")),
                .thead(
                    .tr(
                        .th(.attr("scope", "col"), .text("Kind of record")),
                        .th(.attr("scope", "col"), .text("Erased")),
                        .th(.attr("scope", "col"), .text("By itself")),
                        .th(.attr("scope", "col"), .text("Due now")))),
                .tbody(
                    .forEach(rows) { rule, due in
                        .tr(
                            .td(.a(.attr("href", SiteURL.retentionRule(rule.kind.id).path), .text(rule.kind.title))),
                            .td(.text(period(rule))),
                            .td(.text(rule.automatic ? "Yes" : "No")),
                            .td(.text(String(due))))
                    }))
        )
    }

    static func rule(_ outcome: RetentionService.Outcome, typed: Typed, csrf: String)
        -> Node<HTML.BodyContext>
    {
        let rule = outcome.rule
        let kinds = outcome.plan.kinds.filter { $0.rows > 0 || $0.shared > 0 }
        return .group(
            Forms.errorSummary(typed.errors),
            .h1(.text(rule.kind.title)),
            .p(
                .text("Erased \(period(rule))\(rule.set ? "" : " (the default)")."),
                .text(rule.automatic ? " Cairn erases what is due by itself each day." : " Erased by hand only.")),
            .h2(.text("Change the rule")),
            Forms.form(
                action: SiteURL.retentionRule(rule.kind.id).path, csrf: csrf,
                Forms.text(
                    .init(
                        name: "years", label: "Years \(rule.kind.after)", value: typed.years,
                        hint: "From 1 to 50", error: typed.errors["years"], width: "3", inputMode: "numeric")),
                Forms.checkboxes(
                    name: "automatic", legend: "Applying it",
                    choices: [.init(value: "true", label: "Erase what is due by itself each day")],
                    checked: typed.automatic ? ["true"] : []),
                Forms.submit("Save the rule", secondary: true)
            ),
            .h2(.text("Due now: \(outcome.records) record\(outcome.records == 1 ? "" : "s")")),
            .if(
                outcome.records == 0, .p(.text("Nothing is due under this rule today.")),
                else: .group(
                    ErasurePages.planTable(kinds, caption: "What erasing the records due does"),
                    Forms.form(
                        action: SiteURL.retentionErasure(rule.kind.id).path, csrf: csrf,
                        Forms.submit("Erase the \(outcome.records) record\(outcome.records == 1 ? "" : "s") due now")
                    ))),
            .p(.a(.attr("href", SiteURL.retention.path), .text("Back to retention rules")))
        )
    }
}
