import CairnAccounts
import CairnMentoring
import CairnPlatform
import CairnSupport
import Plot

/// The front door: what the service offers a visiting clinician and how to get help.
struct HomePage {
    var organisationName: String

    struct Offer: Sendable {
        var title: String
        var summary: String
    }

    static let offers: [Offer] = [
        Offer(
            title: "Confidential one-to-one support",
            summary: "A case manager listens, agrees with you what would help and stays with you until it is done."),
        Offer(
            title: "Coaching and mentoring",
            summary: "Trained mentors who are never your supervisor, and coaching for transitions and new roles."),
        Offer(
            title: "Careers, exams and language",
            summary: "Careers advice, exam preparation, communication skills and language support."),
        Offer(
            title: "Health and well-being",
            summary: "Help to reach occupational health, psychological support and reasonable adjustments."),
        Offer(
            title: "Returning and arriving",
            summary: "Return to practice after time out, induction for international graduates, GMC registration."),
        Offer(
            title: "Learning together",
            summary: "Peer-support and case-discussion groups, learning events and a library of resources."),
    ]

    func content() -> Node<HTML.BodyContext> {
        .group(
            hero(),
            offersSection(),
            howItWorks(),
            UrgentHelp.panel()
        )
    }

    private func hero() -> Node<HTML.BodyContext> {
        .section(
            .class("hero"),
            .h1(.text("Support for clinicians, in confidence")),
            .p(
                .class("lead"),
                .text("\(organisationName) helps doctors, dentists, nurses, trainees, international graduates and "),
                .text("medical support workers through change, difficulty and development.")
            ),
            .p(
                .text("You can ask for support yourself: nobody has to refer you. "),
                .text("Support is separate from assessment; what you tell us is not shared with your supervisor, "),
                .text("employer or regulator without your consent.")
            ),
            .p(.a(.class("button"), .attr("href", SiteURL.refer.path), .text("Ask for support")))
        )
    }

    private func offersSection() -> Node<HTML.BodyContext> {
        .section(
            .attr("aria-labelledby", "offers-title"),
            .h2(.id("offers-title"), .text("What we offer")),
            .ul(
                .class("card-grid"),
                .forEach(Self.offers) { offer in
                    .li(.class("card"), .h3(.text(offer.title)), .p(.text(offer.summary)))
                }
            )
        )
    }

    private func howItWorks() -> Node<HTML.BodyContext> {
        .section(
            .attr("aria-labelledby", "how-title"),
            .h2(.id("how-title"), .text("How it works")),
            .ol(
                .class("steps"),
                .li(.strong(.text("Tell us what is happening. ")), .text("It takes about ten minutes.")),
                .li(.strong(.text("We contact you within 5 working days ")), .text("to talk it through.")),
                .li(.strong(.text("We agree a plan together, ")), .text("tailored to you, and review it as you go."))
            )
        )
    }
}
