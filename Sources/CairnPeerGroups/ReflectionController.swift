import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot
import Vapor

/// `/reflections`: one's own structured reflections, written with a model's stages; each readable, changeable and
/// exportable (Markdown, JSON, a printable page) by its author alone.
package struct ReflectionController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let reflection = PeerGroupAccess.reflectionLoader()
        routes.on(.reflections, action: .writeOwnReflections, use: list)
        routes.on(.newReflection, action: .writeOwnReflections, use: newReflection)
        routes.on(
            .reflections, .POST, action: .writeOwnReflections,
            after: .says("reflection-saved", "Your reflection is saved."), use: create)
        routes.on(.reflection(nil), action: .writeOwnReflections, record: reflection, use: show)
        routes.on(
            .reflection(nil), .POST, action: .writeOwnReflections, record: reflection,
            after: .says("reflection-saved", "Your reflection is saved."), use: change)
        routes.on(.reflectionExport(nil), action: .writeOwnReflections, record: reflection, use: export)
        routes.on(.reflectionTemplates, action: .manageReflectionTemplates, use: templates)
        routes.on(
            .reflectionTemplates, .POST, action: .manageReflectionTemplates,
            after: .says("reflection-model-added", "The model is added: everyone here can now write with it."),
            use: addTemplate)
    }

    /// `/reflections/models`: the models offered here, and a form to add the organisation's own.
    @Sendable package func templates(request: Request) async throws -> HTMLPage {
        try await templatesPage(request, draft: ReflectionTemplateDraft(), errors: FormErrors())
    }

    private func templatesPage(_ request: Request, draft: ReflectionTemplateDraft, errors: FormErrors) async throws
        -> HTMLPage
    {
        let models = try await ReflectionService(context: ServiceContext(request)).models()
        return ReflectionPages.templates(request: request, models: models, draft: draft, errors: errors)
    }

    @Sendable package func addTemplate(request: Request) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        let draft = ReflectionTemplateDraft(
            title: form["title"] ?? "", citation: form["citation"] ?? "",
            stages: (1...ReflectionTemplateDraft.mostStages).map { number in
                .init(title: form["stage-\(number)-title"] ?? "", prompt: form["stage-\(number)-prompt"] ?? "")
            })
        switch try await ReflectionService(context: ServiceContext(request)).addTemplate(draft) {
        case .failure(let errors):
            return try await templatesPage(request, draft: draft, errors: errors).encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.reflectionTemplates.path)
        }
    }

    @Sendable package func list(request: Request) async throws -> HTMLPage {
        let page = (try? request.query.get(Int.self, at: "page")) ?? 1
        let (rows, paging) = try await ReflectionService(context: ServiceContext(request)).mine(page: page)
        return request.page("Your reflections", ReflectionPages.list(rows: rows, paging: paging))
    }

    @Sendable package func newReflection(request: Request) async throws -> HTMLPage {
        let context = ServiceContext(request)
        let asked = (try? request.query.get(String.self, at: "model")) ?? ""
        let model = try await ReflectionService(context: context).model(named: asked) ?? .atkinsMurphy
        let meetingID = (try? request.query.get(String.self, at: "meeting")).flatMap(UUID.init(uuidString:))
        let meetings = try await ReflectionService(context: context).attendedMeetings()
        let minutes = meetings.first { $0.id == meetingID }?.minutes
        let draft = ReflectionService.Draft(
            model: model.id, meetingID: meetings.contains { $0.id == meetingID } ? meetingID : nil,
            cpdMinutes: minutes.map(String.init) ?? "", writtenOn: context.state.today.description)
        return try await form(request, draft: draft, existing: nil, errors: FormErrors())
    }

    private func form(_ request: Request, draft: ReflectionService.Draft, existing: Reflection?, errors: FormErrors)
        async throws -> HTMLPage
    {
        let service = ReflectionService(context: ServiceContext(request))
        let meetings = try await service.attendedMeetings()
        let models = try await service.models()
        var model = models.first { $0.id == draft.model }
        if model == nil, let existing { model = try await service.open(existing).model }
        return ReflectionPages.form(
            request: request, draft: draft, existing: existing, model: model ?? .atkinsMurphy, models: models,
            meetings: meetings.map { ($0.id, $0.label) }, errors: errors)
    }

    private static func draft(from request: Request) async throws -> (ReflectionService.Draft, Int?) {
        let form = try request.content.decode(ReflectionForm.self)
        let model = try await ReflectionService(context: ServiceContext(request)).model(named: form.model ?? "")
        var answers: [String: String] = [:]
        for stage in model?.stages ?? [] { answers[stage.id] = form.answers?[stage.id] }
        let draft = ReflectionService.Draft(
            model: form.model ?? "", title: form.title ?? "", answers: answers, codeThemes: form.codeThemes ?? [],
            meetingID: (form.meeting ?? "").isEmpty ? nil : UUID(uuidString: form.meeting ?? "") ?? UUID(),
            cpdMinutes: (form.cpdMinutes ?? "").trimmingCharacters(in: .whitespaces),
            writtenOn: (form.writtenOn ?? "").trimmingCharacters(in: .whitespaces))
        return (draft, form.version)
    }

    private struct ReflectionForm: Content {
        var model: String?
        var title: String?
        var answers: [String: String]?
        var codeThemes: [String]?
        var meeting: String?
        var cpdMinutes: String?
        var writtenOn: String?
        var version: Int?
    }

    @Sendable package func create(request: Request) async throws -> Response {
        let (draft, _) = try await Self.draft(from: request)
        switch try await ReflectionService(context: ServiceContext(request)).save(draft) {
        case .failure(let errors):
            return try await form(request, draft: draft, existing: nil, errors: errors).encodeResponse(for: request)
        case .success(let reflection):
            return request.redirect(to: SiteURL.reflection(reflection.id).path)
        }
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        let reflection = try request.authorisedRecord(Reflection.self)
        let context = ServiceContext(request)
        let opened = try await ReflectionService(context: context).open(reflection)
        try await context.audit(
            PeerGroupsAudit.reflectionRead, resourceType: .reflection, resourceID: reflection.id?.uuidString,
            subject: reflection.authorID)
        if (try? request.query.get(String.self, at: "edit")) != nil {
            let draft = ReflectionService.Draft(
                model: opened.model.id, title: opened.content.title, answers: opened.content.answers,
                codeThemes: opened.content.codeThemes.map(\.rawValue), meetingID: reflection.meetingID,
                cpdMinutes: String(reflection.cpdMinutes), writtenOn: reflection.writtenOn)
            return try await form(request, draft: draft, existing: reflection, errors: FormErrors())
        }
        return request.page(opened.content.title, ReflectionPages.show(opened))
    }

    @Sendable package func change(request: Request) async throws -> Response {
        let reflection = try request.authorisedRecord(Reflection.self)
        let (draft, version) = try await Self.draft(from: request)
        let result = try await ReflectionService(context: ServiceContext(request)).save(
            draft, existing: reflection, version: version)
        switch result {
        case .failure(let errors):
            return try await form(request, draft: draft, existing: reflection, errors: errors)
                .encodeResponse(for: request)
        case .success:
            return request.redirect(to: SiteURL.reflection(reflection.id).path)
        }
    }

    /// `?format=md|json`: a download; otherwise the printable page (its print stylesheet drops the site's chrome).
    @Sendable package func export(request: Request) async throws -> Response {
        let reflection = try request.authorisedRecord(Reflection.self)
        let context = ServiceContext(request)
        let opened = try await ReflectionService(context: context).open(reflection)
        let document = ReflectionExport.document(opened)
        let format = (try? request.query.get(String.self, at: "format")) ?? "html"
        try await context.audit(
            PeerGroupsAudit.reflectionExported, resourceType: .reflection, resourceID: reflection.id?.uuidString,
            subject: reflection.authorID)
        let name = "reflection-\(reflection.writtenOn)"
        switch format {
        case "md":
            return .file(
                ReflectionExport.markdown(document), type: "text/markdown; charset=utf-8", filename: name + ".md")
        case "json":
            return .file(try ReflectionExport.json(document), type: "application/json", filename: name + ".json")
        case "html":
            return try await request.page(document.title, ReflectionPages.printable(document)).encodeResponse(
                for: request)
        default:
            throw Abort(.badRequest, reason: "Choose md, json or html.")
        }
    }
}
