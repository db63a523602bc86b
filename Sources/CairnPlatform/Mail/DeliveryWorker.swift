import Fluent
import Foundation
import Vapor

/// Moves email from the outbox to the transport, in the background of `cairn serve`.
///
/// At-least-once: a message is marked sent only after the transport accepted it. If the process stops
/// mid-send, the lease runs out and the message goes again (a duplicate is better than a lost reset link).
package struct DeliveryWorker: Sendable {
    package var transport: any MailTransport
    package var from: String
    package var lease: TimeInterval = 120

    package static func make(for configuration: CairnConfiguration) -> DeliveryWorker {
        let mail = configuration.mail
        switch mail.transport {
        case .file:
            return DeliveryWorker(transport: FileMailTransport(directory: mail.outboxDirectory), from: mail.from)
        case .smtp:
            let smtp = SMTPTransport(
                host: mail.smtpHost ?? "localhost", port: mail.smtpPort, username: mail.smtpUsername,
                password: mail.smtpPassword)
            return DeliveryWorker(transport: smtp, from: mail.from)
        }
    }

    /// Delivers what is due now; returns how many were sent.
    @discardableResult
    package func deliverDue(on database: any Database, now: @Sendable () -> Date, logger: Logger) async throws -> Int {
        let batch = try await Outbox.claimDue(now: now(), lease: lease, limit: 20, on: database)
        var sent = 0
        for message in batch {
            let email = Email(
                id: try message.requireID(), from: from, to: message.recipient, subject: message.subject,
                body: message.body, date: message.createdAt)
            do {
                try await transport.send(email)
                try await Outbox.markSent(message, now: now(), on: database)
                sent += 1
            } catch {
                logger.warning(
                    "email delivery failed; will retry", metadata: ["outbox-id": "\(email.id)", "error": "\(error)"])
                try await Outbox.markFailed(message, error: "\(error)", now: now(), on: database)
            }
        }
        return sent
    }

    /// Runs until cancelled, checking every `interval`.
    package func run(app: Application, interval: Duration = .seconds(2)) async {
        let now = app.cairn.collaborators.now
        while !Task.isCancelled {
            do {
                try await deliverDue(on: app.db, now: now, logger: app.logger)
            } catch {
                app.logger.error("outbox check failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
