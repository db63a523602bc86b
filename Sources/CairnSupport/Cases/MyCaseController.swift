import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// The clinician's side of their own case. Each route opens only the case whose clinician is signed in.
package struct MyCaseController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let own = CaseAccess.loader()
        routes.on(.myCase(nil), action: .viewOwnSupport, record: own, use: show)
        routes.on(
            .myCaseMessages(nil), .POST, action: .actOnOwnSupport, record: own,
            after: .says("message-sent", "Your message is sent. Your case manager sees it on your case."),
            use: sendMessage)
        routes.on(
            .myCaseWithdraw(nil), .POST, action: .actOnOwnSupport, record: own,
            after: .says(
                "support-withdrawn",
                "You have withdrawn from support and your case is closed. You can ask for support again at any time."),
            use: withdraw)
        routes.on(
            .myCaseFeedback(nil), .POST, action: .actOnOwnSupport, record: own,
            after: .says("feedback-given", "Thank you: your feedback is saved."), use: feedback)
        routes.on(
            .myCaseEducatorUpdate(nil, nil), .POST, action: .actOnOwnSupport, record: own,
            after: .confirms([Self.updateShared, Self.updateWithheld]), use: decideEducatorUpdate)
    }

    /// The clinician's own case, as the gate loaded and allowed it.
    private func ownCase(_ request: Request, action: Action) async throws -> SupportCase {
        try request.authorisedRecord(SupportCase.self)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(for: try await ownCase(request, action: .viewOwnSupport), request: request)
    }

    package func page(for record: SupportCase, request: Request, errors: FormErrors = FormErrors()) async throws
        -> HTMLPage
    {
        let caseID = try record.requireID()
        let conversation = CaseConversation(request: request)
        let cipher = request.application.cairn.cipher
        let shared = try await CaseNote.query(on: request.db).filter(\.$caseID == caseID).filter(
            \.$sharedWithClinician == true
        )
        .sort(\.$createdAt).all()
        .map { note in
            (
                written: request.displayTime(note.createdAt),
                body: try cipher.open(
                    note.body, for: .init(table: CaseNote.schema, recordID: try note.requireID(), field: "body"))
            )
        }
        let messages = try await conversation.messages(of: record).map { message in
            CasePage.MessageRow(
                sender: message.sender, sent: request.displayTime(message.sent), body: message.body,
                fromClinician: message.fromClinician)
        }
        let waitingUpdates = try await EducatorUpdates(request: request).all(for: record)
            .filter { $0.status == .awaitingClinician }
            .map { (id: try $0.requireID(), stage: $0.stage.title, text: try $0.text(cipher)) }
        let context = ServiceContext(request)
        var suggestions: [Suggestion] = []
        for feature in context.state.features {
            suggestions += try await feature.suggestions(for: record.reasons, context: context)
        }
        let planItems = try await conversation.planItems(of: record)
        let resources = try await conversation.resources(of: planItems)
        let feedbackGiven = try await CaseFeedback.query(on: request.db).filter(\.$caseID == caseID).first() != nil
        let model = MyCasePage(
            id: caseID, reference: record.reference, state: record.state, version: record.version,
            caseManagers: try await CaseAccess.assignedNames(caseID: caseID, on: request.db),
            declineReason: try record.opened(\.$declineReason, with: cipher),
            plan: planItems.map { $0.row(resources: resources) }, sharedNotes: shared,
            messages: messages,
            needsFeedback: record.state == .closed && !feedbackGiven, educatorUpdates: waitingUpdates,
            suggestions: suggestions, errors: errors, csrf: request.csrfToken)
        return request.page(errors.isEmpty ? "Your support" : "Error: Your support", model.render())
    }

    package struct DecisionForm: Content {
        package var decision: String?
    }

    @Sendable package func decideEducatorUpdate(request: Request) async throws -> Response {
        let record = try await ownCase(request, action: .actOnOwnSupport)
        let decision = try request.content.decode(DecisionForm.self).decision
        guard decision == "approve" || decision == "withhold" else {
            throw Abort(.badRequest, reason: "Choose to share or not.")
        }
        try await EducatorUpdates(request: request).decide(
            updateID: request.parameters.get("updateID", as: UUID.self), on: record, approve: decision == "approve")
        return request.redirect(
            to: SiteURL.myCase(try record.requireID()).path,
            notice: decision == "approve" ? Self.updateShared : Self.updateWithheld)
    }

    static let updateShared = Notice("update-shared", "The update is shared with the educator who suggested support.")
    static let updateWithheld = Notice("update-withheld", "The update is not shared. The educator is not sent it.")

    package struct MessageForm: Content {
        package var message: String?
    }

    @Sendable package func sendMessage(request: Request) async throws -> Response {
        let record = try await ownCase(request, action: .actOnOwnSupport)
        let errors = try await CaseConversation(request: request).send(
            try request.content.decode(MessageForm.self).message ?? "", on: record)
        guard errors.isEmpty else {
            return try await page(for: record, request: request, errors: errors).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.myCase(try record.requireID()).path)
    }

    package struct WithdrawForm: Content {
        package var version: Int?
    }

    @Sendable package func withdraw(request: Request) async throws -> Response {
        let record = try await ownCase(request, action: .actOnOwnSupport)
        let version = try request.content.decode(WithdrawForm.self).version ?? record.version
        switch try await CaseService(request: request).move(record, to: .withdrawn, seenVersion: version) {
        case .done:
            return request.redirect(to: SiteURL.myCase(try record.requireID()).path)
        case .stale, .refused:
            var errors = FormErrors()
            errors.add("message", "Your case changed while you had it open. Check it, then try again.")
            return try await page(for: record, request: request, errors: errors).encodeResponse(for: request)
        }
    }

    @Sendable package func feedback(request: Request) async throws -> Response {
        let record = try await ownCase(request, action: .actOnOwnSupport)
        guard record.state == .closed else {
            throw Abort(.conflict, reason: "Feedback opens when your support closes.")
        }
        let errors = try await CaseConversation(request: request).giveFeedback(
            try request.content.decode(CaseConversation.FeedbackForm.self), on: record)
        guard errors.isEmpty else {
            return try await page(for: record, request: request, errors: errors).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.myCase(try record.requireID()).path)
    }
}
