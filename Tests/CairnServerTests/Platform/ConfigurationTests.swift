import Foundation
import Testing

@testable import CairnAccounts
@testable import CairnMentoring
@testable import CairnPlatform
@testable import CairnServer
@testable import CairnSupport

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test func defaultsRunOnSQLiteInTheDataDirectory() throws {
        let configuration = try CairnConfiguration.load(from: [:], workingDirectory: "/srv/cairn/")
        #expect(configuration.mode == .development)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.baseURL.absoluteString == "http://127.0.0.1:8080")
        #expect(configuration.database == .sqliteFile(path: "./data/cairn.sqlite"))
        #expect(configuration.databaseVariable == "CAIRN_DATA_DIR")
        #expect(configuration.timeZone.identifier == "Europe/London")
        #expect(configuration.organisationName == "Professional Support Unit")
        #expect(configuration.resourcesDirectory == "/srv/cairn/")
        #expect(configuration.logFormat == .text)
    }

    @Test func singleSignOnIsOffUnlessItsThreeSettingsAreGiven() throws {
        #expect(try CairnConfiguration.load(from: [:]).singleSignOn == nil)
        let configured = try CairnConfiguration.load(from: [
            "CAIRN_OIDC_ISSUER": "https://login.example.nhs.uk/tenant/v2.0", "CAIRN_OIDC_CLIENT_ID": "cairn",
            "CAIRN_OIDC_CLIENT_SECRET": "s3cret", "CAIRN_OIDC_MFA_METHODS": "mfa, otp,,hwk",
        ])
        let settings = try #require(configured.singleSignOn)
        #expect(settings.issuer.absoluteString == "https://login.example.nhs.uk/tenant/v2.0")
        #expect(settings.clientID == "cairn" && settings.clientSecret == "s3cret")
        #expect(settings.name == "your organisation's account")
        #expect(settings.multiFactorMethods == ["mfa", "otp", "hwk"])
        // A provider on this machine over plain http: the test harness's, outside production only.
        let local = try CairnConfiguration.load(from: [
            "CAIRN_OIDC_ISSUER": "http://localhost:9000/openid", "CAIRN_OIDC_CLIENT_ID": "c",
            "CAIRN_OIDC_CLIENT_SECRET": "s", "CAIRN_OIDC_NAME": "NHSmail",
        ])
        #expect(local.singleSignOn?.name == "NHSmail")
    }

    @Test func postgresURLSwitchesTheDatabase() throws {
        let url = "postgres://cairn:secret@db.internal:5432/cairn?tlsmode=disable"
        let configuration = try CairnConfiguration.load(from: [
            "DATABASE_URL": url, "CAIRN_ENV": "production", "CAIRN_SMTP_HOST": "mail.internal",
        ])
        #expect(configuration.database == .postgres(url: url))
        #expect(configuration.databaseVariable == "DATABASE_URL")
        #expect(configuration.isProduction)
        #expect(configuration.logFormat == .json)
    }

    @Test(arguments: [
        (["CAIRN_PORT": "eighty"], "CAIRN_PORT must be a whole number from 1 to 65535, not \"eighty\"."),
        (["CAIRN_PORT": "70000"], "CAIRN_PORT must be a whole number from 1 to 65535, not \"70000\"."),
        (["CAIRN_ENV": "staging"], "CAIRN_ENV must be one of development, production, not \"staging\"."),
        (["CAIRN_ENV": "testing"], "CAIRN_ENV must be one of development, production, not \"testing\"."),
        (
            ["CAIRN_TIME_ZONE": "Mars/Olympus"],
            "CAIRN_TIME_ZONE must be an IANA time zone such as Europe/London, not \"Mars/Olympus\"."
        ),
        (
            ["CAIRN_BASE_URL": "cairn.example"],
            "CAIRN_BASE_URL must be an absolute http:// or https:// URL, not \"cairn.example\"."
        ),
        (
            ["DATABASE_URL": "mysql://x@y/z"],
            "DATABASE_URL must be a postgres:// URL (or sqlite://PATH, or unset for SQLite in CAIRN_DATA_DIR)."
        ),
        (
            ["DATABASE_URL": "postgres://"],
            "DATABASE_URL is not a valid PostgreSQL URL: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE."
        ),
        (["CAIRN_ORGANISATION_NAME": "   "], "CAIRN_ORGANISATION_NAME must not be blank."),
        (
            ["CAIRN_NATION": "mercia"],
            "CAIRN_NATION must be one of england, wales, scotland, northern_ireland, not \"mercia\"."
        ),
        (["CAIRN_HOST": "local host"], "CAIRN_HOST must be a host name or IP address, not \"local host\"."),
        (["CAIRN_ENV": "production"], "CAIRN_SMTP_HOST must name the mail server when CAIRN_MAIL_TRANSPORT is smtp."),
        (["CAIRN_BCRYPT_COST": "10"], "CAIRN_BCRYPT_COST must be a whole number from 12 to 16, not \"10\"."),
        (["CAIRN_MAIL_TRANSPORT": "pigeon"], "CAIRN_MAIL_TRANSPORT must be one of file, smtp, not \"pigeon\"."),
        (
            ["CAIRN_OIDC_CLIENT_ID": "cairn", "CAIRN_OIDC_CLIENT_SECRET": "s"],
            "CAIRN_OIDC_ISSUER must be set when CAIRN_OIDC_CLIENT_ID or its secret is."
        ),
        (
            ["CAIRN_OIDC_ISSUER": "https://login.example.nhs.uk", "CAIRN_OIDC_CLIENT_SECRET": "s"],
            "CAIRN_OIDC_CLIENT_ID must be set when CAIRN_OIDC_ISSUER is."
        ),
        (
            ["CAIRN_OIDC_ISSUER": "https://login.example.nhs.uk", "CAIRN_OIDC_CLIENT_ID": "cairn"],
            "CAIRN_OIDC_CLIENT_SECRET must be set when CAIRN_OIDC_ISSUER is."
        ),
        (
            [
                "CAIRN_OIDC_ISSUER": "http://login.example.nhs.uk", "CAIRN_OIDC_CLIENT_ID": "c",
                "CAIRN_OIDC_CLIENT_SECRET": "s",
            ],
            "CAIRN_OIDC_ISSUER must be an https:// URL (plain http only for a provider on this machine outside production)."
        ),
        (
            [
                "CAIRN_OIDC_ISSUER": "http://localhost:9000/openid", "CAIRN_OIDC_CLIENT_ID": "c",
                "CAIRN_OIDC_CLIENT_SECRET": "s", "CAIRN_ENV": "production", "CAIRN_SMTP_HOST": "mail",
            ],
            "CAIRN_OIDC_ISSUER must be an https:// URL (plain http only for a provider on this machine outside production)."
        ),
        (
            ["CAIRN_OIDC_ISSUER": "login", "CAIRN_OIDC_CLIENT_ID": "c", "CAIRN_OIDC_CLIENT_SECRET": "s"],
            "CAIRN_OIDC_ISSUER must be the provider's https:// issuer URL, not \"login\"."
        ),
    ])
    func badValuesAreNamedInOneSentence(environment: [String: String], message: String) {
        #expect(throws: ConfigurationError.self) { try CairnConfiguration.load(from: environment) }
        do {
            _ = try CairnConfiguration.load(from: environment)
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func everyVariableReadIsDocumentedInTheREADME() throws {
        let readme = try String(contentsOfFile: TestPaths.repositoryRoot + "README.md", encoding: .utf8)
        for (name, _) in CairnConfiguration.documentedVariables {
            #expect(readme.contains("`\(name)`"), "README does not document \(name)")
        }
    }
}
