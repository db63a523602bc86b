import Fluent
import Foundation

/// An email waiting to be delivered. Written in the same transaction as the change it reports, so a message is
/// never sent for something that did not happen, nor lost for something that did.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox"

    // managed
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// While set and in the future, one worker owns the message; if it dies, the lease runs out and another tries.
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "failed_at") var failedAt: Date?
    @OptionalField(key: "last_error") var lastError: String?

    init() {}

    init(recipient: String, subject: String, body: String, now: Date) {
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
struct Email: Sendable, Equatable {
    var id: UUID
    var from: String
    var to: String
    var subject: String
    var body: String
    var date: Date

    /// RFC 5322 text with CRLF line ends, UTF-8 body, and a subject safe from header injection.
    var rfc5322: String {
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

    static func headerSafe(_ value: String) -> String {
        value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// RFC 2047 encoded-word when the subject is not plain ASCII.
    static func encodedSubject(_ subject: String) -> String {
        let safe = headerSafe(subject)
        guard !safe.allSatisfy(\.isASCII) else { return safe }
        return "=?UTF-8?B?\(Data(safe.utf8).base64EncodedString())?="
    }

    /// The bare address inside `Name <address>`.
    static func address(_ mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close else {
            return mailbox.trimmingCharacters(in: .whitespaces)
        }
        return String(mailbox[mailbox.index(after: open)..<close])
    }
}
