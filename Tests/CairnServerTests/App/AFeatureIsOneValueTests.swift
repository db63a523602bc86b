import CairnCore
import Fluent
import Foundation
import Testing
import Vapor

@testable import CairnAccounts
@testable import CairnPlatform
@testable import CairnServer

// A throwaway feature, written as a new feature is (issue #12: "a new feature needs changes in its own folder plus
// one line in the app's feature list"). Everything below would be its folder; the one line is
// `CairnFeatures.all + [NoticeboardFeature()]` in the test, `NoticeboardFeature(),` in `CairnFeatures.swift`.

extension SiteURL {
    static let noticeboard = SiteURL(segments: [.constant("noticeboard")])
}

extension Action {
    /// Clinicians read the unit's notices.
    static let readNoticeboard = Action("read_noticeboard", rule: holding(.clinician))
}

extension AuditResource {
    static let notice = AuditResource(rawValue: "notice")
}

enum NoticeboardAudit: String, AuditAction {
    case noticesRead = "notices_read"
}

final class Notice: Model, DeclaresPersonalData, @unchecked Sendable {
    static let schema = "throwaway_notices"
    static let personalData = PersonalData(whose: [], plain: ["text": PlainBecause.generated])

    @ID(key: .id) var id: UUID?
    @Field(key: "text") var text: String

    init() {}
    init(text: String) {
        self.id = UUID()
        self.text = text
    }
}

struct CreateThrowawayNotices: AsyncMigration {
    var name: String { "9901_CreateThrowawayNotices" }
    func prepare(on database: any Database) async throws {
        try await database.schema(Notice.schema).id().field("text", .string, .required).create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(Notice.schema).delete()
    }
}

struct NoticeboardFeature: Feature {
    let name = "noticeboard"
    var actions: [Action] { [.readNoticeboard] }
    var migrations: [any Migration] { [CreateThrowawayNotices()] }
    var models: [any DeclaresPersonalData.Type] { [Notice.self] }
    var navigation: [NavigationEntry] {
        [NavigationEntry(label: "Noticeboard", path: SiteURL.noticeboard.path, action: .readNoticeboard, order: 99)]
    }

    func registerRoutes(on routes: any RoutesBuilder) throws {
        routes.on(.noticeboard, action: .readNoticeboard) { request async throws -> String in
            let count = try await Notice.query(on: request.db).count()
            try await request.audit(NoticeboardAudit.noticesRead, resourceType: .notice)
            return "\(count) notices"
        }
    }
}

/// A feature declaring an action another feature already declares.
struct ClashingFeature: Feature {
    let name = "clashing"
    var actions: [Action] { [Action("request_support")] }
    func registerRoutes(on routes: any RoutesBuilder) throws {}
}

@Suite("A feature is one value")
struct AFeatureIsOneValueTests {
    @Test func aNewFeatureJoinsTheAppFromItsOwnFolderAndOneLine() async throws {
        try await withCairn(features: CairnFeatures.all + [NoticeboardFeature()]) { app in
            // Its migration ran after every landed one, and its model is in the personal-data map.
            try await Notice(text: "Café on Tuesday").create(on: app.db)
            #expect(PersonalDataMap.models(of: app.cairn.features).contains { $0 == Notice.self })
            #expect(app.cairn.actions.action(named: "read_noticeboard") == .readNoticeboard)

            // Its route is decided by its action's rule, through the same gate as every other route.
            let visitor = TestBrowser(app)
            #expect(try await visitor.get("/noticeboard").location?.hasPrefix("/sign-in") == true)
            let clinician = TestBrowser(app)
            try await clinician.signIn(try await app.makePerson([.clinician]))
            let page = try await clinician.get("/noticeboard")
            #expect(page.status == .ok && page.body == "1 notices")
            let admin = TestBrowser(app)
            try await admin.signIn(try await app.makePerson([.admin]))
            #expect(try await admin.get("/noticeboard").status == .forbidden)

            // Its navigation entry shows to those its rule allows, and to no one else.
            #expect(try await clinician.get("/account").body.contains("Noticeboard"))
            #expect(try await admin.get("/account").body.contains("Noticeboard") == false)

            // Its audit vocabulary is its own.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "notices_read").count()
            #expect(entries == 1)
        }
    }

    @Test func anAppWhoseFeaturesDeclareOneActionTwiceDoesNotStart() async throws {
        await #expect(throws: ConfigurationError.self) {
            try await withCairn(features: CairnFeatures.all + [ClashingFeature()]) { _ in }
        }
    }
}
