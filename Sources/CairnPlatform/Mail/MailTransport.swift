import Foundation
import NIOCore

/// Hands one email to the world. Throws when it was not accepted, so the worker retries.
package protocol MailTransport: Sendable {
    func send(_ email: Email) async throws
}

/// Writes each email as an `.eml` file: the development default, and what browser tests read.
package struct FileMailTransport: MailTransport {
    package var directory: String

    package func send(_ email: Email) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = "\(Int(email.date.timeIntervalSince1970 * 1000))-\(email.id.uuidString.lowercased()).eml"
        let path = (directory as NSString).appendingPathComponent(name)
        // Write then rename, so a reader never sees half a message.
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(email.rfc5322.utf8)) else {
            throw MailFailure.couldNotWrite(path)
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}

package enum MailFailure: Error, CustomStringConvertible {
    case couldNotWrite(String)
    case rejected(String)
    case connection(String)

    package var description: String {
        switch self {
        case .couldNotWrite(let path): "could not write \(path)"
        case .rejected(let reply): "server refused: \(reply)"
        case .connection(let detail): "connection failed: \(detail)"
        }
    }
}
