import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// A programme's matching runs, for its leads: start, read the proposals with their reasons, change or swap with a
/// reason, publish.
package struct MatchingController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let byProgramme = MentoringAccess.programmeLoader()
        routes.on(.mentoringMatching(nil), action: .runMentoringProgrammes, record: byProgramme, use: matching)
        routes.on(
            .mentoringMatching(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .says(
                "matching-started",
                "Matching has started. The proposed pairs show here when it finishes; nobody is told until you publish."
            ),
            use: startMatching)
        routes.on(
            .mentoringMatchingChange(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .says("proposal-changed", "The proposed pair is changed. Nobody is told until you publish."),
            use: changeProposal)
        routes.on(
            .mentoringMatchingSwap(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .says("proposals-swapped", "The two mentors are swapped. Nobody is told until you publish."),
            use: swapProposals)
        routes.on(
            .mentoringMatchingPublish(nil), action: .runMentoringProgrammes, record: byProgramme, use: confirmPublish)
        routes.on(
            .mentoringMatchingPublish(nil), .POST, action: .runMentoringProgrammes, record: byProgramme,
            after: .quiet("answers with the page, which says what was done"), use: publish)
    }

    /// The programme the gate loaded and allowed for this route.
    private func requireProgramme(_ request: Request) async throws -> MentoringProgramme {
        try request.authorisedRecord(MentoringProgramme.self)
    }

    @Sendable package func matching(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        return try await matchingPage(request, programme, errors: FormErrors())
    }

    private func matchingPage(
        _ request: Request, _ programme: MentoringProgramme, errors: FormErrors, values: [String: String] = [:],
        notice: String? = nil
    ) async throws -> Response {
        let service = try MatchingService(request: request)
        let run = try await service.latestRun(of: programme)
        let proposals =
            try await run.asyncMap { $0.status == .running ? [] : try await service.proposals(of: $0) } ?? []
        let mentors = try await ProgrammeService(request: request).mentorRows(of: programme)
        let page = request.page(
            Forms.title("Matching: \(programme.name)", errors: errors),
            status: errors.isEmpty ? .ok : .unprocessableEntity,
            MatchingPage(
                programme: programme, run: run, proposals: proposals, mentors: mentors, errors: errors,
                values: values, notice: notice, csrf: request.csrfToken
            ).render())
        let response = try await page.encodeResponse(for: request)
        if run?.status == .running { response.headers.replaceOrAdd(name: "Refresh", value: "2") }
        return response
    }

    @Sendable package func startMatching(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let run = try await MatchingService(request: request).start(programme, app: request.application)
        if ErrorResponder.wantsProblem(request) {
            return try await run.requireID().uuidString.encodeResponse(status: .accepted, for: request)
        }
        return request.redirect(to: SiteURL.mentoringMatching(try programme.requireID()).path)
    }

    package struct ChangeForm: Content {
        package var mentee: String?
        package var mentor: String?
        package var reason: String?
        package var swapFirst: String?
        package var swapSecond: String?
        package var swapReason: String?
    }

    private func proposedRun(_ request: Request, _ programme: MentoringProgramme) async throws -> MatchingRun {
        guard let run = try await MatchingService(request: request).latestRun(of: programme), run.status == .proposed
        else { throw Abort(.conflict, reason: "There is no proposed matching run to change; start one.") }
        return run
    }

    @Sendable package func changeProposal(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let run = try await proposedRun(request, programme)
        let form = try request.content.decode(ChangeForm.self)
        let mentorID: UUID? = form.mentor == "none" ? nil : form.mentor.flatMap(UUID.init(uuidString:))
        var errors = FormErrors()
        if form.mentor == nil || (form.mentor != "none" && mentorID == nil) {
            errors.add("mentor", "Choose a mentor, or no mentor")
        }
        if errors.isEmpty {
            errors = try await MatchingService(request: request).override(
                run: run, menteeID: form.mentee.flatMap(UUID.init(uuidString:)), mentorID: mentorID,
                reason: form.reason ?? "")
        }
        guard errors.isEmpty else {
            return try await matchingPage(
                request, programme, errors: errors,
                values: ["mentee": form.mentee ?? "", "mentor": form.mentor ?? "", "reason": form.reason ?? ""])
        }
        return request.redirect(to: SiteURL.mentoringMatching(try programme.requireID()).path)
    }

    @Sendable package func swapProposals(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let run = try await proposedRun(request, programme)
        let form = try request.content.decode(ChangeForm.self)
        let errors = try await MatchingService(request: request).swap(
            run: run, first: form.swapFirst.flatMap(UUID.init(uuidString:)),
            second: form.swapSecond.flatMap(UUID.init(uuidString:)), reason: form.swapReason ?? "")
        guard errors.isEmpty else {
            var shown = FormErrors()
            for entry in errors.entries {
                shown.add(entry.field == "reason" ? "swapReason" : "swapFirst", entry.message)
            }
            return try await matchingPage(
                request, programme, errors: shown,
                values: [
                    "swapFirst": form.swapFirst ?? "", "swapSecond": form.swapSecond ?? "",
                    "swapReason": form.swapReason ?? "",
                ])
        }
        return request.redirect(to: SiteURL.mentoringMatching(try programme.requireID()).path)
    }

    /// Publishing emails everyone in the run: this page says how many first, and publishes only from its button.
    @Sendable package func confirmPublish(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        // Nothing proposed (published already, or the back button): the matching page says where things stand.
        guard let run = try await MatchingService(request: request).latestRun(of: programme), run.status == .proposed
        else { return request.redirect(to: SiteURL.mentoringMatching(try programme.requireID()).path) }
        let preview = try await MatchingService(request: request).publishPreview(of: run)
        return try await request.page(
            "Publish the pairs: \(programme.name)",
            MatchingPage.confirmPublish(programme: programme, preview: preview, csrf: request.csrfToken)
        ).encodeResponse(for: request)
    }

    @Sendable package func publish(request: Request) async throws -> Response {
        let programme = try await requireProgramme(request)
        let run = try await proposedRun(request, programme)
        let outcome = try await MatchingService(request: request).publish(
            run)
        var notice = "Published \(outcome.published) pair\(outcome.published == 1 ? "" : "s"); both sides are told."
        if !outcome.skipped.isEmpty { notice += " Not published: " + outcome.skipped.joined(separator: "; ") + "." }
        return try await matchingPage(request, programme, errors: FormErrors(), notice: notice)
    }

}
