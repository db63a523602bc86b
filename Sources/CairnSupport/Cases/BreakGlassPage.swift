import CairnAccounts
import CairnPlatform
import Foundation
import Plot

/// What a unit lead or another case manager sees at a case not assigned to them: a reason is needed, recorded,
/// and shown to the case managers of the case. An open request nobody holds can simply be taken instead.
package enum BreakGlassPage {
    package static func render(
        caseID: UUID, reference: String, csrf: String, mayTake: Bool = false, errors: FormErrors = FormErrors()
    ) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(errors),
            .span(.class("caption"), .text("Case \(reference)")),
            .h1(.text("This case is not assigned to you")),
            .if(
                mayTake,
                .group(
                    .p(.text("Nobody has taken this request yet. Take it to read it and contact the clinician.")),
                    Forms.buttonForm(action: SiteURL.triageTake(caseID).path, csrf: csrf, label: "Take this request"),
                    .h2(.text("Or open it without taking it"))
                )),
            .p(
                .text(
                    "You can open it for the next hour if you have a reason, for example a safety concern or a complaint. "
                ),
                .text("Your reason is recorded in the audit trail and shown to the case's case managers.")),
            Forms.form(
                action: SiteURL.caseBreakGlass(caseID).path, csrf: csrf,
                Forms.textArea(
                    name: "reason", label: "Why do you need to open this case?", value: "", error: errors["reason"],
                    rows: 3),
                Forms.submit("Open the case and record my reason", secondary: true)
            )
        )
    }
}
