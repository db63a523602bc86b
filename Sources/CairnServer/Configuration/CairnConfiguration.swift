public import Foundation

/// Everything Cairn reads from its environment, validated in one place.
///
/// Every variable has a default so that `swift run cairn serve` works on a fresh machine; a bad value stops
/// start-up with one sentence that names the variable (see `ConfigurationError`).
public struct CairnConfiguration: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        case development
        case production
        /// Used by the test suite only: never set by an operator.
        case testing
    }

    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory(identifier: String)
        case postgres(url: String)
    }

    public enum LogFormat: String, Sendable, Equatable, CaseIterable {
        case text
        case json
    }

    public var mode: Mode
    public var dataDirectory: String
    public var database: Database
    /// The variable a person changes to fix a database problem: `DATABASE_URL`, or `CAIRN_DATA_DIR` for the default.
    public var databaseVariable: String
    public var host: String
    public var port: Int
    public var baseURL: URL
    public var timeZone: TimeZone
    public var organisationName: String
    public var nation: String
    public var resourcesDirectory: String
    public var logLevel: String
    public var logFormat: LogFormat

    /// The variables this reads, with their defaults, in the order the README lists them.
    public static let documentedVariables: [(name: String, defaultValue: String)] = [
        ("CAIRN_ENV", "development"),
        ("CAIRN_DATA_DIR", "./data"),
        ("DATABASE_URL", "(unset: SQLite file cairn.sqlite in CAIRN_DATA_DIR)"),
        ("CAIRN_HOST", "127.0.0.1"),
        ("CAIRN_PORT", "8080"),
        ("CAIRN_BASE_URL", "http://CAIRN_HOST:CAIRN_PORT"),
        ("CAIRN_TIME_ZONE", "Europe/London"),
        ("CAIRN_ORGANISATION_NAME", "Professional Support Unit"),
        ("CAIRN_NATION", "england"),
        ("CAIRN_RESOURCES_DIR", "the working directory (holds Public/ and openapi.yaml)"),
        ("CAIRN_LOG_LEVEL", "info"),
        ("CAIRN_LOG_FORMAT", "text in development, json in production"),
    ]

    public var isProduction: Bool { mode == .production }
}

/// A configuration problem, told in one sentence that names the variable to fix.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var variable: String
    public var problem: String

    public init(_ variable: String, _ problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "\(variable) \(problem)" }
}
