import Fluent
import Foundation

/// An email waiting to be delivered. Written in the same transaction as the change it reports, so a message is
/// never sent for something that did not happen, nor lost for something that did.
package final class OutboxMessage: Model, @unchecked Sendable {
    package static let schema = "outbox"

    // managed
    @ID(key: .id) package var id: UUID?

    // data
    @Field(key: "recipient") package var recipient: String
    @Field(key: "subject") package var subject: String
    @Field(key: "body") package var body: String
    @Field(key: "created_at") package var createdAt: Date
    @Field(key: "attempts") package var attempts: Int
    @Field(key: "next_attempt_at") package var nextAttemptAt: Date
    /// While set and in the future, one worker owns the message; if it dies, the lease runs out and another tries.
    @OptionalField(key: "lease_until") package var leaseUntil: Date?
    @OptionalField(key: "sent_at") package var sentAt: Date?
    @OptionalField(key: "failed_at") package var failedAt: Date?
    @OptionalField(key: "last_error") package var lastError: String?

    package init() {}

    package init(recipient: String, subject: String, body: String, now: Date) {
        self.id = UUID()
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.createdAt = now
        self.attempts = 0
        self.nextAttemptAt = now
    }
}

/// A message as a transport sees it.
package struct Email: Sendable, Equatable {
    package var id: UUID
    package var from: String
    package var to: String
    package var subject: String
    package var body: String
    package var date: Date

    /// RFC 5322 text with CRLF line ends, UTF-8 body, and a subject safe from header injection.
    package var rfc5322: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: \(Self.headerSafe(from))", "To: \(Self.headerSafe(to))", "Subject: \(Self.encodedSubject(subject))",
            "Date: \(formatter.string(from: date))", "Message-ID: <\(id.uuidString.lowercased())@cairn>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        let normalisedBody = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\n", with: "\r\n")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + normalisedBody + "\r\n"
    }

    package static func headerSafe(_ value: String) -> String {
        value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// RFC 2047 encoded-word when the subject is not plain ASCII.
    package static func encodedSubject(_ subject: String) -> String {
        let safe = headerSafe(subject)
        guard !safe.allSatisfy(\.isASCII) else { return safe }
        return "=?UTF-8?B?\(Data(safe.utf8).base64EncodedString())?="
    }

    /// The bare address inside `Name <address>`.
    package static func address(_ mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close else {
            return mailbox.trimmingCharacters(in: .whitespaces)
        }
        return String(mailbox[mailbox.index(after: open)..<close])
    }
}
