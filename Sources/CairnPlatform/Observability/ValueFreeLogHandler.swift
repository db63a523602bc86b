import Logging

/// Keeps values out of the log at every level (issue #11): the database libraries log statements with their bound
/// values (a sealed note's ciphertext is harmless, but an email, a search term or a server error's "Key (email)=…"
/// is not). Their lines below `warning` are dropped; at `warning` and above only the level, the library and the
/// request id are kept, never the message or its metadata, which may quote a value.
///
/// Vapor's own trace and debug lines quote each request as it arrived (path, query string, headers with cookies):
/// they are dropped too. Cairn's own code logs route patterns, ids and counts only; this handler wraps whatever
/// handler the process uses.
public struct ValueFreeLogHandler: LogHandler {
    package var wrapped: any LogHandler

    /// Modules whose log lines can carry bound values or row contents.
    package static let databaseModules: Set<String> = [
        "FluentKit", "FluentSQL", "SQLKit", "FluentSQLiteDriver", "SQLiteKit", "SQLiteNIO", "FluentPostgresDriver",
        "PostgresKit", "PostgresNIO",
    ]

    public init(wrapping handler: any LogHandler) {
        self.wrapped = handler
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    /// Modules whose lines below `info` describe requests as they arrived (raw path, query, headers, cookies).
    package static let transportModules: Set<String> = ["Vapor", "NIOHTTP1", "NIOCore", "NIOPosix", "OpenAPIVapor"]

    public func log(event: LogEvent) {
        if Self.transportModules.contains(event.source), event.level < .info { return }
        guard Self.databaseModules.contains(event.source) else {
            wrapped.log(event: event)
            return
        }
        guard event.level >= .warning else { return }
        var kept: Logger.Metadata = [:]
        if let request = event.metadata?["request-id"] { kept["request-id"] = request }
        wrapped.log(
            event: LogEvent(
                level: event.level, message: "\(event.source): a database message was withheld (it may quote values)",
                metadata: kept, source: event.source, file: event.file, function: event.function, line: event.line))
    }
}
