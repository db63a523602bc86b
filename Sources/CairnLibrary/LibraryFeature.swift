import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import SQLKit
import Vapor

/// The resource library (issue #19 items 5 and 7): articles, links and PDFs tagged with the reasons for support,
/// audience and a review date; full-text search on both databases; public or for members; drafts for editors.
package struct LibraryFeature: Feature {
    package init() {}

    package let name = "library"
    package var actions: [Action] { Action.libraryActions }
    package var migrations: [any Migration] { [CreateLibrary()] }

    package func registerRoutes(on routes: any RoutesBuilder) throws {
        try routes.register(collection: LibraryController())
    }

    package var apiRecordLoaders: [String: RecordLoader] {
        ["libraryItemId": LibraryAccess.loader(parameter: "libraryItemId")]
    }

    package var navigation: [NavigationEntry] {
        [NavigationEntry(label: "Library", path: SiteURL.library.path, action: .readLibrary, order: 310)]
    }

    package var models: [any DeclaresPersonalData.Type] { [LibraryItem.self, LibraryView.self] }

    package func demo(_ app: Application) async throws -> [String] { try await DemoLibrary.load(app) }

    /// Up to five published items the person may read that help with any of their reasons, newest first.
    package func suggestions(for reasons: [ReferralReason], context: ServiceContext) async throws -> [Suggestion] {
        try await LibraryService(context: context).helpingWith(reasons, limit: 5).map { item in
            Suggestion(title: item.title, summary: item.summary, path: SiteURL.libraryItem(item.id).path)
        }
    }

    /// Published guides every member of the case manager's organisation may read, for a support plan: the best
    /// matches for the words, or (no words) the newest that help with the case's reasons.
    package func planResources(
        matching query: SearchQuery, reasons: [ReferralReason], limit: Int, context: ServiceContext
    ) async throws -> [PlanResource] {
        let service = LibraryService(context: context)
        let items =
            query.isEmpty
            ? try await service.helpingWith(reasons, limit: limit)
            : try await service.search(query, .init(), page: 1).items.map(\.item)
        return items.map { planResource($0, context: context) }.filter(\.isOpen).prefix(limit).map { $0 }
    }

    package func planResources(_ references: [PlanResourceReference], context: ServiceContext) async throws
        -> [PlanResource]
    {
        let ids = references.filter { $0.kind == .libraryItem }.map(\.id)
        guard !ids.isEmpty else { return [] }
        return try await LibraryItem.query(on: context.database).filter(\.$id ~~ ids).all().map {
            planResource($0, context: context)
        }
    }

    /// Open to a plan when it is published and every member of the organisation may read it.
    private func planResource(_ item: LibraryItem, context: ServiceContext) -> PlanResource {
        let members =
            item.visibility == .public || (context.actor.map { $0.organisationID == item.organisationID } ?? false)
        return PlanResource(
            reference: PlanResourceReference(kind: .libraryItem, id: item.id!), title: item.title,
            detail: item.kind.title, path: SiteURL.libraryItem(item.id).path,
            isOpen: item.status == .published && members)
    }

    /// Tells each item's owner once when its review date comes (100 a round).
    package func housekeeping(_ app: Application, now: Date) async throws {
        let context = ServiceContext(application: app)
        let today = context.state.today.description
        let sql = app.db as! any SQLDatabase
        let ids = try await sql.raw(
            """
            SELECT id FROM library_items WHERE status <> 'withdrawn' AND review_on <= \(bind: today)
            AND (review_notice_for IS NULL OR review_notice_for <> review_on) ORDER BY review_on LIMIT 100
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return }
        for item in try await LibraryItem.query(on: app.db).filter(\.$id ~~ ids).all() {
            try await context.transaction { context in
                let sql = context.database as! any SQLDatabase
                let claimed = try await sql.raw(
                    """
                    UPDATE library_items SET review_notice_for = review_on WHERE id = \(bind: item.requireID())
                    AND (review_notice_for IS NULL OR review_notice_for <> review_on) RETURNING id
                    """
                ).all()
                guard !claimed.isEmpty, let owner = try await Person.find(item.ownerID, on: context.database) else {
                    return
                }
                try await Outbox.enqueue(
                    to: owner.email, subject: "Due for review: \(item.title)",
                    body: """
                        "\(item.title)" in the library was due for review on \(CalendarDay.longText(iso: item.reviewOn)).

                        Please check it is still right, then set its next review date (or withdraw it):
                        \(context.link(.libraryItem(item.id)))
                        """, now: context.now, on: context.database)
            }
        }
    }
}
