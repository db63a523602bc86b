import CairnAccounts
import CairnCore
import CairnPlatform
import Plot

/// Check your answers, and the page that says the request was sent.
extension ReferralPages {
    package struct Row {
        package var step: SelfReferral.Step
        package var key: String
        package var value: String
    }

    package static func rows(_ answers: SelfReferral) -> [Row] {
        func title<T: RawRepresentable>(_ raw: String?, _ make: (String) -> T?, _ name: (T) -> String) -> String {
            raw.flatMap(make).map(name) ?? "Not given"
        }
        return [
            Row(
                step: .aboutYou, key: "Profession",
                value: title(answers.profession, Profession.init(rawValue:)) { $0.title }),
            Row(step: .aboutYou, key: "Grade or role", value: title(answers.grade, Grade.init(rawValue:)) { $0.title }),
            Row(step: .aboutYou, key: "Specialty", value: answers.specialty?.nonBlank ?? "Not given"),
            Row(step: .aboutYou, key: "Employer", value: answers.employer?.nonBlank ?? "Not given"),
            Row(step: .aboutYou, key: "Region", value: title(answers.region, Region.init(rawValue:)) { $0.title }),
            Row(
                step: .aboutYou, key: "Registration number", value: answers.registrationNumber?.nonBlank ?? "Not given"),
            Row(step: .aboutYou, key: "Country of primary qualification", value: answers.qualificationCountry ?? ""),
            Row(
                step: .whatIsHappening, key: "What is happening",
                value: answers.chosenReasons.map(\.title).joined(separator: "; ")),
            Row(step: .whatIsHappening, key: "Transition", value: answers.transition?.nonBlank ?? "None given"),
            Row(step: .yourWords, key: "In your own words", value: answers.ownWords ?? ""),
            Row(step: .yourWords, key: "What would help", value: answers.whatWouldHelp?.nonBlank ?? "Not given"),
            Row(
                step: .safety, key: "Safe right now",
                value: ["yes": "Yes", "no": "No, at risk", "unsure": "Not sure"][answers.atRisk ?? ""] ?? ""),
            Row(step: .contact, key: "Contact", value: ReferralService.contactText(answers)),
            Row(
                step: .consent, key: "May we hold what you tell us",
                value: answers.consentToHold == "yes" ? "Yes" : "No"),
            Row(
                step: .consent, key: "May we talk to an educator",
                value: answers.shareWithEducator == "yes" ? "Yes: \(answers.educatorName ?? "")" : "No"),
        ]
    }

    package static func checkAnswers(_ answers: SelfReferral, csrf: String) -> Body {
        .group(
            .p(
                .a(
                    .class("back-link"), .attr("href", SiteURL.referStep(SelfReferral.Step.consent.rawValue).path),
                    .text("Back"))),
            .h1(.text("Check your answers before sending")),
            .el(
                "dl", .class("summary-list"),
                .group(
                    rows(answers).map { row in
                        .div(
                            .class("summary-list__row"), .el("dt", .text(row.key)), .el("dd", .text(row.value)),
                            .el(
                                "dd", .class("summary-list__actions"),
                                .a(
                                    .attr("href", SiteURL.referStep(row.step.rawValue).path + "?change=yes"),
                                    .text("Change"),
                                    .span(.class("visually-hidden"), .text(" " + row.key.lowercased()))))
                        )
                    })
            ),
            .h2(.text("Now send your request")),
            .p(.text("A case manager will contact you within 5 working days.")),
            Forms.form(action: SiteURL.referCheck.path, csrf: csrf, Forms.submit("Send request"))
        )
    }

    package static func sent(reference: String, email: String) -> Body {
        .group(
            .div(
                .class("panel panel--confirmation"),
                .h1(.class("panel__title"), .text("Request sent")),
                .div(.class("panel__body"), .text("Your reference is "), .br(), .strong(.text(reference)))
            ),
            .p(.text("We have sent a confirmation to \(email). It holds no detail of what you told us.")),
            .h2(.text("What happens next")),
            .p(
                .text(
                    "A case manager will contact you within 5 working days to talk it through and agree what would help."
                )),
            .p(.a(.attr("href", SiteURL.mySupport.path), .text("See where your request is"))),
            UrgentHelp.panel()
        )
    }
}
