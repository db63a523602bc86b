import CairnAccounts
import CairnCore
import CairnPlatform
import Plot

/// The self-referral pages: a start page, one question group per page, check your answers, confirmation.
package enum ReferralPages {
    package typealias Body = Node<HTML.BodyContext>

    package static func start(hasDraft: Bool, csrf: String) -> Body {
        .group(
            .h1(.text("Ask for support")),
            .p(.class("lead"), .text("Tell us what is happening and what would help. It takes about ten minutes.")),
            .p(
                .text("What you tell us is seen only by the people supporting you. It is never shared with your "),
                .text("supervisor, employer or regulator unless you agree.")),
            .p(.text("You can stop at any point: your answers are saved as you go.")),
            .p(
                .a(
                    .class("button"), .attr("href", SiteURL.referStep(SelfReferral.Step.aboutYou.rawValue).path),
                    .text(hasDraft ? "Continue where you left off" : "Start now"))),
            UrgentHelp.panel()
        )
    }

    package static func choices<T: CaseIterable & RawRepresentable>(_ type: T.Type, title: (T) -> String) -> [Forms
        .Choice]
    where T.RawValue == String {
        T.allCases.map { Forms.Choice(value: $0.rawValue, label: title($0)) }
    }

    /// `changing`: reached by "Change" on check your answers, so Continue goes back there (once every step is done).
    package static func step(
        _ step: SelfReferral.Step, answers: SelfReferral, errors: FormErrors, csrf: String, changing: Bool = false
    ) -> Body {
        let back =
            changing
            ? SiteURL.referCheck.path : step.previous.map { SiteURL.referStep($0.rawValue).path } ?? SiteURL.refer.path
        return .group(
            .p(.a(.class("back-link"), .attr("href", back), .text("Back"))),
            Forms.errorSummary(errors),
            .span(
                .class("caption"),
                .text(
                    "Ask for support: step \(SelfReferral.Step.allCases.firstIndex(of: step)! + 1) of \(SelfReferral.Step.allCases.count)"
                )),
            .if(step != .safety, .h1(.text(step.title))),
            .if(step == .consent && answers.consentToHold == "no", withoutConsent(csrf: csrf)),
            Forms.form(
                action: SiteURL.referStep(step.rawValue).path + (changing ? "?change=yes" : ""), csrf: csrf,
                fields(step, answers: answers, errors: errors),
                Forms.submit("Continue")
            )
        )
    }

    /// Said "No" to holding what they tell us: why it matters, what else there is, and how to leave nothing behind.
    private static func withoutConsent(csrf: String) -> Body {
        .div(
            .class("inset"),
            .h2(.text("If you would rather we did not hold it")),
            .p(
                .text(
                    "We cannot give you support through Cairn without holding what you tell us: a case manager needs "
                        + "to read it to help. You can still:")),
            .ul(
                .li(.text("get help today from the services below, without telling us anything;")),
                .li(.text("talk to your educator, your GP or occupational health instead;")),
                .li(.text("change your answer to Yes if you decide to go ahead."))),
            UrgentHelp.panel(headingLevel: 3),
            .p(.text("Your answers so far are kept only for you. To leave nothing with us, delete them:")),
            Forms.buttonForm(action: SiteURL.referDiscard.path, csrf: csrf, label: "Delete my answers")
        )
    }

    private static func fields(_ step: SelfReferral.Step, answers: SelfReferral, errors: FormErrors) -> Body {
        switch step {
        case .aboutYou:
            return .group(
                Forms.select(
                    name: "profession", label: "Your profession", choices: choices(Profession.self) { $0.title },
                    selected: answers.profession, error: errors["profession"]),
                Forms.select(
                    name: "grade", label: "Your grade or role", choices: choices(Grade.self) { $0.title },
                    selected: answers.grade, error: errors["grade"]),
                Forms.text(
                    .init(
                        name: "specialty", label: "Specialty (optional)", value: answers.specialty ?? "",
                        error: errors["specialty"])),
                Forms.text(
                    .init(
                        name: "employer", label: "Employer or practice (optional)", value: answers.employer ?? "",
                        hint: "So we never match you with a mentor from your own employer.", error: errors["employer"])),
                Forms.select(
                    name: "region", label: "Region you work in (optional)", choices: choices(Region.self) { $0.title },
                    selected: answers.region, error: errors["region"]),
                Forms.text(
                    .init(
                        name: "registrationNumber", label: "Registration number (optional)",
                        value: answers.registrationNumber ?? "",
                        hint:
                            "GMC or GPhC: 7 digits. NMC PIN: like 12A3456E. GDC: up to 6 digits. HCPC: like PH123456.",
                        error: errors["registrationNumber"], width: "10")),
                Forms.select(
                    name: "qualificationCountry", label: "Country of your primary qualification",
                    choices: Country.all.map { .init(value: $0.name, label: $0.name) },
                    selected: answers.qualificationCountry.map { Country.exactly($0)?.name ?? $0 },
                    error: errors["qualificationCountry"])
            )
        case .whatIsHappening:
            return .group(
                Forms.checkboxes(
                    name: "reasons", legend: "What is happening? Select all that apply.",
                    choices: choices(ReferralReason.self) { $0.title }, checked: Set(answers.reasons ?? []),
                    error: errors["reasons"]),
                Forms.text(
                    .init(
                        name: "otherReason", label: "If something else, what is it? (optional)",
                        value: answers.otherReason ?? "", error: errors["otherReason"])),
                Forms.text(
                    .init(
                        name: "transition", label: "Are you in a transition? (optional)",
                        value: answers.transition ?? "",
                        hint: "For example: a new post, returning after time out, starting in UK practice.",
                        error: errors["transition"]))
            )
        case .yourWords:
            return .group(
                Forms.textArea(
                    name: "ownWords", label: "What is happening, in your own words", value: answers.ownWords ?? "",
                    hint: "Write as much or as little as you like.", error: errors["ownWords"], rows: 8),
                Forms.textArea(
                    name: "whatWouldHelp", label: "What do you think would help? (optional)",
                    value: answers.whatWouldHelp ?? "", error: errors["whatWouldHelp"], rows: 4)
            )
        case .safety:
            return .group(
                Forms.radios(
                    name: "atRisk", legend: step.title,
                    choices: [
                        .init(value: "yes", label: "Yes, I am safe"), .init(value: "no", label: "No, I am at risk"),
                        .init(value: "unsure", label: "I am not sure"),
                    ],
                    selected: answers.atRisk, hint: "We ask everyone. Your answer does not stop your request.",
                    error: errors["atRisk"], legendIsHeading: true),
                .if(answers.atRisk == "no" || answers.atRisk == "unsure", UrgentHelp.panel())
            )
        case .contact:
            return .group(
                Forms.radios(
                    name: "contactBy", legend: "How should we contact you?",
                    choices: [.init(value: "email", label: "By email"), .init(value: "phone", label: "By phone")],
                    selected: answers.contactBy, error: errors["contactBy"]),
                Forms.text(
                    .init(
                        name: "phone", label: "Phone number (if by phone)", value: answers.phone ?? "", type: "tel",
                        autocomplete: "tel", error: errors["phone"], width: "10")),
                Forms.text(
                    .init(
                        name: "contactTimes", label: "When is a good time? (optional)",
                        value: answers.contactTimes ?? "",
                        hint: "For example: weekdays after 6pm, not on night shifts.", error: errors["contactTimes"]))
            )
        case .consent:
            return .group(
                .div(
                    .class("inset"),
                    .p(
                        .text(
                            SelfReferral.consentWording.split(separator: ":", maxSplits: 1).last.map(String.init) ?? "")
                    )),
                Forms.radios(
                    name: "consentToHold", legend: "May we hold what you tell us to support you?",
                    choices: [.init(value: "yes", label: "Yes"), .init(value: "no", label: "No")],
                    selected: answers.consentToHold, error: errors["consentToHold"]),
                Forms.radios(
                    name: "shareWithEducator",
                    legend: "May we talk to an educator (for example your supervisor) about your support?",
                    choices: [
                        .init(value: "no", label: "No, keep it between us"),
                        .init(value: "yes", label: "Yes, a named educator, and only what I agree"),
                    ],
                    selected: answers.shareWithEducator ?? "no",
                    hint: "This is off unless you choose it. You can change your mind later.",
                    error: errors["shareWithEducator"]),
                Forms.text(
                    .init(
                        name: "educatorName", label: "Educator's name (if yes)", value: answers.educatorName ?? "",
                        error: errors["educatorName"])),
                Forms.text(
                    .init(
                        name: "educatorEmail", label: "Educator's email (if yes, optional)",
                        value: answers.educatorEmail ?? "",
                        type: "email", error: errors["educatorEmail"], spellcheck: false))
            )
        }
    }
}
