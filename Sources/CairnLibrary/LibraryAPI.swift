import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// The library through the API (`openapi.yaml`, tag Library): the same service, rules and gate as the pages.
extension APIHandler {
    private static func libraryRefusal(_ errors: FormErrors) -> any Error {
        errors.refusal(jsonPointer: { "/\($0)" }) ?? Abort(.badRequest)
    }

    package func listLibrary(_ input: Operations.ListLibrary.Input) async throws -> Operations.ListLibrary.Output {
        let request = try APIRequest.require()
        // The contract's limit, in code points as JSON Schema counts them (the page cuts a longer search instead).
        if let q = input.query.q, q.unicodeScalars.count > SearchQuery.maximumLength {
            throw Abort(.badRequest, reason: "q must be \(SearchQuery.maximumLength) characters or fewer.")
        }
        let service = LibraryService(context: ServiceContext(request))
        let filters = LibraryService.Filters(
            reason: input.query.reason.flatMap { ReferralReason(rawValue: $0.rawValue) },
            profession: input.query.profession.flatMap { Profession(rawValue: $0.rawValue) })
        let page = try Paging.requested(byClient: input.query.page)
        let query = SearchQuery(input.query.q ?? "")
        let (found, paging) =
            query.isEmpty
            ? try await service.browse(filters, page: page) : try await service.search(query, filters, page: page)
        return .ok(
            .init(
                body: .json(
                    .init(
                        total: paging.total, page: paging.page, pageCount: paging.pageCount,
                        items: try found.map { entry in
                            .init(
                                id: try entry.item.requireID().uuidString.lowercased(),
                                kind: entry.item.kind.rawValue, title: entry.item.title, summary: entry.item.summary,
                                status: entry.item.status.rawValue, reasons: entry.item.reasons.map(\.rawValue),
                                professions: entry.item.professions.map(\.rawValue),
                                snippet: entry.snippet.map { .init(text: $0.text, marked: $0.marked) })
                        }))))
    }

    private static func item(_ item: LibraryItem, service: LibraryService, editor: Bool) async throws
        -> Components.Schemas.LibraryItem
    {
        let views = editor ? try await service.views(of: item) : []
        return .init(
            id: try item.requireID().uuidString.lowercased(), kind: item.kind.rawValue, title: item.title,
            summary: item.summary, body: item.body, url: item.url, fileName: item.fileName,
            status: item.status.rawValue, visibility: item.visibility.rawValue,
            reasons: item.reasons.map(\.rawValue), professions: item.professions.map(\.rawValue),
            reviewOn: item.reviewOn, version: item.version,
            views: editor ? views.map { .init(month: $0.month, views: $0.views) } : nil)
    }

    private static func isEditor(of item: LibraryItem, service: LibraryService) -> Bool {
        service.isEditor && service.context.actor?.organisationID == item.organisationID
    }

    package func createLibraryItem(_ input: Operations.CreateLibraryItem.Input) async throws
        -> Operations.CreateLibraryItem.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let draft = LibraryItemDraft(
            kind: body.kind.rawValue, title: body.title, summary: body.summary, body: body.body ?? "",
            url: body.url ?? "", reasons: body.reasons.map(\.rawValue),
            professions: body.professions?.map(\.rawValue) ?? [], visibility: body.visibility.rawValue,
            reviewOn: body.reviewOn)
        let service = LibraryService(context: ServiceContext(request))
        switch try await service.create(draft, file: nil) {
        case .failure(let errors): throw Self.libraryRefusal(errors)
        case .success(let item):
            return .created(.init(body: .json(try await Self.item(item, service: service, editor: true))))
        }
    }

    package func getLibraryItem(_ input: Operations.GetLibraryItem.Input) async throws
        -> Operations.GetLibraryItem.Output
    {
        let request = try APIRequest.require()
        let item = try request.authorisedRecord(LibraryItem.self)
        let service = LibraryService(context: ServiceContext(request))
        let editor = Self.isEditor(of: item, service: service)
        if item.status == .published, !editor { try await service.countView(of: item) }
        return .ok(.init(body: .json(try await Self.item(item, service: service, editor: editor))))
    }

    package func changeLibraryItem(_ input: Operations.ChangeLibraryItem.Input) async throws
        -> Operations.ChangeLibraryItem.Output
    {
        let request = try APIRequest.require()
        let item = try request.authorisedRecord(LibraryItem.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        if item.kind == .file {
            throw Abort(.conflict, reason: "This item is a PDF: change it on its page, where the file is checked.")
        }
        let draft = LibraryItemDraft(
            kind: body.kind.rawValue, title: body.title, summary: body.summary, body: body.body ?? "",
            url: body.url ?? "", reasons: body.reasons.map(\.rawValue),
            professions: body.professions?.map(\.rawValue) ?? [], visibility: body.visibility.rawValue,
            reviewOn: body.reviewOn)
        let service = LibraryService(context: ServiceContext(request))
        if case .failure(let errors) = try await service.change(item, draft, file: nil, version: body.version) {
            throw Self.libraryRefusal(errors)
        }
        guard let saved = try await LibraryItem.find(item.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try await Self.item(saved, service: service, editor: true))))
    }

    package func changeLibraryItemStatus(_ input: Operations.ChangeLibraryItemStatus.Input) async throws
        -> Operations.ChangeLibraryItemStatus.Output
    {
        let request = try APIRequest.require()
        let item = try request.authorisedRecord(LibraryItem.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let service = LibraryService(context: ServiceContext(request))
        let status: LibraryStatus = body.status == .published ? .published : .withdrawn
        if case .failure(let errors) = try await service.setStatus(item, to: status, version: body.version) {
            throw Self.libraryRefusal(errors)
        }
        guard let saved = try await LibraryItem.find(item.id, on: request.db) else { throw Abort(.notFound) }
        return .ok(.init(body: .json(try await Self.item(saved, service: service, editor: true))))
    }
}
