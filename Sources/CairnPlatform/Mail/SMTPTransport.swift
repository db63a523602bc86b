import Foundation
import NIOCore
import NIOPosix

/// Delivers over SMTP to a relay (RFC 5321): EHLO, optional AUTH PLAIN, MAIL FROM, RCPT TO, DATA, QUIT.
///
/// Plain TCP: Cairn hands mail to a local or internal relay, which does TLS onwards. A reply other than the
/// expected code throws, and the worker retries later.
package struct SMTPTransport: MailTransport {
    package var host: String
    package var port: Int
    package var username: String?
    package var password: String?
    package var heloName = "cairn.localhost"
    package var timeout: TimeAmount = .seconds(20)

    package func send(_ email: Email) async throws {
        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw MailFailure.connection("\(host):\(port): \(error)")
        }
        try await channel.executeThenClose { inbound, outbound in
            var replies = inbound.makeAsyncIterator()
            var conversation = SMTPConversation(replies: { try await Self.readReply(&replies) }, outbound: outbound)
            try await conversation.expect(220)
            try await conversation.command("EHLO \(heloName)", expect: 250)
            if let username, let password {
                let credentials = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                try await conversation.command("AUTH PLAIN \(credentials)", expect: 235)
            }
            try await conversation.command("MAIL FROM:<\(Email.address(email.from))>", expect: 250)
            try await conversation.command("RCPT TO:<\(Email.address(email.to))>", expect: 250, 251)
            try await conversation.command("DATA", expect: 354)
            try await conversation.write(Self.dotStuffed(email.rfc5322) + ".\r\n")
            try await conversation.expect(250)
            try? await conversation.command("QUIT", expect: 221)
        }
    }

    /// A multi-line reply ends with the line whose fourth character is a space (`250 OK`).
    package static func readReply(_ lines: inout NIOAsyncChannelInboundStream<String>.AsyncIterator) async throws -> (
        Int, String
    ) {
        var text: [String] = []
        while let line = try await lines.next() {
            text.append(line)
            if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                return (Int(line.prefix(3)) ?? 0, text.joined(separator: " | "))
            }
        }
        throw MailFailure.connection("the server closed the connection")
    }

    /// Lines starting with "." get another (RFC 5321 §4.5.2).
    package static func dotStuffed(_ message: String) -> String {
        message.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }
}

private struct SMTPConversation {
    package var replies: () async throws -> (Int, String)
    package var outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    package mutating func expect(_ codes: Int...) async throws {
        let (code, text) = try await replies()
        guard codes.contains(code) else { throw MailFailure.rejected(text) }
    }

    package mutating func command(_ line: String, expect codes: Int...) async throws {
        try await write(line + "\r\n")
        let (code, text) = try await replies()
        guard codes.contains(code) else { throw MailFailure.rejected(text) }
    }

    package func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }
}

/// Splits the byte stream into CRLF-terminated lines.
private struct SMTPLineDecoder: ByteToMessageDecoder {
    package typealias InboundOut = String

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return .needMoreData }
        let length = newline - buffer.readerIndex + 1
        guard let line = buffer.readString(length: length) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(line.trimmingCharacters(in: .newlines)))
        return .continue
    }
}
