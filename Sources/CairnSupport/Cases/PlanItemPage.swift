import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The plan item's fields, for adding and for changing one; what was typed comes back after an error.
package enum PlanItemFields {
    package struct Values {
        package var intervention: String?
        package var status: String? = PlanItemStatus.proposed.rawValue
        package var provider = ""
        package var startsOn = ""
        package var endsOn = ""
        package var reviewOn = ""
        package var cost = ""

        package init() {}

        package init(_ form: CaseConversation.PlanForm) {
            intervention = form.intervention
            status = form.status
            provider = form.provider ?? ""
            startsOn = form.startsOn ?? ""
            endsOn = form.endsOn ?? ""
            reviewOn = form.reviewOn ?? ""
            cost = form.cost ?? ""
        }

        package init(_ item: PlanItem) {
            intervention = item.intervention
            status = item.status.rawValue
            provider = item.provider ?? ""
            startsOn = item.startsOn ?? ""
            endsOn = item.endsOn ?? ""
            reviewOn = item.reviewOn ?? ""
            cost = item.costPence == 0 ? "" : String(format: "%.2f", Double(item.costPence) / 100)
        }
    }

    package static func render(_ values: Values, errors: FormErrors) -> Node<HTML.BodyContext> {
        func date(_ field: PlanItemField, _ label: String, _ value: String) -> Node<HTML.BodyContext> {
            Forms.date(name: field.formName, label: label, value: value, error: errors[field.formName])
        }
        return .group(
            Forms.select(
                name: PlanItemField.intervention.formName, label: "Support",
                choices: Intervention.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                selected: values.intervention, error: errors[PlanItemField.intervention.formName]),
            Forms.select(
                name: PlanItemField.status.formName, label: "Where it stands",
                choices: PlanItemStatus.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                selected: values.status, error: errors[PlanItemField.status.formName]),
            Forms.text(
                .init(
                    name: PlanItemField.provider.formName, label: "Provider (optional)", value: values.provider,
                    error: errors[PlanItemField.provider.formName])),
            date(.startsOn, "Starts (optional)", values.startsOn),
            date(.endsOn, "Ends (optional)", values.endsOn),
            date(.reviewOn, "Review together on (optional)", values.reviewOn),
            Forms.text(
                .init(
                    name: PlanItemField.cost.formName, label: "Cost in pounds (optional)", value: values.cost,
                    error: errors[PlanItemField.cost.formName], width: "10", inputMode: "decimal"))
        )
    }
}

/// `/cases/:caseID/plan/:itemID`: changing one item of a support plan, from the version the page showed.
package enum PlanItemPage {
    package static func render(
        caseID: UUID, reference: String, item: PlanItem, csrf: String, typed: CaseConversation.PlanForm? = nil,
        errors: FormErrors = FormErrors(), problem: String? = nil
    ) -> Node<HTML.BodyContext> {
        let values = typed.map(PlanItemFields.Values.init) ?? PlanItemFields.Values(item)
        return .group(
            Forms.errorSummary(errors),
            .unwrap(problem) { .div(.class("error-summary"), .attr("role", "alert"), .p(.text($0))) },
            .span(.class("caption"), .text("Case \(reference)")),
            .h1(.text("Change support in the plan")),
            Forms.form(
                action: SiteURL.casePlanItem(caseID, try? item.requireID()).path, csrf: csrf,
                .void(
                    "input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(item.version))]),
                PlanItemFields.render(values, errors: errors),
                Forms.submit("Save the change")
            ),
            .p(.a(.attr("href", SiteURL.supportCase(caseID).path), .text("Back to the case")))
        )
    }
}
