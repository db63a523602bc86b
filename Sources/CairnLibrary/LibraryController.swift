import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/library`: browse and search, an item's page, and the editors' forms (issue #19 items 5 and 7).
package struct LibraryController: RouteCollection {
    typealias Body = Node<HTML.BodyContext>

    package func boot(routes: any RoutesBuilder) throws {
        let item = LibraryAccess.loader()
        routes.on(.library, action: .readLibrary, use: browse)
        routes.on(.librarySearch, action: .readLibrary, use: search)
        routes.on(
            .library, .POST, action: .editLibrary,
            after: .says(
                "library-item-created", "The item is saved as a draft: only editors see it until it is published."),
            use: create)
        routes.on(.newLibraryItem, action: .editLibrary, use: newItem)
        routes.on(.libraryItem(nil), action: .readLibrary, record: item, use: show)
        routes.on(.libraryItemFile(nil), action: .readLibrary, record: item, use: file)
        routes.on(.libraryItemEdit(nil), action: .editLibrary, record: item, use: edit)
        routes.on(
            .libraryItemEdit(nil), .POST, action: .editLibrary, record: item,
            after: .says("library-item-changed", "The changes are saved."), use: change)
        routes.on(
            .libraryItemStatus(nil), .POST, action: .editLibrary, record: item,
            after: .confirms([Self.published, Self.withdrawn]), use: setStatus)
    }

    // MARK: Browse and search

    static func filters(_ request: Request) -> LibraryService.Filters {
        LibraryService.Filters(
            reason: (try? request.query.get(String.self, at: "reason")).flatMap(ReferralReason.init(rawValue:)),
            profession: (try? request.query.get(String.self, at: "profession")).flatMap(Profession.init(rawValue:)),
            dueForReview: (try? request.query.get(String.self, at: "review")) == "due")
    }

    private static func query(_ filters: LibraryService.Filters, q: String?, page: Int? = nil) -> String {
        var parts: [String] = []
        func add(_ name: String, _ value: String) {
            parts.append(name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        if let q, !q.isEmpty { add("q", q) }
        if let reason = filters.reason { add("reason", reason.rawValue) }
        if let profession = filters.profession { add("profession", profession.rawValue) }
        if filters.dueForReview { add("review", "due") }
        if let page { add("page", String(page)) }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }

    private func searchForm(_ q: String, _ filters: LibraryService.Filters) -> Body {
        .el(
            "form", .attr("method", "get"), .attr("action", SiteURL.librarySearch.path), .attr("role", "search"),
            .class("library-search"),
            Forms.text(
                .init(
                    name: "q", label: "Search the library", value: q, type: "search",
                    hint: "Words from the title or text, like \"exam stress\"", spellcheck: true)),
            Forms.select(
                name: "reason", label: "Helps with",
                choices: [Forms.Choice(value: "", label: "Any reason")]
                    + ReferralReason.allCases.filter { $0 != .other }.map { .init(value: $0.rawValue, label: $0.title) },
                selected: filters.reason?.rawValue ?? ""),
            Forms.select(
                name: "profession", label: "For",
                choices: [Forms.Choice(value: "", label: "Everyone")]
                    + Profession.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                selected: filters.profession?.rawValue ?? ""),
            Forms.submit("Search", secondary: true))
    }

    private func results(_ found: [LibraryService.Found], today: CalendarDay, editor: Bool) -> Body {
        .ul(
            .class("library-results"),
            .forEach(found) { entry in
                let item = entry.item
                return .li(
                    .h3(.a(.attr("href", SiteURL.libraryItem(item.id).path), .text(item.title))),
                    .p(
                        .class("hint"),
                        .text(item.kind.title),
                        .if(
                            editor && item.status != .published,
                            .group(.text(" · "), .strong(.class("tag"), .text(item.status.title)))),
                        .if(
                            editor && item.status != .withdrawn && item.isDueForReview(today: today),
                            .group(.text(" "), .strong(.class("tag tag--warning"), .text("Due for review"))))),
                    entry.snippet.isEmpty
                        ? .p(.text(item.summary))
                        : .p(
                            .forEach(entry.snippet) { piece in
                                piece.marked ? .el("mark", .text(piece.text)) : .text(piece.text)
                            }))
            })
    }

    @Sendable func browse(request: Request) async throws -> HTMLPage {
        let service = LibraryService(context: ServiceContext(request))
        let filters = Self.filters(request)
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let (found, paging) = try await service.browse(filters, page: page)
        let today = request.application.cairn.today
        return request.page(
            "Resource library",
            .group(
                .h1(.text("Resource library")),
                .p(
                    .text(
                        "Guides, articles and links for clinicians and the teams around them: exams, returning to "
                            + "practice, health and wellbeing, working in the UK, careers.")),
                .if(
                    service.isEditor,
                    .p(
                        .a(.class("button"), .attr("href", SiteURL.newLibraryItem.path), .text("Add an item")),
                        .text(" "),
                        .a(.attr("href", SiteURL.library.path + "?review=due"), .text("Items due for review")))),
                searchForm("", filters),
                found.isEmpty
                    ? .p(.text("Nothing here yet."))
                    : .group(
                        .h2(
                            .text(
                                filters.dueForReview ? "Due for review (\(paging.total))" : "Newest (\(paging.total))")),
                        results(found, today: today, editor: service.isEditor)),
                Pager.render(paging) { SiteURL.library.path + Self.query(filters, q: nil, page: $0) }))
    }

    @Sendable func search(request: Request) async throws -> HTMLPage {
        let service = LibraryService(context: ServiceContext(request))
        let filters = Self.filters(request)
        let typed = String(((try? request.query.get(String.self, at: "q")) ?? "").prefix(SearchQuery.maximumLength))
        let query = SearchQuery(typed)
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let (found, paging) =
            query.isEmpty
            ? try await service.browse(filters, page: page) : try await service.search(query, filters, page: page)
        return request.page(
            typed.isEmpty ? "Search the library" : "\(typed): search the library",
            .group(
                .p(.a(.class("back-link"), .attr("href", SiteURL.library.path), .text("The library"))),
                .h1(.text("Search the library")),
                searchForm(typed, filters),
                .p(
                    .attr("role", "status"),
                    .text(
                        query.isEmpty
                            ? "Type a word to search; here is everything, newest first."
                            : paging.total == 1 ? "1 item found" : "\(paging.total) items found")),
                .if(!found.isEmpty, .h2(.class("visually-hidden"), .text("Results"))),
                results(found, today: request.application.cairn.today, editor: service.isEditor),
                Pager.render(paging) { SiteURL.librarySearch.path + Self.query(filters, q: typed, page: $0) }))
    }

    // MARK: An item

    static let published = Notice("library-item-published", "The item is published.")
    static let withdrawn = Notice("library-item-withdrawn", "The item is withdrawn: readers no longer see it.")

    @Sendable func show(request: Request) async throws -> HTMLPage {
        let item = try request.authorisedRecord(LibraryItem.self)
        return try await itemPage(request, item: item, errors: FormErrors())
    }

    private func itemPage(_ request: Request, item: LibraryItem, errors: FormErrors) async throws
        -> HTMLPage
    {
        let service = LibraryService(context: ServiceContext(request))
        let today = request.application.cairn.today
        let editor = service.isEditor && request.actor?.organisationID == item.organisationID
        // Readers' views are counted (per month, never who); an editor looking after the item is not a reader.
        if item.status == .published, !editor { try await service.countView(of: item) }
        let views = editor ? try await service.views(of: item) : []
        let content: Body
        switch item.kind {
        case .article: content = .div(.class("prose"), .markdown(SafeMarkdown.render(item.body)))
        case .link:
            content = .p(
                .text("This guide is on another site: "), .safeLink(item.url ?? ""))
        case .file:
            content = .p(
                .a(
                    .attr("href", SiteURL.libraryItemFile(item.id).path),
                    .text(
                        "Download \(item.fileName ?? "the document") (PDF, \(((item.fileBytes ?? 0) + 1023) / 1024) KB)"
                    )))
        }
        return request.page(
            Forms.title(item.title, errors: errors), status: errors.pageStatus,
            .group(
                .p(.a(.class("back-link"), .attr("href", SiteURL.library.path), .text("The library"))),
                Forms.errorSummary(errors),
                .h1(.text(item.title)),
                .if(
                    item.status != .published,
                    .div(
                        .class("notice notice--important"),
                        .p(.text("\(item.status.title): only editors see this item.")))),
                .p(.class("lead"), .text(item.summary)),
                content,
                .el(
                    "dl", .class("summary-list"),
                    .div(
                        .class("summary-list__row"), .el("dt", .text("Helps with")),
                        .el("dd", .text(item.reasons.map(\.title).joined(separator: "; ")))),
                    .div(
                        .class("summary-list__row"), .el("dt", .text("For")),
                        .el(
                            "dd",
                            .text(
                                item.professions.isEmpty
                                    ? "Everyone" : item.professions.map(\.title).joined(separator: ", ")))),
                    .div(
                        .class("summary-list__row"), .el("dt", .text("Reviewed by")),
                        .el("dd", .text(CalendarDay.longText(iso: item.reviewOn))))),
                .if(
                    editor,
                    .group(
                        .h2(.text("For editors")),
                        .if(
                            item.status != .withdrawn && item.isDueForReview(today: today),
                            .p(.strong(.class("tag tag--warning"), .text("Due for review")))),
                        .p(
                            .text(
                                views.isEmpty
                                    ? "No views counted yet."
                                    : "Views by month: "
                                        + views.map { "\($0.month): \($0.views)" }.joined(separator: ", ") + ".")),
                        .ul(
                            .class("inline-list"),
                            .li(.a(.attr("href", SiteURL.libraryItemEdit(item.id).path), .text("Change the item")))),
                        .div(.attr("id", Forms.fieldID("status"))),
                        .if(
                            item.status != .published,
                            Forms.form(
                                action: SiteURL.libraryItemStatus(item.id).path, csrf: request.csrfToken,
                                .void(
                                    "input",
                                    [.attr("type", "hidden"), .attr("name", "status"), .attr("value", "published")]),
                                .void(
                                    "input",
                                    [
                                        .attr("type", "hidden"), .attr("name", "version"),
                                        .attr("value", String(item.version)),
                                    ]),
                                Forms.submit("Publish"))),
                        .if(
                            item.status == .published,
                            Forms.form(
                                action: SiteURL.libraryItemStatus(item.id).path, csrf: request.csrfToken,
                                .void(
                                    "input",
                                    [.attr("type", "hidden"), .attr("name", "status"), .attr("value", "withdrawn")]),
                                .void(
                                    "input",
                                    [
                                        .attr("type", "hidden"), .attr("name", "version"),
                                        .attr("value", String(item.version)),
                                    ]),
                                Forms.submit("Withdraw", secondary: true)))))))
    }

    @Sendable func file(request: Request) async throws -> Response {
        let item = try request.authorisedRecord(LibraryItem.self)
        guard item.kind == .file, let kind = item.fileKind,
            let data = LibraryService(context: ServiceContext(request)).file(of: item)
        else { throw Abort(.notFound) }
        return .file(data, type: kind.mediaType, filename: item.fileName ?? "document.pdf")
    }

    // MARK: The editors' form

    struct ItemForm: Content {
        var kind: String?
        var title: String?
        var summary: String?
        var body: String?
        var url: String?
        var file: File?
        var reasons: [String]?
        var professions: [String]?
        var visibility: String?
        var reviewOn: String?
        var version: Int?

        var draft: LibraryItemDraft {
            LibraryItemDraft(
                kind: kind ?? "", title: title ?? "", summary: summary ?? "", body: body ?? "", url: url ?? "",
                reasons: reasons ?? [], professions: professions ?? [], visibility: visibility ?? "",
                reviewOn: reviewOn ?? "")
        }
    }

    private func formPage(
        _ request: Request, heading: String, action: SiteURL, draft: LibraryItemDraft, errors: FormErrors,
        version: Int?, keptFile: String?
    ) -> HTMLPage {
        request.page(
            Forms.title(heading, errors: errors), status: errors.pageStatus,
            .group(
                .p(.a(.class("back-link"), .attr("href", SiteURL.library.path), .text("The library"))),
                Forms.errorSummary(errors),
                .h1(.text(heading)),
                Forms.form(
                    action: action.path, csrf: request.csrfToken, multipart: true,
                    .unwrap(version) {
                        .void("input", [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String($0))])
                    },
                    Forms.radios(
                        name: "kind", legend: "What it is",
                        choices: LibraryKind.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                        selected: draft.kind, error: errors["kind"]),
                    Forms.text(.init(name: "title", label: "Title", value: draft.title, error: errors["title"])),
                    Forms.textArea(
                        name: "summary", label: "Summary", value: draft.summary,
                        hint: "A sentence or two: what it is and who it helps. Shown in lists and search results.",
                        error: errors["summary"], rows: 3),
                    Forms.textArea(
                        name: "body", label: "Article (for an article)", value: draft.body,
                        hint: "Markdown: ## headings, **bold**, *italic*, lists with -, links as [words](https://…). "
                            + "Other markup is shown as typed.",
                        error: errors["body"], rows: 14),
                    Forms.text(
                        .init(
                            name: "url", label: "Address (for a link)", value: draft.url, type: "url",
                            hint: "The page's address, starting https://", error: errors["url"], spellcheck: false)),
                    Forms.file(
                        name: "file", label: "PDF (for a document)",
                        hint: keptFile.map { "Now: \($0). Choose another to replace it (a PDF, up to 900 KB)." }
                            ?? "A PDF, up to 900 KB",
                        error: errors["file"]),
                    Forms.checkboxes(
                        name: "reasons", legend: "Helps with",
                        choices: ReferralReason.allCases.filter { $0 != .other }.map {
                            .init(value: $0.rawValue, label: $0.title)
                        }, checked: Set(draft.reasons), hint: "The reasons for support it is recommended for",
                        error: errors["reasons"]),
                    Forms.checkboxes(
                        name: "professions", legend: "For these professions (optional)",
                        choices: Profession.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                        checked: Set(draft.professions), hint: "None chosen: for everyone",
                        error: errors["professions"]),
                    Forms.radios(
                        name: "visibility", legend: "Who may read it",
                        choices: LibraryVisibility.allCases.map { .init(value: $0.rawValue, label: $0.title) },
                        selected: draft.visibility, error: errors["visibility"]),
                    Forms.date(
                        name: "reviewOn", label: "Review by", value: draft.reviewOn,
                        hint: "The date to check it is still right; you are reminded then. For example, 30 6 2027",
                        error: errors["reviewOn"]),
                    Forms.submit(version == nil ? "Save as a draft" : "Save the changes"))))
    }

    @Sendable func newItem(request: Request) async throws -> HTMLPage {
        formPage(
            request, heading: "Add an item to the library", action: .library,
            draft: LibraryItemDraft(reviewOn: request.application.cairn.today.adding(years: 1).description),
            errors: FormErrors(), version: nil, keptFile: nil)
    }

    @Sendable func create(request: Request) async throws -> Response {
        let form = try request.content.decode(ItemForm.self)
        let draft = form.draft
        switch try await LibraryService(context: ServiceContext(request)).create(
            draft, file: SealedFiles.Upload(form.file))
        {
        case .failure(let errors):
            return try await formPage(
                request, heading: "Add an item to the library", action: .library, draft: draft, errors: errors,
                version: nil, keptFile: nil
            ).encodeResponse(for: request)
        case .success(let item): return request.redirect(to: SiteURL.libraryItem(item.id).path)
        }
    }

    @Sendable func edit(request: Request) async throws -> HTMLPage {
        let item = try request.authorisedRecord(LibraryItem.self)
        let draft = LibraryItemDraft(
            kind: item.kind.rawValue, title: item.title, summary: item.summary, body: item.body, url: item.url ?? "",
            reasons: item.reasons.map(\.rawValue), professions: item.professions.map(\.rawValue),
            visibility: item.visibility.rawValue, reviewOn: item.reviewOn)
        return formPage(
            request, heading: "Change the item", action: .libraryItemEdit(item.id), draft: draft,
            errors: FormErrors(), version: item.version, keptFile: item.fileName)
    }

    @Sendable func change(request: Request) async throws -> Response {
        let item = try request.authorisedRecord(LibraryItem.self)
        let form = try request.content.decode(ItemForm.self)
        let draft = form.draft
        let keptFile = item.fileName
        switch try await LibraryService(context: ServiceContext(request)).change(
            item, draft, file: SealedFiles.Upload(form.file), version: form.version)
        {
        case .failure(let errors):
            return try await formPage(
                request, heading: "Change the item", action: .libraryItemEdit(item.id), draft: draft, errors: errors,
                version: form.version, keptFile: keptFile
            ).encodeResponse(for: request)
        case .success: return request.redirect(to: SiteURL.libraryItem(item.id).path)
        }
    }

    private struct StatusForm: Content {
        var status: String?
        var version: Int?
    }

    @Sendable func setStatus(request: Request) async throws -> Response {
        let item = try request.authorisedRecord(LibraryItem.self)
        let form = try request.content.decode(StatusForm.self)
        guard let status = form.status.flatMap(LibraryStatus.init(rawValue:)) else { throw Abort(.badRequest) }
        switch try await LibraryService(context: ServiceContext(request)).setStatus(
            item, to: status, version: form.version)
        {
        case .failure(let errors):
            return try await itemPage(request, item: item, errors: errors).encodeResponse(for: request)
        case .success:
            return request.redirect(
                to: SiteURL.libraryItem(item.id).path, notice: status == .published ? Self.published : Self.withdrawn)
        }
    }
}
