import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Plot
import Vapor

/// The support plan: enrolling the clinician in a mentoring programme, adding and changing plan items.
extension CaseController {
    package struct MentoringForm: Content {
        package var programme: String?
        package var languages: String?
    }

    /// The support plan includes mentoring: the clinician joins a programme as a mentee. The programme team sees
    /// their name and profile, never the case.
    @Sendable package func enrolInMentoring(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let form = try request.content.decode(MentoringForm.self)
        let errors = try await CaseConversation(request: request).enrolInMentoring(
            record, programmeID: form.programme.flatMap(UUID.init(uuidString:)), languages: form.languages ?? "",
            request: request)
        guard errors.isEmpty else {
            return try await page(for: record, request: request, noteErrors: errors).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.supportCase(try record.requireID()).path)
    }

    @Sendable package func addPlanItem(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let form = try request.content.decode(CaseConversation.PlanForm.self)
        let problems = try await CaseConversation(request: request).addPlanItem(form.draft, to: record)
        guard problems.isEmpty else {
            // What was typed stays on the page, each error beside its field.
            return try await page(
                for: record, request: request, noteErrors: FormErrors(problems, formName: \.formName),
                status: .unprocessableEntity, planDraft: form
            ).encodeResponse(for: request)
        }
        return request.redirect(to: SiteURL.supportCase(try record.requireID()).path)
    }

    package struct ResourceForm: Content {
        package var kind: String?
        package var id: String?
        package var q: String?

        /// The guide or event named, or nil when the form did not name one properly.
        package var reference: PlanResourceReference? {
            guard let kind = kind.flatMap(PlanResourceKind.init(rawValue:)), let id = id.flatMap(UUID.init(uuidString:))
            else { return nil }
            return PlanResourceReference(kind: kind, id: id)
        }
    }

    /// The page that finds guides and events for the plan: the words typed, or the clinician's reasons.
    private func resourcePage(
        for record: SupportCase, query: String, request: Request, errors: FormErrors = FormErrors(),
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let conversation = CaseConversation(request: request)
        let offers = try await conversation.resourceOffers(for: record, query: SearchQuery(query))
        let inPlan = Set(
            try await conversation.planItems(of: record).filter { $0.status != .cancelled }.compactMap(\.resource))
        let page = PlanResourcePage(
            caseID: try record.requireID(), reference: record.reference, query: query, offers: offers, inPlan: inPlan,
            canAdd: record.state.isOpen, errors: errors, csrf: request.csrfToken)
        return try await request.page(page.title, status: status, page.render()).encodeResponse(for: request)
    }

    @Sendable package func findPlanResources(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let typed = String(((try? request.query.get(String.self, at: "q")) ?? "").prefix(SearchQuery.maximumLength))
        return try await resourcePage(for: record, query: typed, request: request)
    }

    @Sendable package func addPlanResource(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let form = try request.content.decode(ResourceForm.self)
        let errors = try await CaseConversation(request: request).addResource(form.reference, to: record)
        guard errors.isEmpty else {
            return try await resourcePage(
                for: record, query: String((form.q ?? "").prefix(SearchQuery.maximumLength)), request: request,
                errors: errors, status: errors.conflict != nil ? .conflict : .unprocessableEntity)
        }
        return request.redirect(to: SiteURL.supportCase(try record.requireID()).path)
    }

    /// The plan item named in the path, if it belongs to the case the gate authorised.
    private func planItem(of record: SupportCase, request: Request) async throws -> PlanItem {
        guard let itemID = request.parameters.get("itemID", as: UUID.self),
            let item = try await PlanItem.find(itemID, on: request.db), item.caseID == (try record.requireID())
        else { throw Abort(.notFound) }
        return item
    }

    @Sendable package func showPlanItem(request: Request) async throws -> HTMLPage {
        let record = try request.authorisedRecord(SupportCase.self)
        let item = try await planItem(of: record, request: request)
        return request.page(
            "Change support in the plan",
            PlanItemPage.render(
                caseID: try record.requireID(), reference: record.reference, item: item, csrf: request.csrfToken))
    }

    @Sendable package func changePlanItem(request: Request) async throws -> Response {
        let record = try request.authorisedRecord(SupportCase.self)
        let item = try await planItem(of: record, request: request)
        let form = try request.content.decode(CaseConversation.PlanForm.self)
        let caseID = try record.requireID()
        let outcome = try await CaseConversation(request: request).changePlanItem(
            item, of: record, to: form.draft, seenVersion: form.version ?? 0)
        let page: (FormErrors, String?, HTTPResponseStatus) async throws -> Response = { errors, problem, status in
            try await request.page(
                errors.isEmpty && problem == nil ? "Change support in the plan" : "Error: Change support in the plan",
                status: status,
                PlanItemPage.render(
                    caseID: caseID, reference: record.reference, item: item, csrf: request.csrfToken, typed: form,
                    errors: errors, problem: problem)
            ).encodeResponse(for: request)
        }
        switch outcome {
        case .done:
            return request.redirect(to: SiteURL.supportCase(caseID).path)
        case .invalid(let problems):
            return try await page(FormErrors(problems, formName: \.formName), nil, .unprocessableEntity)
        case .stale:
            return try await page(
                FormErrors(),
                "Someone else changed this plan item while you had it open. What you typed is below: check theirs on the case, then save again.",
                .conflict)
        }
    }
}

extension CaseConversation {
    /// The support plan includes mentoring: the clinician joins a programme as a mentee, with the profile the case
    /// holds (never the case itself), and mentoring is added to the plan as agreed. Problems come back under the
    /// page's field names (`programme`, `languages`, and the plan item's).
    package func enrolInMentoring(
        _ record: SupportCase, programmeID: UUID?, languages: String, request: Request
    ) async throws -> FormErrors {
        guard let enrolling = request.application.programmeEnrolling else { throw Abort(.notFound) }
        let enrolment = ProgrammeEnrolmentRequest(
            programmeID: programmeID, organisationID: record.organisationID, personID: record.clinicianID,
            profession: record.profession, grade: record.grade, specialty: record.specialty ?? "",
            employer: record.employer ?? "", region: record.region ?? "",
            isInternationalGraduate: record.isInternationalGraduate, languages: languages)
        switch try await enrolling.enrol(enrolment, request: request) {
        case .failure(let problems):
            return problems
        case .success(let programmeName):
            let problems = try await addPlanItem(
                PlanItemDraft(
                    intervention: Intervention.mentoring.rawValue, status: PlanItemStatus.agreed.rawValue,
                    provider: String(programmeName.prefix(160))),
                to: record)
            return FormErrors(problems, formName: \PlanItemField.formName)
        }
    }
}
