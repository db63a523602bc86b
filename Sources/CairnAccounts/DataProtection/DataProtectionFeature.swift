import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Data protection (issue #20): a person's own copy of their data, subject access requests an administrator
/// records and answers, and the organisation's disclosure rules. Listed last in the app, so its migrations run
/// after every other feature's.
package struct DataProtectionFeature: Feature {
    package init() {}

    package let name = "data protection"
    package var actions: [Action] { Action.dataProtectionActions }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: DataProtectionController())
        try routes.register(collection: ErasureController())
        try routes.register(collection: RetentionController())
    }

    package var navigation: [NavigationEntry] {
        [
            NavigationEntry(
                label: "Subject access", path: SiteURL.subjectAccess.path, action: .answerSubjectAccess, order: 910),
            NavigationEntry(label: "Erasure", path: SiteURL.erasure.path, action: .erasePersonalData, order: 911),
            NavigationEntry(label: "Retention", path: SiteURL.retention.path, action: .erasePersonalData, order: 912),
        ]
    }

    package var migrations: [any Migration] { [CreateSubjectAccess(), CreateErasures()] }
    package var models: [any DeclaresPersonalData.Type] {
        [SubjectAccessRequest.self, DisclosureRule.self, ErasureRecord.self, RetentionRule.self, ErasedRecord.self]
    }

    /// An export is written to `<data directory>/exports` and removed once read; one left by a stopped process is
    /// removed an hour on.
    package func housekeeping(_ app: Application, now: Date) async throws {
        try await RetentionService(context: ServiceContext(application: app)).applyAutomatic()
        let folder = URL(fileURLWithPath: app.cairn.configuration.dataDirectory).appendingPathComponent("exports")
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? now
            if now.timeIntervalSince(modified) > 3_600 { try? manager.removeItem(atPath: path) }
        }
    }
}

extension Action {
    /// A person's own copy of everything Cairn holds about them.
    package static let exportOwnData = Action("export_own_data", rule: holdingAnyRole)
    /// Record, list and answer subject access requests, and set the disclosure rules: administrators (who see the
    /// export they hand over, never support content on a page).
    package static let answerSubjectAccess = Action("answer_subject_access", rule: holding(.admin))

    /// Anyone fully signed in: their own data, whatever their roles (a person with no role has data too).
    private static let holdingAnyRole: @Sendable (Actor, Policy.Resource) -> Policy.Decision = { actor, resource in
        resource.isOwned(by: actor) ? .allow : .deny
    }

    /// See what erasing a person's data would do, and erase it: administrators.
    package static let erasePersonalData = Action("erase_personal_data", rule: holding(.admin))

    package static let dataProtectionActions: [Action] = [.exportOwnData, .answerSubjectAccess, .erasePersonalData]
}

/// What subject access does, as the audit trail records it. Never rename a case, add a new one.
package enum DataProtectionAudit: String, AuditAction {
    case subjectAccessExported = "subject_access_exported"
    case subjectAccessRecorded = "subject_access_recorded"
    case disclosureRulesChanged = "disclosure_rules_changed"
    case personalDataErased = "personal_data_erased"
    case retentionRuleChanged = "retention_rule_changed"
    case retentionApplied = "retention_applied"
}

extension AuditResource {
    package static let subjectAccessRequest = AuditResource(rawValue: "subject_access_request")
    package static let erasure = AuditResource(rawValue: "erasure")
    package static let retentionRule = AuditResource(rawValue: "retention_rule")
}

extension SiteURL {
    package static let accountData = SiteURL(segments: [.constant("account"), .constant("data")])
    package static let subjectAccess = SiteURL(segments: [.constant("admin"), .constant("subject-access")])
    package static let erasure = SiteURL(segments: [.constant("admin"), .constant("erasure")])
    package static let retention = SiteURL(segments: [.constant("admin"), .constant("retention")])
    package static func retentionRule(_ kind: String?) -> SiteURL {
        SiteURL(segments: [.constant("admin"), .constant("retention"), .parameter("kind", kind)])
    }
    package static func retentionErasure(_ kind: String?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("retention"), .parameter("kind", kind), .constant("erasure"),
        ])
    }
    package static func erasePerson(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("erasure"), .parameter("personID", id?.uuidString.lowercased()),
        ])
    }
    package static let subjectAccessRules = SiteURL(segments: [
        .constant("admin"), .constant("subject-access"), .constant("rules"),
    ])
    package static func subjectAccessExport(_ id: UUID?) -> SiteURL {
        SiteURL(segments: [
            .constant("admin"), .constant("subject-access"), .parameter("requestID", id?.uuidString.lowercased()),
            .constant("export"),
        ])
    }
}
