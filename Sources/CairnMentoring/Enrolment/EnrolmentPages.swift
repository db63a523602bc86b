import CairnAccounts
import CairnCore
import CairnPlatform
import Foundation
import Plot

/// The forms that add one person to a programme: a mentor or a mentee by the programme lead, and a clinician's own
/// application. Their field names are the CSV columns, so one set of rules (`MentorEntry`, `MenteeEntry`) checks
/// every way in.
package enum EnrolmentPages {
    package typealias Body = Node<HTML.BodyContext>

    package enum Kind {
        case text(hint: String? = nil, width: String? = nil)
        case choice([Forms.Choice])
        case yesNo
    }

    package struct Field {
        package var name: String
        package var label: String
        package var kind: Kind
    }

    package static let professions = Profession.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) }
    package static let grades = Grade.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) }
    package static let regions = Region.allCases.map { Forms.Choice(value: $0.rawValue, label: $0.title) }
    package static let languages = Field(
        name: "languages", label: "Languages", kind: .text(hint: "Separate several with semicolons: English; Arabic"))

    package static let mentorFields: [Field] = [
        Field(name: "name", label: "Name", kind: .text()),
        Field(name: "email", label: "Email address", kind: .text()),
        Field(name: "profession", label: "Profession", kind: .choice(professions)),
        Field(name: "specialty", label: "Specialty (optional)", kind: .text()),
        Field(name: "grade", label: "Grade (optional)", kind: .choice(grades)),
        languages,
        Field(name: "region", label: "Region (optional)", kind: .choice(regions)),
        Field(name: "employer", label: "Employer (optional)", kind: .text()),
        Field(name: "img_experience", label: "Has supported international graduates before", kind: .yesNo),
        Field(name: "gender", label: "Gender (optional)", kind: .text(width: "10")),
        Field(name: "interests", label: "Interests (optional)", kind: .text()),
        Field(name: "capacity", label: "Mentees they can take", kind: .text(width: "3")),
        Field(name: "training_course", label: "Mentoring course completed", kind: .text()),
        Field(
            name: "training_completed", label: "Completed on", kind: .text(hint: "For example 2026-03-14", width: "10")),
        Field(
            name: "training_expires", label: "Training expires on",
            kind: .text(hint: "For example 2029-03-14", width: "10")),
    ]

    /// What a mentee (or an applicant) says about themselves and what they wish for in a mentor.
    package static let wishFields: [Field] = [
        Field(
            name: "supervisor_email", label: "Your educational supervisor's email (optional)",
            kind: .text(
                hint: "So that your supervisor is never chosen as your mentor. They are not told anything.")),
        Field(name: "wish_language", label: "A language you would like your mentor to speak (optional)", kind: .text()),
        Field(name: "wish_language_required", label: "Is that language essential?", kind: .yesNo),
        Field(
            name: "wish_specialty", label: "A specialty you would like your mentor to work in (optional)", kind: .text()
        ),
        Field(name: "wish_specialty_required", label: "Is that specialty essential?", kind: .yesNo),
        Field(
            name: "wish_gender", label: "Your mentor's gender, if it matters to you (optional)",
            kind: .text(width: "10")),
        Field(name: "wish_gender_required", label: "Is that essential?", kind: .yesNo),
    ]

    package static let profileFields: [Field] = [
        Field(name: "profession", label: "Profession", kind: .choice(professions)),
        Field(name: "specialty", label: "Specialty (optional)", kind: .text()),
        Field(name: "grade", label: "Grade (optional)", kind: .choice(grades)),
        languages,
        Field(name: "region", label: "Region (optional)", kind: .choice(regions)),
        Field(name: "employer", label: "Employer (optional)", kind: .text()),
        Field(name: "img", label: "An international medical graduate", kind: .yesNo),
    ]

    package static let menteeFields: [Field] =
        [
            Field(name: "name", label: "Name", kind: .text()),
            Field(name: "email", label: "Email address", kind: .text()),
        ]
        + profileFields + wishFields

    package static func render(_ fields: [Field], values: [String: String], errors: FormErrors) -> Body {
        .group(
            fields.map { field in
                switch field.kind {
                case .text(let hint, let width):
                    return Forms.text(
                        .init(
                            name: field.name, label: field.label, value: values[field.name] ?? "", hint: hint,
                            error: errors[field.name], width: width))
                case .choice(let choices):
                    return Forms.select(
                        name: field.name, label: field.label, choices: choices, selected: values[field.name],
                        error: errors[field.name])
                case .yesNo:
                    return Forms.select(
                        name: field.name, label: field.label,
                        choices: [.init(value: "no", label: "No"), .init(value: "yes", label: "Yes")],
                        selected: values[field.name] ?? "no", error: errors[field.name])
                }
            })
    }

    /// `/mentoring/programmes/:id/mentors/new` and `/mentees/new`.
    package static func addPage(
        programme: MentoringProgramme, mentor: Bool, values: [String: String], errors: FormErrors, csrf: String
    ) -> Body {
        let action =
            mentor ? SiteURL.mentoringMentorNew(programme.id).path : SiteURL.mentoringMenteeNew(programme.id).path
        return .group(
            Forms.errorSummary(errors),
            .p(
                .a(
                    .class("back-link"), .attr("href", SiteURL.mentoringProgramme(programme.id).path),
                    .text(programme.name))),
            .h1(.text(mentor ? "Add a mentor" : "Add a mentee")),
            .p(
                .text(
                    mentor
                        ? "Someone new is invited by email to set a password. Only mentors with in-date training "
                            + "are matched."
                        : "Someone new is invited by email to set a password. Their supervisor is never their mentor.")),
            Forms.form(
                action: action, csrf: csrf,
                render(mentor ? mentorFields : menteeFields, values: values, errors: errors),
                Forms.submit(mentor ? "Add the mentor" : "Add the mentee"))
        )
    }

    /// `/mentoring/programmes/:id/apply`: a clinician asks to join a programme that takes applications.
    package static func applyPage(
        programme: MentoringProgramme, applied: Bool, values: [String: String], errors: FormErrors, csrf: String
    ) -> Body {
        .group(
            Forms.errorSummary(errors),
            .p(.a(.class("back-link"), .attr("href", SiteURL.myMentoring.path), .text("Your mentoring"))),
            .span(.class("caption"), .text(programme.name)),
            .h1(.text("Apply for a mentor")),
            .p(.text(programme.audience)),
            .if(
                applied,
                .div(
                    .class("panel panel--confirmation"), .attr("role", "status"),
                    .p(.text("Your application is in. You will hear by email when you are matched with a mentor."))),
                else: Forms.form(
                    action: SiteURL.mentoringApply(programme.id).path, csrf: csrf,
                    .p(
                        .text(
                            "Your mentor is never your supervisor, and what you talk about stays between the two of "
                                + "you.")),
                    render(profileFields + wishFields, values: values, errors: errors),
                    Forms.submit("Send my application")))
        )
    }
}
