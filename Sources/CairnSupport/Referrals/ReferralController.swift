import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// `/refer…`: the self-referral, one thing per page, saved after every page; `/my-support`: the clinician's view.
package struct ReferralController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.on(.refer, action: .requestSupport, use: start)
        routes.on(.referCheck, action: .requestSupport, use: check)
        routes.on(
            .referCheck, .POST, action: .requestSupport,
            after: .quiet("the sent page is the confirmation; an unanswered question is the next step"), use: submit)
        routes.on(
            .referDiscard, .POST, action: .requestSupport,
            after: .says("referral-discarded", "Your answers are deleted. Nothing of that request is kept."),
            use: discard)
        routes.on(.referSent(nil), action: .requestSupport, use: sent)
        routes.on(.referStep(nil), action: .requestSupport, use: showStep)
        routes.on(
            .referStep(nil), .POST, action: .requestSupport, after: .quiet("the next question of the request"),
            use: saveStep)
        routes.on(.mySupport, action: .viewOwnSupport, use: mySupport)
    }

    @Sendable package func start(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let (draft, _) = try await ReferralService(request: request).draft(for: actor.personID)
        return request.page("Ask for support", ReferralPages.start(hasDraft: draft != nil, csrf: request.csrfToken))
    }

    /// Deletes the unfinished request's answers (offered when someone says No to our holding them).
    @Sendable package func discard(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        try await ReferralService(request: request).discard(for: actor.personID)
        return request.redirect(to: SiteURL.refer.path)
    }

    private func step(_ request: Request) throws -> SelfReferral.Step {
        guard let step = SelfReferral.Step(rawValue: try request.parameters.require("step")) else {
            throw Abort(.notFound)
        }
        return step
    }

    @Sendable package func showStep(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let step = try step(request)
        let (_, answers) = try await ReferralService(request: request).draft(for: actor.personID)
        return request.page(
            step.title,
            ReferralPages.step(
                step, answers: answers, errors: FormErrors(), csrf: request.csrfToken, changing: Self.changing(request))
        )
    }

    /// Reached by "Change" on check your answers (`?change=yes`).
    static func changing(_ request: Request) -> Bool {
        (try? request.query.get(String.self, at: "change")) == "yes"
    }

    /// Every field any step has; a step takes only its own.
    package struct StepForm: Content {
        package var profession, grade, specialty, employer, region, registrationNumber, qualificationCountry: String?
        package var reasons: [String]?
        package var otherReason, transition, ownWords, whatWouldHelp, atRisk, contactBy, phone, contactTimes: String?
        package var consentToHold, shareWithEducator, educatorName, educatorEmail: String?
    }

    package static func merge(_ form: StepForm, into answers: inout SelfReferral, step: SelfReferral.Step) {
        switch step {
        case .aboutYou:
            answers.profession = form.profession
            answers.grade = form.grade
            answers.specialty = form.specialty
            answers.employer = form.employer
            answers.region = form.region
            answers.registrationNumber = form.registrationNumber
            answers.qualificationCountry = form.qualificationCountry
        case .whatIsHappening:
            answers.reasons = form.reasons ?? []
            answers.otherReason = form.otherReason
            answers.transition = form.transition
        case .yourWords:
            answers.ownWords = form.ownWords
            answers.whatWouldHelp = form.whatWouldHelp
        case .safety:
            answers.atRisk = form.atRisk
        case .contact:
            answers.contactBy = form.contactBy
            answers.phone = form.phone
            answers.contactTimes = form.contactTimes
        case .consent:
            answers.consentToHold = form.consentToHold
            answers.shareWithEducator = form.shareWithEducator
            answers.educatorName = form.educatorName
            answers.educatorEmail = form.educatorEmail
        }
    }

    @Sendable package func saveStep(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        let step = try step(request)
        let service = ReferralService(request: request)
        var (_, answers) = try await service.draft(for: actor.personID)
        Self.merge(try request.content.decode(StepForm.self), into: &answers, step: step)
        // Saved even when something is missing: nothing typed is ever lost.
        try await service.save(answers, for: actor.personID)
        let problems = answers.problems(in: step)
        guard problems.isEmpty else {
            var errors = FormErrors()
            for problem in problems { errors.add(problem.field, problem.message) }
            return try await request.page(
                Forms.title(step.title, errors: errors),
                ReferralPages.step(
                    step, answers: answers, errors: errors, csrf: request.csrfToken, changing: Self.changing(request))
            )
            .encodeResponse(for: request)
        }
        // A change made from check your answers goes back there, unless a later step still needs answering.
        let backToCheck = Self.changing(request) && answers.firstIncompleteStep == nil
        if step == .safety, answers.atRisk != "yes" {
            try await request.audit(
                SupportAudit.referralAtRiskHelpShown, resourceType: .referralDraft, subject: actor.personID)
            let onward =
                backToCheck ? SiteURL.referCheck.path : SiteURL.referStep(SelfReferral.Step.contact.rawValue).path
            return try await request.page("Help is available now", Self.helpNow(continueTo: onward))
                .encodeResponse(for: request)
        }
        if backToCheck { return request.redirect(to: SiteURL.referCheck.path) }
        let next = step.next.map { SiteURL.referStep($0.rawValue).path } ?? SiteURL.referCheck.path
        return request.redirect(to: next)
    }

    /// Shown at once to someone who says they may be at risk; the request carries on from here.
    package static func helpNow(
        continueTo onward: String = SiteURL.referStep(SelfReferral.Step.contact.rawValue).path
    ) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Help is available now")),
            .p(
                .class("lead"),
                .text("Thank you for telling us. You do not have to wait for us: these services can help today.")),
            UrgentHelp.panel(headingLevel: 2),
            .p(.text("Your request to us carries on. A case manager will see that you said this.")),
            .p(
                .a(.class("button"), .attr("href", onward), .text("Continue my request")))
        )
    }

    @Sendable package func check(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        let (_, answers) = try await ReferralService(request: request).draft(for: actor.personID)
        if let step = answers.firstIncompleteStep { return request.redirect(to: SiteURL.referStep(step.rawValue).path) }
        return try await request.page(
            "Check your answers", ReferralPages.checkAnswers(answers, csrf: request.csrfToken)
        )
        .encodeResponse(for: request)
    }

    @Sendable package func submit(request: Request) async throws -> Response {
        let actor = try request.requireActor()
        switch try await ReferralService(request: request).submit(personID: actor.personID) {
        case .incomplete(let step):
            return request.redirect(to: SiteURL.referStep(step.rawValue).path)
        case .submitted(let reference):
            return request.redirect(to: SiteURL.referSent(reference).path)
        }
    }

    @Sendable package func sent(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        let reference = try request.parameters.require("reference")
        guard let record = try await SupportCase.query(on: request.db).filter(\.$reference == reference).first(),
            record.clinicianID == actor.personID,
            let person = try await Person.find(actor.personID, on: request.db)
        else { throw Abort(.notFound) }
        return request.page("Request sent", ReferralPages.sent(reference: record.reference, email: person.email))
    }

    @Sendable package func mySupport(request: Request) async throws -> HTMLPage {
        let actor = try request.requireActor()
        // One page of the person's requests, newest first, counted and paged in SQL; who holds them in one query.
        let mine = SupportCase.query(on: request.db).filter(\.$clinicianID == actor.personID)
        let paging = Paging(
            total: try await mine.count(), pageSize: MySupportPage.pageSize,
            requested: (try? request.query.get(Int.self, at: "page")) ?? 1)
        let cases = try await mine.sort(\.$receivedAt, .descending).sort(\.$id)
            .range(paging.offset..<(paging.offset + paging.pageSize)).all()
        let holders = try await CaseAccess.assignedNames(caseIDs: try cases.map { try $0.requireID() }, on: request.db)
        let (draft, _) = try await ReferralService(request: request).draft(for: actor.personID)
        let rows = try cases.map { record in
            MySupportPage.Row(
                id: try record.requireID(), reference: record.reference, state: record.state,
                received: request.displayTime(record.receivedAt),
                caseManagers: holders[try record.requireID()] ?? [],
                declineReason: try record.opened(\.$declineReason, with: request.application.cairn.cipher))
        }
        let suggestions = try await EducatorReferralService(request: request).waiting(for: actor.personID)
        let educators = try await Accounts.displayNames(of: Set(suggestions.map(\.educatorID)), on: request.db)
        let waiting = try suggestions.map { suggestion in
            (
                id: try suggestion.requireID(), educator: educators[suggestion.educatorID] ?? "An educator",
                reasons: suggestion.reasons.map(\.title).joined(separator: "; ")
            )
        }
        let page = Node<HTML.BodyContext>.group(
            EducatorReferralPages.waiting(waiting, csrf: request.csrfToken),
            MySupportPage.render(rows: rows, hasDraft: draft != nil, paging: paging))
        return request.page("Your support", page)
    }
}

/// `/my-support`: where each request is and who is supporting them.
package enum MySupportPage {
    package struct Row {
        package var id: UUID
        package var reference: String
        package var state: CaseState
        package var received: String
        package var caseManagers: [String]
        package var declineReason: String?
    }

    /// Requests shown on one page: a person has a handful; a page keeps it bounded whatever the number.
    package static let pageSize = 20

    package static func render(rows: [Row], hasDraft: Bool, paging: Paging) -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Your support")),
            .if(
                hasDraft,
                .div(
                    .class("notice"),
                    .p(
                        .text("You have a request you have not sent yet. "),
                        .a(.attr("href", SiteURL.refer.path), .text("Continue it"))))),
            .if(
                rows.isEmpty && !hasDraft,
                .p(
                    .text("You have not asked for support yet. "),
                    .a(.attr("href", SiteURL.refer.path), .text("Ask for support")))),
            .forEach(rows) { row in
                .section(
                    .class("card case-card"),
                    .h2(.a(.attr("href", SiteURL.myCase(row.id).path), .text("Request \(row.reference)"))),
                    .el(
                        "dl", .class("summary-list"),
                        .div(
                            .class("summary-list__row"), .el("dt", .text("Where it is")),
                            .el("dd", .strong(.class("tag"), .text(row.state.title)))),
                        .div(.class("summary-list__row"), .el("dt", .text("Received")), .el("dd", .text(row.received))),
                        .div(
                            .class("summary-list__row"), .el("dt", .text("Your case manager")),
                            .el(
                                "dd",
                                .text(
                                    row.caseManagers.isEmpty
                                        ? "Not allocated yet" : row.caseManagers.joined(separator: ", ")))),
                        .unwrap(row.declineReason) { reason in
                            .div(
                                .class("summary-list__row"), .el("dt", .text("What we said")), .el("dd", .text(reason)))
                        }
                    )
                )
            },
            Pager.render(paging, previous: "Newer requests", next: "Older requests") {
                SiteURL.mySupport.path + "?page=\($0)"
            },
            .if(!rows.isEmpty, .p(.a(.attr("href", SiteURL.refer.path), .text("Ask for support about something else"))))
        )
    }
}
