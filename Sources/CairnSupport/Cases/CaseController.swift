import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/cases/:id`: one case, for its case managers (the gate loads the case and decides; anyone else gets a 404,
/// audited, or the page that asks for a reason).
package struct CaseController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let held = CaseAccess.loader()
        routes.on(
            .supportCase(nil), action: .workOnCase, record: CaseAccess.loader(refusal: .offerToBreakTheGlass), use: show
        )
        routes.on(
            .caseNotes(nil), .POST, action: .workOnCase, record: held,
            after: .says("note-added", "Your note is added to the case. Only the case's managers can read it."),
            use: addNote)
        routes.on(
            .caseTransition(nil), .POST, action: .workOnCase, record: held,
            after: .confirms(CaseState.allCases.map(Self.moved)), use: transition)
        routes.on(
            .caseMessages(nil), .POST, action: .workOnCase, record: held,
            after: .says("case-message-sent", "Your message is sent. The clinician sees it on their case."),
            use: sendMessage)
        routes.on(
            .casePlan(nil), .POST, action: .workOnCase, record: held,
            after: .says("plan-item-added", "Added to the plan. The clinician sees it in their plan."), use: addPlanItem
        )
        routes.on(.casePlanResources(nil), action: .workOnCase, record: held, use: findPlanResources)
        routes.on(
            .casePlanResources(nil), .POST, action: .workOnCase, record: held,
            after: .says("resource-added", "Added to the plan. They see it in their plan, with a link to it."),
            use: addPlanResource)
        routes.on(.casePlanItem(nil, nil), action: .workOnCase, record: held, use: showPlanItem)
        routes.on(
            .casePlanItem(nil, nil), .POST, action: .workOnCase, record: held,
            after: .says("plan-changed", "The change to the plan is saved."), use: changePlanItem)
        routes.on(
            .caseBreakGlass(nil), .POST, action: .openCaseByBreakingGlass, record: held,
            after: .says(
                "case-opened-in-emergency",
                "You have opened this case. Your reason is recorded in the audit log."),
            use: breakGlass)
        routes.on(
            .caseAssessment(nil), .POST, action: .workOnCase, record: held,
            after: .says("assessment-saved", "The assessment is saved."), use: assess)
        routes.on(
            .caseEducatorUpdates(nil), .POST, action: .workOnCase, record: held,
            after: .says(
                "educator-update-drafted",
                "The update is drafted. The clinician decides whether the educator who suggested support sees it."),
            use: draftEducatorUpdate)
        routes.on(
            .caseMentoring(nil), .POST, action: .workOnCase, record: held,
            after: .says(
                "mentoring-offered", "They are added to the mentoring programme, and mentoring is added to their plan."),
            use: enrolInMentoring)
        routes.on(.caseTimeline(nil), action: .workOnCase, record: held, use: timeline)
    }

    @Sendable package func show(request: Request) async throws -> HTMLPage {
        try await page(for: try request.authorisedRecord(SupportCase.self), request: request)
    }

    package struct BreakGlassForm: Content {
        package var reason: String?
    }

    @Sendable package func breakGlass(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        let record = try request.authorisedRecord(SupportCase.self)
        let caseID = try record.requireID()
        let now = request.application.cairn.collaborators.now()
        let reason = (try request.content.decode(BreakGlassForm.self).reason ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 10, reason.count <= 1_000 else {
            var errors = FormErrors()
            errors.add("reason", "Say why you need to open this case, in at least 10 characters")
            let page = BreakGlassPage.render(
                caseID: caseID, reference: record.reference, csrf: request.csrfToken, errors: errors)
            return try await request.page("Error: This case is not assigned to you", status: .unprocessableEntity, page)
                .encodeResponse(for: request)
        }
        let event = CaseEvent(caseID: caseID, at: now, actorID: actor.personID, kind: .breakGlass)
        event.id = request.application.cairn.collaborators.newID()
        try event.seal(reason, into: \.$detail, with: request.application.cairn.cipher)
        try await request.db.transaction { database in
            try await event.create(on: database)
            try await request.audit(
                SupportAudit.caseBreakGlass, resourceType: .supportCase, resourceID: caseID.uuidString,
                subject: record.clinicianID,
                reason: reason, on: database)
        }
        return request.redirect(to: SiteURL.supportCase(caseID).path)
    }

    package func page(
        for record: SupportCase, request: Request, noteErrors: FormErrors = FormErrors(), draftNote: String = "",
        problem: String? = nil, status: HTTPResponseStatus = .ok, assessment: CasePage.Assessment? = nil,
        planDraft: CaseConversation.PlanForm? = nil
    ) async throws -> HTMLPage {
        let service = CaseService(request: request)
        let caseID = try record.requireID()
        let clinician = try await Person.find(record.clinicianID, on: request.db)
        let text = try await service.referralText(of: record)
        let notes = try await service.notes(of: record).map { note in
            (author: note.author, written: request.displayTime(note.written), body: note.body, shared: note.shared)
        }
        let standing = service.clock.standing(
            receivedAt: record.receivedAt, contactedAt: record.firstContactAt, now: service.now)
        let details: [(String, String)] = [
            ("Profession", Profession(rawValue: record.profession)?.title ?? record.profession),
            ("Grade or role", Grade(rawValue: record.grade)?.title ?? record.grade),
            ("Specialty", record.specialty ?? "Not given"), ("Employer", record.employer ?? "Not given"),
            ("Region", record.region.flatMap(Region.init(rawValue:))?.title ?? "Not given"),
            (
                "International graduate",
                record.isInternationalGraduate ? "Yes (\(record.qualificationCountry ?? ""))" : "No"
            ),
            ("What is happening", record.reasons.map(\.title).joined(separator: "; ")),
            ("Transition", try record.opened(\.$transition, with: request.application.cairn.cipher) ?? "None given"),
            ("May talk to an educator", record.shareWithEducator ? "Yes, only what they agree" : "No"),
        ]
        let conversation = CaseConversation(request: request)
        let messages = try await conversation.messages(of: record).map { message in
            CasePage.MessageRow(
                sender: message.sender, sent: request.displayTime(message.sent), body: message.body,
                fromClinician: message.fromClinician)
        }
        let items = try await conversation.planItems(of: record)
        let resources = try await conversation.resources(of: items)
        let plan = items.map { item in
            item.row(
                changePath: record.state.isOpen ? SiteURL.casePlanItem(caseID, item.id).path : nil,
                resources: resources)
        }
        var model = CasePage(
            id: caseID, reference: record.reference, state: record.state, version: record.version,
            clinicianName: clinician?.displayName ?? "Unknown", clinicianEmail: clinician?.email ?? "",
            received: request.displayTime(record.receivedAt),
            clock: TriagePages.standingText(standing, due: service.clock.due(receivedAt: record.receivedAt)),
            details: details, ownWords: text.ownWords, whatWouldHelp: text.whatWouldHelp, contact: text.contact,
            saidAtRisk: record.saidAtRisk,
            caseManagers: try await CaseAccess.assignedNames(caseID: caseID, on: request.db),
            notes: notes, noteErrors: noteErrors, draftNote: draftNote, problem: problem, csrf: request.csrfToken)
        model.plan = plan
        model.mentoringProgrammes =
            try await request.application.programmeEnrolling?.programmes(
                of: record.organisationID, request: request) ?? []
        let updates = EducatorUpdates(request: request)
        if try await updates.sharingReferral(for: record) != nil {
            model.educatorUpdates = try await updates.all(for: record).map { update in
                (
                    stage: update.stage.title, text: try update.text(request.application.cairn.cipher),
                    status: EducatorUpdatesView.statusText(update.status)
                )
            }
        }
        model.assessment =
            try assessment
            ?? CasePage.Assessment(
                reasons: Set(
                    (record.confirmedReasonNames ?? record.reasonNames).split(separator: ",").map(String.init)),
                goals: try service.goals(of: record) ?? "", saved: record.goals != nil)
        model.breakGlass = try await CaseEvent.query(on: request.db).filter(\.$caseID == caseID).filter(
            \.$kind == .breakGlass
        )
        .sort(\.$occurredAt).all().asyncMap { event in
            let name =
                try await event.actorID.asyncMap { try await Person.find($0, on: request.db)?.displayName } ?? nil
            let why = try event.opened(\.$detail, with: request.application.cairn.cipher) ?? ""
            return (who: name ?? "Someone", when: request.displayTime(event.occurredAt), why: why)
        }
        model.messages = messages
        model.planDraft = planDraft.map(PlanItemFields.Values.init)
        if record.state == .closed {
            let closing = try await CaseEvent.query(on: request.db).filter(\.$caseID == caseID)
                .filter(\.$kind == .transition).filter(\.$toState == CaseState.closed.rawValue)
                .sort(\.$occurredAt, .descending).first()
            model.closure = (
                outcomes: (record.outcomes ?? "").split(separator: ",")
                    .map { CaseOutcome(rawValue: String($0))?.title ?? String($0) },
                account: try closing?.opened(\.$detail, with: request.application.cairn.cipher)
            )
        }
        let title =
            noteErrors.isEmpty && problem == nil ? "Case \(record.reference)" : "Error: Case \(record.reference)"
        return request.page(title, status: status, model.render())
    }

    package struct NoteForm: Content {
        package var body: String?
        package var shared: [String]?
    }

    @Sendable package func addNote(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let form = try request.content.decode(NoteForm.self)
        let errors = try await CaseService(request: request).addNote(
            to: record, body: form.body ?? "", shared: form.shared?.contains("yes") == true)
        guard errors.isEmpty else {
            return try await page(for: record, request: request, noteErrors: errors, draftNote: form.body ?? "")
                .encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.supportCase(try record.requireID()).path)
    }

    package struct MoveForm: Content {
        package var to: String?
        package var version: Int?
        package var reason: String?
        package var firstContact: String?
        package var outcomes: [String]?
    }

    @Sendable package func draftEducatorUpdate(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let errors = try await EducatorUpdates(request: request).draft(
            try request.content.decode(EducatorUpdates.Form.self), for: record)
        guard errors.isEmpty else {
            return try await page(for: record, request: request, noteErrors: errors).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.supportCase(try record.requireID()).path)
    }

    package struct AssessmentForm: Content {
        package var version: Int?
        package var confirmedReasons: [String]?
        package var goals: String?
    }

    @Sendable package func assess(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let form = try request.content.decode(AssessmentForm.self)
        let reasons = (form.confirmedReasons ?? []).compactMap(ReferralReason.init(rawValue:))
        let result = try await CaseService(request: request).assess(
            record, reasons: reasons, goals: form.goals ?? "", seenVersion: form.version ?? 0)
        switch result {
        case .success:
            return request.redirect(to: SiteURL.supportCase(try record.requireID()).path)
        case .failure(let errors):
            // What they typed stays on the page, whatever went wrong.
            let typed = CasePage.Assessment(
                reasons: Set(form.confirmedReasons ?? []), goals: form.goals ?? "", saved: false)
            let stale = errors.conflict != nil
            return try await page(
                for: try await SupportCase.find(record.requireID(), on: request.db) ?? record, request: request,
                noteErrors: errors,
                status: stale ? .conflict : .ok, assessment: typed
            ).encodeResponse(for: request)
        }
    }

    package struct MessageForm: Content {
        package var message: String?
    }

    @Sendable package func sendMessage(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let errors = try await CaseConversation(request: request).send(
            try request.content.decode(MessageForm.self).message ?? "", on: record)
        guard errors.isEmpty else {
            return try await page(for: record, request: request, noteErrors: errors).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.supportCase(try record.requireID()).path)
    }

    /// What moving a case to each state tells the case manager.
    static func moved(_ state: CaseState) -> Notice {
        let message =
            switch state {
            case .referred: "The case is back with the unit as a request."
            case .triaged: "Triage is recorded. The case is waiting for support to start."
            case .active: "Support has started."
            case .closing: "The case is closing. Agree the last steps, then close it."
            case .closed: "The case is closed, with its outcome."
            case .declined: "The request is declined. The clinician is told, in the words you gave."
            case .withdrawn: "The case is marked withdrawn."
            }
        return Notice("case-" + state.rawValue, message)
    }

    @Sendable package func transition(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let form = try request.content.decode(MoveForm.self)
        guard let next = CaseState(rawValue: form.to ?? ""), let version = form.version else {
            throw Abort(.badRequest, reason: "The form was incomplete. Go back, refresh the page and try again.")
        }
        switch try await CaseService(request: request).move(
            record, to: next, seenVersion: version, reason: form.reason, firstContact: form.firstContact == "yes",
            outcomes: (form.outcomes ?? []).compactMap(CaseOutcome.init(rawValue:)))
        {
        case .done:
            return request.redirect(to: SiteURL.supportCase(try record.requireID()).path, notice: Self.moved(next))
        case .stale:
            let message = "Someone else changed this case while you had it open. Check what they did, then try again."
            return try await page(for: record, request: request, problem: message, status: .conflict).encodeResponse(
                for: request)
        case .refused(let reason):
            return try await page(for: record, request: request, problem: reason, status: .unprocessableEntity)
                .encodeResponse(for: request)
        }
    }
}
