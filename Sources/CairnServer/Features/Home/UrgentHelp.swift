import Plot

/// The urgent help a clinician can reach at once; shown on the home page and whenever someone says they are
/// at risk. Never blocks anything (DOMAIN.md §1).
enum UrgentHelp {
    struct Line: Sendable {
        var name: String
        var how: String
        var when: String
    }

    static let lines: [Line] = [
        Line(name: "Emergency services", how: "Call 999", when: "if you or someone else is in danger now"),
        Line(name: "NHS 111", how: "Call 111 or use 111.nhs.uk", when: "for urgent medical advice"),
        Line(name: "Samaritans", how: "Call 116 123, free, day or night", when: "if you need someone to listen"),
        Line(
            name: "NHS Practitioner Health", how: "Refer yourself at practitionerhealth.nhs.uk",
            when: "confidential mental health care for doctors and dentists"),
        Line(
            name: "BMA wellbeing support", how: "Call 0330 123 1245, 24 hours",
            when: "counselling and peer support for doctors and medical students"),
    ]

    static func panel(headingLevel: Int = 2) -> Node<HTML.BodyContext> {
        .section(
            .class("urgent-help"), .attr("aria-labelledby", "urgent-help-title"),
            .element(named: "h\(headingLevel)", nodes: [.id("urgent-help-title"), .text("If you need help now")]),
            .ul(
                .forEach(lines) { line in
                    .li(.strong(.text(line.name)), .text(": \(line.how), \(line.when)."))
                }
            )
        )
    }
}
