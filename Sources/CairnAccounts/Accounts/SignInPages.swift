import CairnPlatform
import Plot

/// The views of signing in and out. Plain structs in, HTML out.
package enum SignInPages {
    package struct SignIn {
        package var email = ""
        package var next = ""
        package var errors = FormErrors()
        package var notice: String?
        package var csrf: String
        /// How the organisation's provider is named, when single sign-on is set up.
        package var singleSignOnName: String?
        /// Why signing in through the provider did not work, when it just did not.
        package var singleSignOnProblem: String?
    }

    package static func signIn(_ model: SignIn) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .unwrap(model.singleSignOnProblem) { problem in
                .div(
                    .class("error-summary"), .attr("role", "alert"), .attr("aria-labelledby", "single-sign-on-problem"),
                    .attr("tabindex", "-1"),
                    .h2(
                        .id("single-sign-on-problem"), .class("error-summary__title"),
                        .text("You are not signed in")),
                    .p(.text(problem)))
            },
            .unwrap(model.notice) { .div(.class("notice"), .attr("role", "status"), .p(.text($0))) },
            .h1(.text("Sign in")),
            .unwrap(model.singleSignOnName) { name in
                .group(
                    .p(
                        .a(
                            .class("button"), .id("single-sign-on"),
                            .attr(
                                "href",
                                SiteURL.singleSignOn.path
                                    + (SignInRedirect.localPath(model.next).map { "?next=" + SignInRedirect.encode($0) }
                                        ?? "")),
                            .text("Sign in with " + name))),
                    .p(.text("Or sign in with your Cairn email address and password:")))
            },
            .if(
                SignInRedirect.localPath(model.next).map { $0 == "/refer" || $0.hasPrefix("/refer/") } == true,
                .div(
                    .class("inset"),
                    .p(
                        .text(
                            "To ask for support you need an account. It keeps your request private: only you and the "
                                + "case manager who takes it on read what you write. It saves your answers as you go, "
                                + "and lets you see where your request is and talk to your case manager.")))),
            Forms.form(
                action: SiteURL.signIn.path, csrf: model.csrf,
                .void("input", [.attr("type", "hidden"), .attr("name", "next"), .attr("value", model.next)]),
                Forms.text(
                    .init(
                        name: "email", label: "Email address", value: model.email, type: "email",
                        autocomplete: "username", error: model.errors["email"], spellcheck: false)),
                Forms.text(
                    .init(
                        name: "password", label: "Password", type: "password", autocomplete: "current-password",
                        error: model.errors["password"])),
                Forms.submit("Sign in")
            ),
            .p(.a(.attr("href", SiteURL.forgotPassword.path), .text("Forgotten your password?"))),
            .p(
                .text("New here? "),
                .a(
                    .attr(
                        "href",
                        SiteURL.register.path
                            + (SignInRedirect.localPath(model.next).map { "?next=" + SignInRedirect.encode($0) } ?? "")),
                    .text("Create an account")),
                .text(" to ask for support."))
        )
    }

    package struct SecondFactor {
        package var errors = FormErrors()
        package var csrf: String
    }

    package static func secondFactor(_ model: SecondFactor) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("Enter your security code")),
            .p(
                .text("Open your authenticator app and enter the 6-digit code it shows for Cairn. "),
                .text("If you cannot use the app, enter one of your recovery codes instead.")),
            Forms.form(
                action: SiteURL.secondFactor.path, csrf: model.csrf,
                Forms.text(
                    .init(
                        name: "code", label: "Security code", autocomplete: "one-time-code",
                        error: model.errors["code"],
                        width: "10", spellcheck: false, inputMode: "numeric")),
                Forms.submit("Continue")
            ),
            Forms.buttonForm(action: SiteURL.signOut.path, csrf: model.csrf, label: "Cancel and sign out")
        )
    }

    package struct Enrolment {
        package var secret: String
        package var uri: String
        package var sealed: String
        package var errors = FormErrors()
        package var csrf: String
        package var action: String
        /// Replacing an existing second factor asks for the password again (SECURITY.md §8).
        package var asksForPassword = false
    }

    /// Setting up the authenticator app: the secret as text (and as the otpauth link), then a first code.
    package static func enrolment(_ model: Enrolment) -> Node<HTML.BodyContext> {
        .group(
            Forms.errorSummary(model.errors),
            .h1(.text("Set up two-step sign-in")),
            .p(
                .text("Your role works with other people's confidential records, so signing in needs a code from an "),
                .text("authenticator app as well as your password.")),
            .ol(
                .class("steps"),
                .li(.text("Open an authenticator app on your phone and choose to add an account by entering a key.")),
                .li(
                    .text("Enter this key: "), .code(.class("secret"), .text(grouped(model.secret))),
                    .text(" (or, on the same device, open "), .a(.attr("href", model.uri), .text("this setup link")),
                    .text(").")),
                .li(.text("Enter the 6-digit code the app shows."))
            ),
            Forms.form(
                action: model.action, csrf: model.csrf,
                .void("input", [.attr("type", "hidden"), .attr("name", "enrolment"), .attr("value", model.sealed)]),
                .if(
                    model.asksForPassword,
                    Forms.text(
                        .init(
                            name: "currentPassword", label: "Your password", type: "password",
                            autocomplete: "current-password", hint: "Needed to replace your current authenticator.",
                            error: model.errors["currentPassword"]))),
                Forms.text(
                    .init(
                        name: "code", label: "Security code", autocomplete: "one-time-code",
                        error: model.errors["code"],
                        width: "10", spellcheck: false, inputMode: "numeric")),
                Forms.submit("Turn on two-step sign-in")
            )
        )
    }

    package static func recoveryCodes(_ codes: [String], continueTo: String) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Save your recovery codes")),
            .p(
                .text("Two-step sign-in is on. If you lose your phone, each of these codes lets you sign in once. "),
                .text("Keep them somewhere safe: they are shown only now.")),
            .ul(.class("recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }),
            .p(.a(.class("button"), .attr("href", continueTo), .text("I have saved my codes")))
        )
    }

    private static func grouped(_ secret: String) -> String {
        stride(from: 0, to: secret.count, by: 4).map { offset -> String in
            let start = secret.index(secret.startIndex, offsetBy: offset)
            let end = secret.index(start, offsetBy: min(4, secret.count - offset))
            return String(secret[start..<end])
        }.joined(separator: " ")
    }
}
