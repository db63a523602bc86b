import Foundation

extension CairnConfiguration {
    /// Nations whose bank holidays Cairn knows (working-day clocks use the organisation's nation).
    public static let nations = ["england", "wales", "scotland", "northern_ireland"]

    /// Reads and validates the configuration from environment variables.
    ///
    /// Pure: give it the environment (tests pass a dictionary), get a configuration or the first problem found.
    public static func load(
        from environment: [String: String],
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigurationError) -> CairnConfiguration {
        var reader = EnvironmentReader(environment)
        let mode = try reader.choice("CAIRN_ENV", default: Mode.development)
        let dataDirectory = reader.string("CAIRN_DATA_DIR", default: "./data")
        let host = try reader.host("CAIRN_HOST", default: "127.0.0.1")
        let port = try reader.integer("CAIRN_PORT", default: 8080, in: 1...65_535)
        let baseURL = try reader.httpURL("CAIRN_BASE_URL", default: "http://\(host):\(port)")
        let timeZone = try reader.timeZone("CAIRN_TIME_ZONE", default: "Europe/London")
        let organisationName = try reader.nonBlank("CAIRN_ORGANISATION_NAME", default: "Professional Support Unit")
        let nation = try reader.oneOf("CAIRN_NATION", default: "england", allowed: nations)
        let database = try reader.database("DATABASE_URL", dataDirectory: dataDirectory)
        let logLevel = try reader.oneOf(
            "CAIRN_LOG_LEVEL", default: "info",
            allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        let logFormat = try reader.choice("CAIRN_LOG_FORMAT", default: mode == .production ? LogFormat.json : .text)
        let resources = reader.string("CAIRN_RESOURCES_DIR", default: workingDirectory)
        let keyFile = reader.string(
            "CAIRN_KEY_FILE", default: (dataDirectory as NSString).appendingPathComponent("cairn.keys"))
        let passwordCost = try reader.integer("CAIRN_BCRYPT_COST", default: 12, in: 12...16)
        let security = SecuritySettings(
            staffIdle: TimeInterval(try reader.integer("CAIRN_STAFF_IDLE_MINUTES", default: 30, in: 1...720) * 60),
            idle: TimeInterval(try reader.integer("CAIRN_IDLE_MINUTES", default: 60, in: 1...720) * 60),
            absolute: TimeInterval(try reader.integer("CAIRN_SESSION_HOURS", default: 12, in: 1...72) * 3600),
            lockAfterFailures: try reader.integer("CAIRN_LOCK_AFTER_FAILURES", default: 6, in: 3...50),
            lockDuration: TimeInterval(try reader.integer("CAIRN_LOCK_MINUTES", default: 15, in: 1...1440) * 60),
            addressLockAfterFailures: 30)
        let mail = try reader.mail(mode: mode, dataDirectory: dataDirectory)
        let housekeeping = try reader.integer("CAIRN_HOUSEKEEPING_SECONDS", default: 300, in: 1...86_400)
        var configuration = CairnConfiguration(
            mode: mode, dataDirectory: dataDirectory, database: database,
            databaseVariable: reader.value("DATABASE_URL") == nil ? "CAIRN_DATA_DIR" : "DATABASE_URL", host: host,
            port: port,
            baseURL: baseURL, timeZone: timeZone, organisationName: organisationName, nation: nation,
            resourcesDirectory: resources, logLevel: logLevel, logFormat: logFormat, keyFile: keyFile,
            passwordCost: passwordCost, security: security, mail: mail)
        configuration.housekeepingInterval = TimeInterval(housekeeping)
        configuration.singleSignOn = try reader.singleSignOn(mode: mode)
        return configuration
    }
}

/// Reads one variable at a time and phrases each problem for a person.
private struct EnvironmentReader {
    package let environment: [String: String]

    package init(_ environment: [String: String]) { self.environment = environment }

    /// An empty value counts as unset, as in most twelve-factor tools.
    package func value(_ name: String) -> String? {
        guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    package func string(_ name: String, default fallback: String) -> String { value(name) ?? fallback }

    package func nonBlank(_ name: String, default fallback: String) throws(ConfigurationError) -> String {
        guard let raw = environment[name] else { return fallback }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ConfigurationError(name, "must not be blank.") }
        guard trimmed.count <= 200 else { throw ConfigurationError(name, "must be at most 200 characters.") }
        return trimmed
    }

    package func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError)
        -> Int
    {
        guard let raw = value(name) else { return fallback }
        guard let number = Int(raw), range.contains(number) else {
            throw ConfigurationError(
                name, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(raw)\".")
        }
        return number
    }

    package func oneOf(_ name: String, default fallback: String, allowed: [String]) throws(ConfigurationError) -> String
    {
        guard let raw = value(name) else { return fallback }
        guard allowed.contains(raw.lowercased()) else {
            throw ConfigurationError(name, "must be one of \(allowed.joined(separator: ", ")), not \"\(raw)\".")
        }
        return raw.lowercased()
    }

    package func choice<T: RawRepresentable & CaseIterable>(
        _ name: String, default fallback: T
    ) throws(ConfigurationError) -> T where T.RawValue == String {
        let allowed = T.allCases.map(\.rawValue).filter { $0 != "testing" }
        let raw = try oneOf(name, default: fallback.rawValue, allowed: allowed)
        return T(rawValue: raw) ?? fallback
    }

    package func host(_ name: String, default fallback: String) throws(ConfigurationError) -> String {
        guard let raw = value(name) else { return fallback }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:"))
        guard raw.unicodeScalars.allSatisfy(allowed.contains) else {
            throw ConfigurationError(name, "must be a host name or IP address, not \"\(raw)\".")
        }
        return raw
    }

    package func httpURL(_ name: String, default fallback: String) throws(ConfigurationError) -> URL {
        let raw = value(name) ?? fallback
        guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw ConfigurationError(name, "must be an absolute http:// or https:// URL, not \"\(raw)\".")
        }
        return url
    }

    /// All three of issuer, client id and secret, or none. The issuer is https (plain http only for a provider on
    /// this machine outside production: the test harness's).
    package func singleSignOn(mode: CairnConfiguration.Mode) throws(ConfigurationError) -> SingleSignOnSettings? {
        let issuerText = value("CAIRN_OIDC_ISSUER")
        let clientID = value("CAIRN_OIDC_CLIENT_ID")
        let secret = value("CAIRN_OIDC_CLIENT_SECRET")
        guard issuerText != nil || clientID != nil || secret != nil else { return nil }
        guard let issuerText else {
            throw ConfigurationError("CAIRN_OIDC_ISSUER", "must be set when CAIRN_OIDC_CLIENT_ID or its secret is.")
        }
        guard let clientID else {
            throw ConfigurationError("CAIRN_OIDC_CLIENT_ID", "must be set when CAIRN_OIDC_ISSUER is.")
        }
        guard let secret else {
            throw ConfigurationError("CAIRN_OIDC_CLIENT_SECRET", "must be set when CAIRN_OIDC_ISSUER is.")
        }
        guard let issuer = URL(string: issuerText), let scheme = issuer.scheme?.lowercased(),
            let host = issuer.host, !host.isEmpty, issuer.query == nil, issuer.fragment == nil
        else {
            throw ConfigurationError(
                "CAIRN_OIDC_ISSUER", "must be the provider's https:// issuer URL, not \"\(issuerText)\".")
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && loopback && mode != .production) else {
            throw ConfigurationError(
                "CAIRN_OIDC_ISSUER",
                "must be an https:// URL (plain http only for a provider on this machine outside production).")
        }
        let name = try nonBlank("CAIRN_OIDC_NAME", default: "your organisation's account")
        let methods = Set(
            string("CAIRN_OIDC_MFA_METHODS", default: "mfa").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        return SingleSignOnSettings(
            issuer: issuer, clientID: clientID, clientSecret: secret, name: name, multiFactorMethods: methods)
    }

    package func timeZone(_ name: String, default fallback: String) throws(ConfigurationError) -> TimeZone {
        let raw = value(name) ?? fallback
        guard let zone = TimeZone(identifier: raw) else {
            throw ConfigurationError(name, "must be an IANA time zone such as Europe/London, not \"\(raw)\".")
        }
        return zone
    }

    package func mail(mode: CairnConfiguration.Mode, dataDirectory: String) throws(ConfigurationError) -> MailSettings {
        let transport = try choice(
            "CAIRN_MAIL_TRANSPORT", default: mode == .production ? MailSettings.Transport.smtp : .file)
        let host = value("CAIRN_SMTP_HOST")
        if transport == .smtp, host == nil {
            throw ConfigurationError("CAIRN_SMTP_HOST", "must name the mail server when CAIRN_MAIL_TRANSPORT is smtp.")
        }
        let from = string("CAIRN_MAIL_FROM", default: "Cairn <no-reply@localhost>")
        guard from.contains("@"), !from.contains("\n"), !from.contains("\r") else {
            throw ConfigurationError(
                "CAIRN_MAIL_FROM", "must be an email address such as Cairn <no-reply@example.org>.")
        }
        return MailSettings(
            transport: transport, from: from, smtpHost: host,
            smtpPort: try integer("CAIRN_SMTP_PORT", default: 25, in: 1...65_535),
            smtpUsername: value("CAIRN_SMTP_USERNAME"), smtpPassword: value("CAIRN_SMTP_PASSWORD"),
            outboxDirectory: (dataDirectory as NSString).appendingPathComponent("outbox"))
    }

    package func database(_ name: String, dataDirectory: String) throws(ConfigurationError)
        -> CairnConfiguration.Database
    {
        guard let raw = value(name) else {
            return .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("cairn.sqlite"))
        }
        let lowered = raw.lowercased()
        if lowered.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ConfigurationError(name, "must name a file after sqlite://.") }
            return .sqliteFile(path: path)
        }
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else {
            throw ConfigurationError(
                name, "must be a postgres:// URL (or sqlite://PATH, or unset for SQLite in CAIRN_DATA_DIR).")
        }
        guard let components = URLComponents(string: raw), let host = components.host, !host.isEmpty,
            components.path.count > 1
        else {
            throw ConfigurationError(
                name, "is not a valid PostgreSQL URL: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
        }
        return .postgres(url: raw)
    }
}
