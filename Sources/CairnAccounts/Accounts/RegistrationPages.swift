import CairnPlatform
import Plot

/// The views of registering, confirming an address and setting a password from a link.
package enum RegistrationPages {
    package struct Register {
        package var displayName = ""
        package var email = ""
        package var errors = FormErrors()
        package var csrf: String
        /// Where to go once the address is confirmed and the person signed in (a local path, or empty).
        package var next = ""
    }

    package static func register(_ model: Register) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("Create an account")),
            .p(
                .text("An account lets you ask for support, see where your request is and talk to your case manager "),
                .text("in private.")),
            Forms.form(
                action: SiteURL.register.path, csrf: model.csrf,
                .void("input", [.attr("type", "hidden"), .attr("name", "next"), .attr("value", model.next)]),
                Forms.text(
                    .init(
                        name: "displayName", label: "Your name", value: model.displayName, autocomplete: "name",
                        error: model.errors["displayName"])),
                Forms.text(
                    .init(
                        name: "email", label: "Email address", value: model.email, type: "email", autocomplete: "email",
                        hint: "We will send a link to confirm it. Use an address only you can read.",
                        error: model.errors["email"], spellcheck: false)),
                passwordField(error: model.errors["password"]),
                Forms.submit("Create account")
            ),
            .p(
                .text("Already have an account? "),
                .a(
                    .attr(
                        "href",
                        SiteURL.signIn.path + (model.next.isEmpty ? "" : "?next=" + SignInRedirect.encode(model.next))),
                    .text("Sign in")))
        )
    }

    package static func passwordField(error: String?, label: String = "Create a password") -> Node<HTML.BodyContext> {
        Forms.text(
            .init(
                name: "password", label: label, type: "password", autocomplete: "new-password",
                hint:
                    "At least 12 characters. A few unrelated words together make a strong password that is easy to remember.",
                error: error))
    }

    package static func checkYourEmail() -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Check your email")),
            .p(.class("lead"), .text("If you can use that address, we have sent it a link. Open it to finish.")),
            .p(
                .text("The link works once and expires in 24 hours. If nothing arrives in a few minutes, check your "),
                .text("spam folder or "), .a(.attr("href", SiteURL.register.path), .text("try again")), .text("."))
        )
    }

    package static func confirmEmail(token: String, csrf: String, next: String? = nil) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Confirm your email address")),
            .p(.text("Select the button to confirm this address and finish creating your account.")),
            Forms.form(
                action: SiteURL.verifyEmail(token).path, csrf: csrf,
                .unwrap(next) { .void("input", [.attr("type", "hidden"), .attr("name", "next"), .attr("value", $0)]) },
                Forms.submit("Confirm my email address"))
        )
    }

    package static func linkNotValid() -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("This link has expired or was already used")),
            .p(
                .text("Links we send work once and for a limited time. "),
                .a(.attr("href", SiteURL.forgotPassword.path), .text("Ask for a new password link")),
                .text(", or "), .a(.attr("href", SiteURL.register.path), .text("register again")), .text("."))
        )
    }

    package struct Forgot {
        package var email = ""
        package var errors = FormErrors()
        package var csrf: String
    }

    package static func forgotPassword(_ model: Forgot) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("Reset your password")),
            .p(.text("Enter the email address of your account and we will send a link to set a new password.")),
            Forms.form(
                action: SiteURL.forgotPassword.path, csrf: model.csrf,
                Forms.text(
                    .init(
                        name: "email", label: "Email address", value: model.email, type: "email", autocomplete: "email",
                        error: model.errors["email"], spellcheck: false)),
                Forms.submit("Send the link")
            )
        )
    }

    package static func resetSent() -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Check your email")),
            .p(.class("lead"), .text("If that address has an account, we have sent it a link to set a new password.")),
            .p(.text("The link works once and expires in 30 minutes."))
        )
    }

    package struct SetPassword {
        package var title: String
        package var action: String
        package var displayName: String?
        package var errors = FormErrors()
        package var csrf: String
    }

    package static func setPassword(_ model: SetPassword) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text(model.title)),
            Forms.form(
                action: model.action, csrf: model.csrf,
                .unwrap(model.displayName) { name in
                    Forms.text(
                        .init(
                            name: "displayName", label: "Your name", value: name, autocomplete: "name",
                            error: model.errors["displayName"]))
                },
                passwordField(error: model.errors["password"], label: "New password"),
                Forms.submit("Save password")
            )
        )
    }
}
