import Foundation

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
    /// The key ring file; nil keeps an ephemeral ring in memory (tests only).
    public var keyFile: String?
    public var passwordCost: Int
    public var security: SecuritySettings
    public var mail: MailSettings
    /// How often background housekeeping (reminders, purges, folds) runs; one process at a time holds its lease.
    public var housekeepingInterval: TimeInterval = 300
    /// Signing in through the organisation's OpenID Connect provider; nil when not set up.
    public var singleSignOn: SingleSignOnSettings?

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
        ("CAIRN_KEY_FILE", "CAIRN_DATA_DIR/cairn.keys"),
        ("CAIRN_BCRYPT_COST", "12"),
        ("CAIRN_STAFF_IDLE_MINUTES", "30"),
        ("CAIRN_IDLE_MINUTES", "60"),
        ("CAIRN_SESSION_HOURS", "12"),
        ("CAIRN_LOCK_AFTER_FAILURES", "6"),
        ("CAIRN_LOCK_MINUTES", "15"),
        ("CAIRN_MAIL_TRANSPORT", "file in development, smtp in production"),
        ("CAIRN_MAIL_FROM", "Cairn <no-reply@localhost>"),
        ("CAIRN_SMTP_HOST", "(unset)"),
        ("CAIRN_SMTP_PORT", "25"),
        ("CAIRN_SMTP_USERNAME", "(unset)"),
        ("CAIRN_SMTP_PASSWORD", "(unset)"),
        ("CAIRN_HOUSEKEEPING_SECONDS", "300"),
        ("CAIRN_OIDC_ISSUER", "(unset: no single sign-on)"),
        ("CAIRN_OIDC_CLIENT_ID", "(unset)"),
        ("CAIRN_OIDC_CLIENT_SECRET", "(unset)"),
        ("CAIRN_OIDC_NAME", "your organisation's account"),
        ("CAIRN_OIDC_MFA_METHODS", "mfa"),
    ]

    public var isProduction: Bool { mode == .production }
}

/// Sessions and sign-in throttling (SECURITY.md §3, §7).
public struct SecuritySettings: Sendable, Equatable {
    public var staffIdle: TimeInterval
    public var idle: TimeInterval
    public var absolute: TimeInterval
    /// The failure that locks: the sixth wrong password by default.
    public var lockAfterFailures: Int
    public var lockDuration: TimeInterval
    /// An address is locked after this many failures across accounts.
    public var addressLockAfterFailures: Int
}

/// Where email goes: `.eml` files in the data dir, or an SMTP server.
public struct MailSettings: Sendable, Equatable {
    public enum Transport: String, Sendable, Equatable, CaseIterable {
        case file
        case smtp
    }

    public var transport: Transport
    public var from: String
    public var smtpHost: String?
    public var smtpPort: Int
    public var smtpUsername: String?
    public var smtpPassword: String?
    /// Where the file transport writes.
    public var outboxDirectory: String
}

/// The organisation's OpenID Connect provider (issue #20 item 5): an authorisation code flow with PKCE.
public struct SingleSignOnSettings: Sendable, Equatable {
    /// The provider's issuer identifier, exactly as its ID tokens say it (`iss`); discovery is read below it.
    public var issuer: URL
    public var clientID: String
    public var clientSecret: String
    /// How the sign-in page names the provider: "Sign in with …".
    public var name: String
    /// `amr` values (RFC 8176) that count as the provider having asked for a second factor; staff whose token
    /// carries none of them are asked for Cairn's own.
    public var multiFactorMethods: Set<String>

    public init(issuer: URL, clientID: String, clientSecret: String, name: String, multiFactorMethods: Set<String>) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.name = name
        self.multiFactorMethods = multiFactorMethods
    }
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
