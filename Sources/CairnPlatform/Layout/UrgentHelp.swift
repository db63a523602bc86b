import Plot

/// The urgent help a clinician can reach at once; shown on the home page and whenever someone says they are
/// at risk. Never blocks anything (DOMAIN.md §1). Numbers are `tel:` links, so a phone can call them in one tap.
package enum UrgentHelp {
    package struct Line: Sendable {
        package var name: String
        package var verb: String
        package var linkText: String
        package var href: String
        package var when: String
    }

    package static let lines: [Line] = [
        Line(
            name: "Emergency services", verb: "Call", linkText: "999", href: "tel:999",
            when: "if you or someone else is in danger now"),
        Line(name: "NHS 111", verb: "Call", linkText: "111", href: "tel:111", when: "for urgent medical advice"),
        Line(
            name: "Samaritans", verb: "Call", linkText: "116 123", href: "tel:116123",
            when: "free, day or night, if you need someone to listen"),
        Line(
            name: "NHS Practitioner Health", verb: "Refer yourself at", linkText: "practitionerhealth.nhs.uk",
            href: "https://www.practitionerhealth.nhs.uk",
            when: "confidential mental health care for doctors and dentists"),
        Line(
            name: "BMA wellbeing support", verb: "Call", linkText: "0330 123 1245", href: "tel:03301231245",
            when: "24 hours, counselling and peer support for doctors and medical students"),
    ]

    package static func panel(headingLevel: Int = 2) -> Node<HTML.BodyContext> {
        .section(
            .class("urgent-help"), .attr("aria-labelledby", "urgent-help-title"),
            .element(named: "h\(headingLevel)", nodes: [.id("urgent-help-title"), .text("If you need help now")]),
            .ul(
                .forEach(lines) { line in
                    .li(
                        .strong(.text(line.name)), .text(": \(line.verb) "),
                        .a(.attr("href", line.href), .text(line.linkText)), .text(", \(line.when).")
                    )
                }
            )
        )
    }
}
