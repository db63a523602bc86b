import CairnPlatform
import Foundation

/// The words of every account email. Plain text, no personal detail beyond the greeting, links that expire.
package enum AccountEmails {
    package struct Message {
        package var subject: String
        package var body: String
    }

    package static func verifyEmail(name: String, link: String) -> Message {
        Message(
            subject: "Confirm your email address for Cairn",
            body: """
                Hello \(name),

                Please confirm your email address to finish creating your Cairn account:

                \(link)

                The link works once and expires in 24 hours. If you did not ask for an account, ignore this email.
                """)
    }

    package static func alreadyRegistered(name: String, signInLink: String, resetLink: String) -> Message {
        Message(
            subject: "Someone tried to register with your email address",
            body: """
                Hello \(name),

                Someone tried to create a Cairn account with this email address, which already has one.
                If it was you, sign in at \(signInLink) or set a new password at \(resetLink).
                If it was not you, you need do nothing.
                """)
    }

    package static func resetPassword(name: String, link: String) -> Message {
        Message(
            subject: "Set a new password for Cairn",
            body: """
                Hello \(name),

                Use this link to set a new password:

                \(link)

                The link works once and expires in 30 minutes. If you did not ask for it, ignore this email:
                your password has not changed.
                """)
    }

    package static func invitation(name: String, organisation: String, link: String) -> Message {
        Message(
            subject: "You have been invited to Cairn",
            body: """
                Hello \(name),

                You have been invited to work in Cairn for \(organisation). Choose a password to start:

                \(link)

                The link works once and expires in 7 days.
                """)
    }

    package static func passwordChanged(name: String) -> Message {
        Message(
            subject: "Your Cairn password was changed",
            body: """
                Hello \(name),

                The password for your Cairn account was just changed, and every other session was signed out.
                If this was not you, reset your password at once and tell your support unit.
                """)
    }
}
