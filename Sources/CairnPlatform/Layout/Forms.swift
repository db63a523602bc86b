import CairnCore
import Plot

/// Form components in the NHS/GOV.UK pattern: labels, hints, an error summary that links to each field,
/// and inputs that keep what was typed. Every value passes through `attr`, which escapes it.
package enum Forms {
    /// The hidden field every post form carries its CSRF token in (checked by the accounts feature's `CSRFGuard`).
    package static let csrfFieldName = "_csrf"

    package typealias Body = Node<HTML.BodyContext>

    package static func fieldID(_ name: String) -> String { "field-\(name)" }

    /// The box at the top of a page with errors; each message links to its field.
    package static func errorSummary(_ errors: FormErrors) -> Body {
        guard !errors.isEmpty else { return .empty }
        return .div(
            .class("error-summary"), .attr("role", "alert"), .attr("aria-labelledby", "error-summary-title"),
            .attr("tabindex", "-1"),
            .h2(.id("error-summary-title"), .class("error-summary__title"), .text("There is a problem")),
            .ul(
                .forEach(errors.entries) { entry in
                    .li(.a(.attr("href", "#" + fieldID(entry.field)), .text(entry.message)))
                }
            )
        )
    }

    /// A post form with this session's CSRF token (multipart when it carries a file).
    package static func form(action: String, csrf: String, multipart: Bool = false, _ content: Body...) -> Body {
        .el(
            "form", .attr("method", "post"), .attr("action", action), .attr("novalidate", "novalidate"),
            .if(multipart, .attr("enctype", "multipart/form-data")),
            .void("input", [.attr("type", "hidden"), .attr("name", csrfFieldName), .attr("value", csrf)]),
            .group(content)
        )
    }

    package struct TextField {
        package var name: String
        package var label: String
        package var value: String = ""
        package var type: String = "text"
        package var autocomplete: String? = nil
        package var hint: String? = nil
        package var error: String? = nil
        package var width: String? = nil
        package var spellcheck: Bool? = nil
        package var inputMode: String? = nil

        package init(
            name: String, label: String, value: String = "", type: String = "text", autocomplete: String? = nil,
            hint: String? = nil, error: String? = nil, width: String? = nil, spellcheck: Bool? = nil,
            inputMode: String? = nil
        ) {
            self.name = name
            self.label = label
            self.value = value
            self.type = type
            self.autocomplete = autocomplete
            self.hint = hint
            self.error = error
            self.width = width
            self.spellcheck = spellcheck
            self.inputMode = inputMode
        }
    }

    package static func text(_ field: TextField) -> Body {
        let id = fieldID(field.name)
        let describedBy = [field.hint.map { _ in id + "-hint" }, field.error.map { _ in id + "-error" }]
            .compactMap { $0 }.joined(separator: " ")
        let classes = ["input", field.width.map { "input--width-\($0)" }, field.error.map { _ in "input--error" }]
            .compactMap { $0 }.joined(separator: " ")
        var attributes: [Attribute<HTML.BodyContext>] = [
            .attr("id", id), .attr("name", field.name), .attr("type", field.type), .attr("class", classes),
        ]
        if field.type != "password" { attributes.append(.attr("value", field.value)) }
        if let autocomplete = field.autocomplete { attributes.append(.attr("autocomplete", autocomplete)) }
        if let inputMode = field.inputMode { attributes.append(.attr("inputmode", inputMode)) }
        if let spellcheck = field.spellcheck { attributes.append(.attr("spellcheck", spellcheck ? "true" : "false")) }
        if !describedBy.isEmpty { attributes.append(.attr("aria-describedby", describedBy)) }
        if field.error != nil { attributes.append(.attr("aria-invalid", "true")) }
        return .div(
            .attr("class", field.error == nil ? "form-group" : "form-group form-group--error"),
            .el("label", .attr("for", id), .class("label"), .text(field.label)),
            .unwrap(field.hint) { .div(.attr("id", id + "-hint"), .class("hint"), .text($0)) },
            .unwrap(field.error) { errorMessage($0, id: id + "-error") },
            .void("input", attributes)
        )
    }

    package struct Choice: Sendable {
        package var value: String
        package var label: String
        package var hint: String? = nil

        package init(value: String, label: String, hint: String? = nil) {
            self.value = value
            self.label = label
            self.hint = hint
        }
    }

    /// A group of checkboxes under one legend.
    package static func checkboxes(
        name: String, legend: String, choices: [Choice], checked: Set<String>, hint: String? = nil,
        error: String? = nil
    ) -> Body {
        let id = fieldID(name)
        let items = choices.enumerated().map { index, choice in
            checkbox(
                name: name, id: index == 0 ? id : "\(id)-\(index + 1)", choice: choice,
                checked: checked.contains(choice.value))
        }
        return .div(
            .attr("class", error == nil ? "form-group" : "form-group form-group--error"),
            .el(
                "fieldset", .class("fieldset"),
                .unwrap(hint) { _ in .attr("aria-describedby", id + "-hint") },
                .el("legend", .class("fieldset__legend"), .text(legend)),
                .unwrap(hint) { .div(.attr("id", id + "-hint"), .class("hint"), .text($0)) },
                .unwrap(error) { errorMessage($0, id: id + "-error") },
                .div(.class("checkboxes"), .group(items))
            )
        )
    }

    private static func checkbox(name: String, id: String, choice: Choice, checked: Bool) -> Body {
        .div(
            .class("checkboxes__item"),
            .void(
                "input",
                [
                    .attr("id", id), .attr("name", name + "[]"), .attr("type", "checkbox"),
                    .attr("value", choice.value), .attr("class", "checkboxes__input"), .flag("checked", checked),
                ]),
            .el("label", .attr("for", id), .class("checkboxes__label"), .text(choice.label)),
            .unwrap(choice.hint) { .div(.class("hint checkboxes__hint"), .text($0)) }
        )
    }

    /// Radios under one legend: one answer from a few.
    package static func radios(
        name: String, legend: String, choices: [Choice], selected: String?, hint: String? = nil, error: String? = nil,
        legendIsHeading: Bool = false
    ) -> Body {
        let id = fieldID(name)
        let items = choices.enumerated().map { index, choice -> Body in
            let itemID = index == 0 ? id : "\(id)-\(index + 1)"
            return .div(
                .class("radios__item"),
                .void(
                    "input",
                    [
                        .attr("id", itemID), .attr("name", name), .attr("type", "radio"), .attr("value", choice.value),
                        .attr("class", "radios__input"), .flag("checked", selected == choice.value),
                    ]),
                .el("label", .attr("for", itemID), .class("radios__label"), .text(choice.label)),
                .unwrap(choice.hint) { .div(.class("hint radios__hint"), .text($0)) }
            )
        }
        return .div(
            .attr("class", error == nil ? "form-group" : "form-group form-group--error"),
            .el(
                "fieldset", .class("fieldset"),
                .unwrap(hint) { _ in .attr("aria-describedby", id + "-hint") },
                .el(
                    "legend",
                    .attr("class", legendIsHeading ? "fieldset__legend fieldset__legend--l" : "fieldset__legend"),
                    legendIsHeading ? .h1(.class("fieldset__heading"), .text(legend)) : .text(legend)),
                .unwrap(hint) { .div(.attr("id", id + "-hint"), .class("hint"), .text($0)) },
                .unwrap(error) { errorMessage($0, id: id + "-error") },
                .div(.class("radios"), .group(items))
            )
        )
    }

    /// A drop-down list with a first, empty option ("Choose…", or "Any" for a filter).
    package static func select(
        name: String, label: String, choices: [Choice], selected: String?, hint: String? = nil, error: String? = nil,
        blank: String = "Choose…"
    ) -> Body {
        let id = fieldID(name)
        let options =
            [Body.el("option", .attr("value", ""), .text(blank))]
            + choices.map { choice in
                Body.el(
                    "option", .attr("value", choice.value),
                    .if(selected == choice.value, .attr("selected", "selected")), .text(choice.label))
            }
        return labelled(
            id: id, label: label, hint: hint, error: error,
            .el(
                "select", .attr("id", id), .attr("name", name),
                .attr("class", error == nil ? "select" : "select input--error"),
                describedState(id: id, hint: hint, error: error), .group(options)))
    }

    /// A file to upload (the form must be multipart): a PDF, PNG or JPEG of 900 KB or less, known by its content
    /// where it is taken. A browser cannot put a file back, so the hint says to choose it again after a problem.
    package static func file(name: String, label: String, hint: String, error: String?) -> Body {
        let id = fieldID(name)
        return labelled(
            id: id, label: label, hint: hint + " Choose it again if the page comes back with a problem.", error: error,
            .void(
                "input",
                [
                    .attr("type", "file"), .attr("id", id), .attr("name", name),
                    .attr("accept", ".pdf,.png,.jpg,.jpeg"),
                    .attr("aria-describedby", error == nil ? id + "-hint" : id + "-hint " + id + "-error"),
                ] + (error == nil ? [] : [.attr("aria-invalid", "true")])))
    }

    /// The CSV file box of an import form (multipart), beside the text area its rows may be pasted into instead:
    /// the upload is the part named `file`, which `Request.uploadedText(pastedInto:)` reads before the pasted text.
    package static func csvFile(id name: String) -> Body {
        let id = fieldID(name)
        return .div(
            .class("form-group"),
            .el("label", .attr("for", id), .class("label"), .text("A CSV file")),
            .div(
                .attr("id", id + "-hint"), .class("hint"),
                .text("Saved from a spreadsheet as CSV (UTF-8). Or paste the rows below.")),
            .void(
                "input",
                [
                    .attr("type", "file"), .attr("id", id), .attr("name", "file"), .attr("accept", ".csv,text/csv"),
                    .attr("aria-describedby", id + "-hint"),
                ]))
    }

    /// A multi-line answer; what was typed comes back as text, escaped.
    package static func textArea(
        name: String, label: String, value: String, hint: String? = nil, error: String? = nil, rows: Int = 6
    ) -> Body {
        let id = fieldID(name)
        return labelled(
            id: id, label: label, hint: hint, error: error,
            .el(
                "textarea", .attr("id", id), .attr("name", name), .attr("rows", String(rows)),
                .attr("class", error == nil ? "textarea" : "textarea input--error"),
                describedState(id: id, hint: hint, error: error),
                .text(value)))
    }

    /// A control in its form group, with its label, hint and error message above it.
    /// A date as three boxes, day, month and year (the GOV.UK pattern: no picker, no format to guess). They are
    /// sent as `name-day`, `name-month` and `name-year`; `DateFields` joins them into `name` ("2027-03-04") before
    /// any handler reads the form, so handlers, services and the API read one ISO date. `value` is that ISO date,
    /// or what was typed (joined the same way), and comes back into the three boxes as it was typed. An error
    /// summary's link lands on the day.
    package static func date(name: String, label: String, value: String, hint: String? = nil, error: String? = nil)
        -> Body
    {
        let id = fieldID(name)
        let hint = hint ?? "For example, 27 3 2027"
        let parts = DateFields.parts(of: value)
        func box(_ part: String, _ label: String, _ value: String, width: String, first: Bool) -> Body {
            let boxID = first ? id : "\(id)-\(part)"
            return .div(
                .class("date-input__item"),
                .el("label", .attr("for", boxID), .class("label date-input__label"), .text(label)),
                .void(
                    "input",
                    [
                        .attr("id", boxID), .attr("name", "\(name)-\(part)"), .attr("type", "text"),
                        .attr("inputmode", "numeric"), .attr("value", value),
                        .attr("class", "input input--width-\(width)" + (error == nil ? "" : " input--error")),
                    ] + (error == nil ? [] : [.attr("aria-invalid", "true")])))
        }
        return .div(
            .attr("class", error == nil ? "form-group" : "form-group form-group--error"),
            .el(
                "fieldset", .class("fieldset"), .attr("role", "group"),
                .attr("aria-describedby", id + "-hint" + (error == nil ? "" : " " + id + "-error")),
                .el("legend", .class("fieldset__legend date-input__legend"), .text(label)),
                .div(.attr("id", id + "-hint"), .class("hint"), .text(hint)),
                .unwrap(error) { errorMessage($0, id: id + "-error") },
                .div(
                    .class("date-input"),
                    box("day", "Day", parts.day, width: "2", first: true),
                    box("month", "Month", parts.month, width: "2", first: false),
                    box("year", "Year", parts.year, width: "4", first: false))))
    }

    private static func labelled(id: String, label: String, hint: String?, error: String?, _ control: Body) -> Body {
        .div(
            .attr("class", error == nil ? "form-group" : "form-group form-group--error"),
            .el("label", .attr("for", id), .class("label"), .text(label)),
            .unwrap(hint) { .div(.attr("id", id + "-hint"), .class("hint"), .text($0)) },
            .unwrap(error) { errorMessage($0, id: id + "-error") },
            control
        )
    }

    /// `aria-describedby` naming the hint and error, and `aria-invalid` when there is an error.
    private static func describedState(id: String, hint: String?, error: String?) -> Body {
        let describedBy = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }
            .joined(separator: " ")
        return .group(
            .if(!describedBy.isEmpty, .attr("aria-describedby", describedBy)),
            .if(error != nil, .attr("aria-invalid", "true")))
    }

    package static func errorMessage(_ message: String, id: String) -> Body {
        .p(.attr("id", id), .class("error-message"), .span(.class("visually-hidden"), .text("Error: ")), .text(message))
    }

    package static func submit(_ label: String, secondary: Bool = false) -> Body {
        .el(
            "button", .attr("type", "submit"), .attr("class", secondary ? "button button--secondary" : "button"),
            .text(label))
    }

    /// A one-button form (sign out, revoke, end session).
    package static func buttonForm(action: String, csrf: String, label: String, secondary: Bool = true) -> Body {
        form(action: action, csrf: csrf, submit(label, secondary: secondary))
    }

    /// "Error: " before the title when the page shows errors, so screen readers hear it first.
    package static func title(_ title: String, errors: FormErrors) -> String {
        errors.isEmpty ? title : "Error: \(title)"
    }
}
