import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// The resource library: editors write, publish and withdraw items; everyone browses and searches what they may
/// read; each view adds one to the item's count for the month (issue #19 items 5 and 7).
package struct LibraryService: Sendable {
    package let context: ServiceContext

    package init(context: ServiceContext) { self.context = context }

    static let moved = "Someone changed this item since you opened it: check it and save again"
    package static let pageSize = 20

    var isEditor: Bool {
        guard let actor = context.actor, actor.isFullySignedIn else { return false }
        return !actor.roles.isDisjoint(with: Action.libraryEditors)
    }

    // MARK: What each may read, as SQL

    /// `readLibrary`'s rule as SQL over `i`, so a list or a search never shows what the item's page would refuse.
    func readable(_ a: String = "i") -> SQLQueryString {
        guard let actor = context.actor, actor.isFullySignedIn else {
            return "\(unsafeRaw: a).status = 'published' AND \(unsafeRaw: a).visibility = 'public'"
        }
        let published: SQLQueryString =
            "(\(unsafeRaw: a).status = 'published' AND (\(unsafeRaw: a).visibility = 'public' OR \(unsafeRaw: a).organisation_id = \(bind: actor.organisationID)))"
        guard isEditor else { return published }
        return "(" + published + " OR \(unsafeRaw: a).organisation_id = \(bind: actor.organisationID))"
    }

    /// Filters: a reason the item helps with, and a profession it is for (items for everyone match every one).
    package struct Filters: Sendable, Equatable {
        package var reason: ReferralReason?
        package var profession: Profession?
        package var dueForReview = false

        package init(reason: ReferralReason? = nil, profession: Profession? = nil, dueForReview: Bool = false) {
            self.reason = reason
            self.profession = profession
            self.dueForReview = dueForReview
        }
    }

    private func filtered(_ condition: SQLQueryString, _ filters: Filters, _ a: String = "i") -> SQLQueryString {
        var condition = condition
        if let reason = filters.reason {
            condition =
                condition + " AND (',' || \(unsafeRaw: a).reasons || ',') LIKE \(bind: "%," + reason.rawValue + ",%")"
        }
        if let profession = filters.profession {
            condition =
                condition
                + " AND (\(unsafeRaw: a).professions = '' OR (',' || \(unsafeRaw: a).professions || ',') LIKE \(bind: "%," + profession.rawValue + ",%"))"
        }
        if filters.dueForReview {
            condition =
                condition
                + " AND \(unsafeRaw: a).status <> 'withdrawn' AND \(unsafeRaw: a).review_on <= \(bind: context.state.today.description)"
        }
        return condition
    }

    // MARK: Browsing and searching

    /// A found item, with its snippet's pieces when found by a search.
    package struct Found: Sendable {
        package var item: LibraryItem
        package var snippet: [HighlightedSnippet.Piece]
    }

    /// A page of the items the reader may see, newest first, paged in SQL.
    package func browse(_ filters: Filters, page: Int) async throws -> (items: [Found], paging: Paging) {
        let sql = context.database as! any SQLDatabase
        let condition = filtered(readable(), filters)
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM library_items i WHERE " + condition).first()?
            .decode(column: "n", as: Int.self) ?? 0
        let paging = Paging(total: total, pageSize: Self.pageSize, requested: page)
        let ids = try await sql.raw(
            "SELECT i.id FROM library_items i WHERE " + condition
                + " ORDER BY i.updated_at DESC, i.id LIMIT \(unsafeRaw: String(paging.pageSize)) OFFSET \(unsafeRaw: String(paging.offset))"
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        return (try await load(ids).map { Found(item: $0, snippet: []) }, paging)
    }

    private func load(_ ids: [UUID]) async throws -> [LibraryItem] {
        guard !ids.isEmpty else { return [] }
        let items = try await LibraryItem.query(on: context.database).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: items.compactMap { item in item.id.map { ($0, item) } })
        return ids.compactMap { byID[$0] }
    }

    /// Published items the reader may read that help with any of `reasons`, newest first (for their own page).
    package func helpingWith(_ reasons: [ReferralReason], limit: Int) async throws -> [LibraryItem] {
        guard !reasons.isEmpty else { return [] }
        let sql = context.database as! any SQLDatabase
        var any: SQLQueryString = "("
        for (index, reason) in reasons.enumerated() {
            if index > 0 { any = any + " OR " }
            any = any + "(',' || i.reasons || ',') LIKE \(bind: "%," + reason.rawValue + ",%")"
        }
        any = any + ")"
        let ids = try await sql.raw(
            "SELECT i.id FROM library_items i WHERE i.status = 'published' AND " + readable() + " AND " + any
                + " ORDER BY i.updated_at DESC, i.id LIMIT \(unsafeRaw: String(limit))"
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        return try await load(ids)
    }

    /// Items matching every word (as prefixes, stemmed), best first: on SQLite by FTS5's BM25 with the title
    /// weighted 10, the summary 4 and the text 1; on PostgreSQL by `ts_rank` over a `tsvector` weighted A, B, C.
    /// Each with a snippet of its text around the words found. Ranked, filtered and paged in SQL.
    package func search(_ query: SearchQuery, _ filters: Filters, page: Int) async throws
        -> (items: [Found], paging: Paging)
    {
        guard !query.isEmpty else { return ([], Paging(total: 0, pageSize: Self.pageSize, requested: 1)) }
        // "Due for review" is the editors' list to browse, not a search filter (the index holds no dates).
        var filters = filters
        filters.dueForReview = false
        let sql = context.database as! any SQLDatabase
        let condition = filtered(readable(), filters)
        let rows: [(UUID, String)]
        let total: Int
        var paging = Paging(total: 0, pageSize: Self.pageSize, requested: page)
        if sql.dialect.name == "postgresql" {
            // The query is written as a quoted literal (its words are letters and digits only), not a parameter:
            // with a parameter the planner cannot see how few rows match and scans the table below a few
            // thousand items (25 ms for no match at 5,000, against 1 ms through the GIN index).
            let match: SQLQueryString =
                " FROM library_items i WHERE i.search_document @@ to_tsquery('english', \(literal: query.tsquery)) AND "
                + condition
            total = try await sql.raw("SELECT COUNT(*) AS n" + match).first()?.decode(column: "n", as: Int.self) ?? 0
            paging = Paging(total: total, pageSize: Self.pageSize, requested: page)
            // ts_rank (ts_rank_cd costs more for no better order here); the snippet is made from the page's rows.
            rows = try await sql.raw(
                "SELECT i.id AS id, ts_rank(i.search_document, to_tsquery('english', \(literal: query.tsquery))) AS rank"
                    + match
                    + " ORDER BY rank DESC, i.id LIMIT \(unsafeRaw: String(paging.pageSize)) OFFSET \(unsafeRaw: String(paging.offset))"
            ).all().map { (try $0.decode(column: "id", as: UUID.self), "") }
        } else {
            // Who may read what, and the filters, are also words of the index (`accessTags`), so FTS5 counts and
            // ranks without reading a row of the items table; the page's rows are then checked against the rule
            // itself (`readable()`), which stays the one that decides.
            let expression = "{title summary body} : (\(query.fts5)) AND {tags} : (\(tagExpression(filters)))"
            total =
                try await sql.raw(
                    "SELECT COUNT(*) AS n FROM library_search WHERE library_search MATCH \(bind: expression)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            paging = Paging(total: total, pageSize: Self.pageSize, requested: page)
            let ranked = try await sql.raw(
                """
                SELECT item_id AS id FROM library_search WHERE library_search MATCH \(bind: expression)
                ORDER BY bm25(library_search, 0.0, 10.0, 4.0, 1.0, 0.0), item_id
                LIMIT \(unsafeRaw: String(paging.pageSize)) OFFSET \(unsafeRaw: String(paging.offset))
                """
            ).all().map { (try $0.decode(column: "id", as: UUID.self), "") }
            var list: SQLQueryString = ""
            for (index, row) in ranked.enumerated() { list = index == 0 ? "\(bind: row.0)" : list + ", \(bind: row.0)" }
            let allowed: Set<UUID> =
                ranked.isEmpty
                ? []
                : Set(
                    try await sql.raw("SELECT i.id FROM library_items i WHERE i.id IN (" + list + ") AND " + condition)
                        .all().map { try $0.decode(column: "id", as: UUID.self) })
            rows = ranked.filter { allowed.contains($0.0) }
        }
        let items = try await load(rows.map(\.0))
        // The snippet is made here from the page's rows on both databases (FTS5's own would be made for every match
        // before the ranking's sort; PostgreSQL's ts_headline parses each text again, about a millisecond each).
        var snippets = Dictionary(rows, uniquingKeysWith: { first, _ in first })
        for item in items where snippets[item.id!]?.isEmpty != false {
            let text = item.searchText.isEmpty ? item.summary : item.searchText
            snippets[item.id!] = query.snippet(of: text).map {
                $0.marked ? HighlightedSnippet.open + $0.text + HighlightedSnippet.close : $0.text
            }.joined()
        }
        return (
            items.map { Found(item: $0, snippet: HighlightedSnippet.pieces(snippets[$0.id!] ?? "")) },
            Paging(total: total, pageSize: Self.pageSize, requested: page)
        )
    }

    /// The words that say who may read an item and what it is for, kept in SQLite's index beside its text: status,
    /// visibility, organisation, reasons and professions ("everyone" when none), each a token of letters and digits.
    static func accessTags(_ item: LibraryItem) -> String {
        var tags = [
            "zs" + item.status.rawValue, "zv" + item.visibility.rawValue,
            "zo" + item.organisationID.uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
        ]
        tags += item.reasons.map { "zr" + $0.rawValue.replacingOccurrences(of: "_", with: "") }
        tags +=
            item.professions.isEmpty
            ? ["zpeveryone"] : item.professions.map { "zp" + $0.rawValue.replacingOccurrences(of: "_", with: "") }
        return tags.joined(separator: " ")
    }

    /// `readable()` and the filters as an FTS5 expression over those tags.
    func tagExpression(_ filters: Filters) -> String {
        func tag(_ text: String) -> String { "\"\(text)\"" }
        var expression: String
        if let actor = context.actor, actor.isFullySignedIn {
            let organisation = tag(
                "zo" + actor.organisationID.uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
            expression = "(\(tag("zspublished")) AND (\(tag("zvpublic")) OR \(organisation)))"
            if isEditor { expression = "(\(expression) OR \(organisation))" }
        } else {
            expression = "(\(tag("zspublished")) AND \(tag("zvpublic")))"
        }
        if let reason = filters.reason {
            expression += " AND " + tag("zr" + reason.rawValue.replacingOccurrences(of: "_", with: ""))
        }
        if let profession = filters.profession {
            expression +=
                " AND (\(tag("zpeveryone")) OR \(tag("zp" + profession.rawValue.replacingOccurrences(of: "_", with: ""))))"
        }
        return expression
    }

    /// Keeps SQLite's FTS5 row in step with the item (PostgreSQL's column is generated), in the caller's
    /// transaction.
    func index(_ item: LibraryItem, context: ServiceContext) async throws {
        let sql = context.database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        let id = try item.requireID()
        try await sql.raw("DELETE FROM library_search WHERE item_id = \(bind: id)").run()
        try await sql.raw(
            """
            INSERT INTO library_search (item_id, title, summary, body, tags)
            VALUES (\(bind: id), \(bind: item.title), \(bind: item.summary), \(bind: item.searchText),
              \(bind: Self.accessTags(item)))
            """
        ).run()
    }

    // MARK: Writing

    private func apply(_ checked: LibraryItemDraft.Checked, to item: LibraryItem) {
        item.kind = checked.kind
        item.title = checked.title
        item.summary = checked.summary
        item.body = checked.body
        item.url = checked.url
        item.reasonCodes = checked.reasons.map(\.rawValue).joined(separator: ",")
        item.professionCodes = checked.professions.map(\.rawValue).joined(separator: ",")
        item.visibility = checked.visibility
        if item.$reviewOn.value != checked.reviewOn.description { item.reviewNoticeFor = nil }
        item.reviewOn = checked.reviewOn.description
        item.searchText = checked.kind == .article ? SafeMarkdown.plainText(checked.body) : ""
    }

    /// A PDF checked by its content (and size) before anything is stored.
    private func checkedPDF(_ upload: SealedFiles.Upload?) -> Result<UploadedFileKind?, FormErrors> {
        guard let upload, !upload.data.isEmpty else { return .success(nil) }
        var errors = FormErrors()
        switch upload.checked() {
        case .failure(let refusal):
            errors.add("file", refusal.message)
            return .failure(errors)
        case .success(let kind):
            guard kind == .pdf else {
                errors.add("file", "Choose a PDF: the library keeps documents as PDFs")
                return .failure(errors)
            }
            return .success(kind)
        }
    }

    private func store(_ upload: SealedFiles.Upload, kind: UploadedFileKind, for item: LibraryItem) throws {
        guard let binding = item.fileBinding else { return }
        try context.state.files.write(upload.data, for: binding)
        item.fileName = UploadedFileKind.safeName(upload.name, kind: kind)
        item.fileKind = kind
        item.fileBytes = upload.data.count
        item.fileSHA256 = SealedFiles.checksum(upload.data)
    }

    package func create(_ draft: LibraryItemDraft, file: SealedFiles.Upload?) async throws
        -> Result<LibraryItem, FormErrors>
    {
        let actor = try context.requireActor()
        let kind: UploadedFileKind?
        switch checkedPDF(file) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): kind = value
        }
        let checked: LibraryItemDraft.Checked
        switch draft.checked(today: context.state.today, hasFile: kind != nil) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        let item = LibraryItem()
        item.id = context.newID()
        item.organisationID = actor.organisationID
        item.ownerID = actor.personID
        item.status = .draft
        item.createdAt = context.now
        item.updatedAt = context.now
        item.version = 1
        apply(checked, to: item)
        if checked.kind == .file, let file, let kind { try store(file, kind: kind, for: item) }
        try await context.transaction { context in
            try await item.create(on: context.database)
            try await index(item, context: context)
            try await context.audit(
                LibraryAudit.itemCreated, resourceType: .libraryItem, resourceID: item.id?.uuidString)
        }
        return .success(item)
    }

    /// Changes an item from the version read; a file item keeps its PDF unless a new one is given.
    package func change(_ item: LibraryItem, _ draft: LibraryItemDraft, file: SealedFiles.Upload?, version: Int?)
        async throws -> Result<Void, FormErrors>
    {
        let kind: UploadedFileKind?
        switch checkedPDF(file) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): kind = value
        }
        let checked: LibraryItemDraft.Checked
        switch draft.checked(today: context.state.today, hasFile: kind != nil || item.fileKind != nil) {
        case .failure(let refusal): return .failure(FormErrors(refusal.problems, formName: \.formName))
        case .success(let value): checked = value
        }
        guard version == item.version else {
            var errors = FormErrors()
            errors.addConflict("title", Self.moved)
            return .failure(errors)
        }
        let itemID = try item.requireID()
        let read = item.version
        apply(checked, to: item)
        item.updatedAt = context.now
        item.version = read + 1
        let saved: Bool = try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(LibraryItem.schema).set("version", to: SQLBind(read + 1))
                .where("id", .equal, SQLBind(itemID)).where("version", .equal, SQLBind(read)).returning("id").all()
            guard !rows.isEmpty else { return false }
            // The new PDF replaces the old only once this change has won the version (a stale change must not
            // leave a file whose checksum the row does not hold).
            if checked.kind == .file, let file, let kind { try store(file, kind: kind, for: item) }
            try await item.update(on: context.database)
            try await index(item, context: context)
            try await context.audit(LibraryAudit.itemChanged, resourceType: .libraryItem, resourceID: itemID.uuidString)
            return true
        }
        if !saved {
            var errors = FormErrors()
            errors.addConflict("title", Self.moved)
            return .failure(errors)
        }
        return .success(())
    }

    /// Publishes or withdraws an item from the version read.
    package func setStatus(_ item: LibraryItem, to status: LibraryStatus, version: Int?) async throws
        -> Result<Void, FormErrors>
    {
        var errors = FormErrors()
        guard status != .draft, status != item.status else {
            errors.addConflict("status", "This item is already \(item.status.title.lowercased())")
            return .failure(errors)
        }
        let itemID = try item.requireID()
        let changed: Bool = try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            let rows = try await sql.update(LibraryItem.schema).set("status", to: SQLBind(status.rawValue))
                .set("updated_at", to: SQLBind(context.now)).set("version", to: SQLRaw("version + 1"))
                .where("id", .equal, SQLBind(itemID)).where("version", .equal, SQLBind(version ?? -1))
                .returning("id").all()
            guard !rows.isEmpty else { return false }
            item.status = status
            try await index(item, context: context)
            try await context.audit(
                status == .published ? LibraryAudit.itemPublished : LibraryAudit.itemWithdrawn,
                resourceType: .libraryItem, resourceID: itemID.uuidString)
            return true
        }
        if !changed { errors.addConflict("status", Self.moved) }
        return errors.isEmpty ? .success(()) : .failure(errors)
    }

    // MARK: Reading

    /// One more view this month (a count per item per month; nobody's reading is recorded).
    package func countView(of item: LibraryItem) async throws {
        let itemID = try item.requireID()
        let month = String(context.state.today.description.prefix(7))
        try await context.transaction { context in
            let sql = context.database as! any SQLDatabase
            try await sql.raw(
                """
                INSERT INTO library_views (id, item_id, month, views) VALUES (\(bind: context.newID()), \(bind: itemID), \(bind: month), 1)
                ON CONFLICT (item_id, month) DO UPDATE SET views = library_views.views + 1
                """
            ).run()
        }
    }

    /// The item's views in its last twelve months, newest first (for editors).
    package func views(of item: LibraryItem) async throws -> [(month: String, views: Int)] {
        try await LibraryView.query(on: context.database).filter(\.$itemID == item.requireID())
            .sort(\.$month, .descending).limit(12).all().map { ($0.month, $0.views) }
    }

    /// The item's PDF, opened and checked against its checksum.
    package func file(of item: LibraryItem) -> Data? {
        guard let binding = item.fileBinding else { return nil }
        return context.state.files.read(for: binding, checksum: item.fileSHA256)
    }
}
