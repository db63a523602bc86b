import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// `/cases/:id/plan-resources`: a case manager finds a guide in the library or an upcoming learning event and adds it
/// to the case's plan (issue #19 item 6). With no words typed it offers guides for the reasons the clinician gave and
/// the next events.
package struct PlanResourcePage {
    package var caseID: UUID
    package var reference: String
    package var query: String
    package var offers: [PlanResource]
    /// What the plan already points to (not cancelled): offered as "in the plan", not again.
    package var inPlan: Set<PlanResourceReference>
    /// Whether the plan can still change (the case is open).
    package var canAdd = true
    package var errors = FormErrors()
    package var csrf: String

    package var title: String { Forms.title("Suggest reading or an event", errors: errors) }

    package func render() -> Node<HTML.BodyContext> {
        let guides = offers.filter { $0.reference.kind == .libraryItem }
        let events = offers.filter { $0.reference.kind == .learningEvent }
        return .group(
            .p(.a(.class("back-link"), .attr("href", SiteURL.supportCase(caseID).path), .text("Back to the case"))),
            // Not the usual summary: the refusal is about the guide or event chosen, which has no field to link to.
            .if(
                !errors.isEmpty,
                .div(
                    .class("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1"),
                    .h2(.class("error-summary__title"), .text("There is a problem")),
                    .forEach(errors.entries) { .p(.text($0.message)) })),
            .span(.class("caption"), .text("Case \(reference)")),
            .h1(.text("Suggest reading or an event")),
            .p(
                .text(
                    canAdd
                        ? "What you add goes into their plan as proposed support, with a link to it. Only what every "
                            + "member may open is offered: published guides and events still to come."
                        : "This case has closed, so its plan can no longer change.")),
            .el(
                "form", .attr("method", "get"), .attr("action", SiteURL.casePlanResources(caseID).path),
                .attr("role", "search"),
                Forms.text(
                    .init(
                        name: "q", label: "Words to find", value: query, type: "search",
                        hint: "Words from a title, like \"exam stress\"; leave empty for guides on their reasons",
                        spellcheck: true)),
                Forms.submit("Find", secondary: true)),
            section("From the library", guides, empty: "No guide matches."),
            section("Learning events", events, empty: "No event still to come matches.")
        )
    }

    private func section(_ heading: String, _ offers: [PlanResource], empty: String) -> Node<HTML.BodyContext> {
        .section(
            .h2(.text(heading)),
            .if(offers.isEmpty, .p(.text(empty))),
            .ul(
                .class("link-list"),
                .forEach(offers) { offer in
                    .li(
                        .h3(.a(.attr("href", offer.path), .text(offer.title))),
                        .p(.class("hint"), .text(offer.detail)),
                        .if(
                            inPlan.contains(offer.reference), .p(.strong(.class("tag"), .text("In the plan"))),
                            else: .if(
                                canAdd,
                                Forms.form(
                                    action: SiteURL.casePlanResources(caseID).path, csrf: csrf,
                                    hidden("kind", offer.reference.kind.rawValue),
                                    hidden("id", offer.reference.id.uuidString.lowercased()), hidden("q", query),
                                    .el(
                                        "button", .attr("type", "submit"), .attr("class", "button button--secondary"),
                                        .text("Add to the plan"),
                                        .span(.class("visually-hidden"), .text(": \(offer.title)")))))))
                })
        )
    }

    private func hidden(_ name: String, _ value: String) -> Node<HTML.BodyContext> {
        .void("input", [.attr("type", "hidden"), .attr("name", name), .attr("value", value)])
    }
}
