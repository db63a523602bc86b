import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// An educator's suggestion that a clinician ask for support, and the clinician's answer, through the API: the same
/// service and rules as /refer-someone, /referrals-made and the choice on /my-support.
extension APIHandler {
    package func suggestSupport(_ input: Operations.SuggestSupport.Input) async throws
        -> Operations.SuggestSupport.Output
    {
        let request = try APIRequest.require()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        for (name, value, limit) in [
            ("clinicianName", body.clinicianName, 120), ("clinicianEmail", body.clinicianEmail, 254),
            ("note", body.note ?? "", 2_000),
        ] where value.unicodeScalars.count > limit {
            throw Abort(.badRequest, reason: "\(name): at most \(limit) characters.")
        }
        guard Set(body.reasons).count == body.reasons.count else {
            throw Abort(.badRequest, reason: "reasons: each once.")
        }
        let form = EducatorReferralService.Form(
            clinicianName: body.clinicianName, clinicianEmail: body.clinicianEmail,
            reasons: body.reasons.map(\.rawValue), note: body.note, theyKnow: body.theyKnowAndAgree ? ["yes"] : [])
        let service = EducatorReferralService(request: request)
        switch try await service.send(form) {
        case .failure(let errors):
            let pointers = ["theyKnow": "/theyKnowAndAgree"]
            throw errors.refusal(jsonPointer: { pointers[$0] ?? "/" + $0 }) ?? Abort(.badRequest)
        case .success(let suggestion):
            return .created(.init(body: .json(try await Self.made(suggestion, request: request))))
        }
    }

    private static func made(_ suggestion: EducatorReferral, request: Request) async throws
        -> Components.Schemas.SupportSuggestion
    {
        let shared =
            try await suggestion.caseID.asyncMap { try await EducatorUpdates(request: request).approved(forCase: $0) }
            ?? []
        return .init(
            id: try suggestion.requireID().uuidString.lowercased(), clinicianName: suggestion.clinicianName,
            sentAt: suggestion.createdAt, receivedByTheUnit: suggestion.caseID != nil,
            sharedUpdates: shared.map { .init(stage: $0.stage, text: $0.text) })
    }

    package func listSuggestionsMade(_ input: Operations.ListSuggestionsMade.Input) async throws
        -> Operations.ListSuggestionsMade.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        let page = input.query.page ?? 1
        guard (1...100_000).contains(page) else { throw Abort(.badRequest, reason: "page: 1 to 100,000.") }
        let suggestions = try await EducatorReferralService(request: request).made(by: actor.personID, page: page)
        var result: [Components.Schemas.SupportSuggestion] = []
        for suggestion in suggestions { result.append(try await Self.made(suggestion, request: request)) }
        return .ok(.init(body: .json(result)))
    }

    package func listSuggestionsForMe(_ input: Operations.ListSuggestionsForMe.Input) async throws
        -> Operations.ListSuggestionsForMe.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        let suggestions = try await EducatorReferralService(request: request).waiting(for: actor.personID)
        let educators = try await Accounts.displayNames(of: Set(suggestions.map(\.educatorID)), on: request.db)
        return .ok(
            .init(
                body: .json(
                    try suggestions.map {
                        .init(
                            id: try $0.requireID().uuidString.lowercased(),
                            educatorName: educators[$0.educatorID] ?? "An educator",
                            reasons: $0.reasons.map(\.rawValue), sentAt: $0.createdAt)
                    })))
    }

    package func acceptSuggestion(_ input: Operations.AcceptSuggestion.Input) async throws
        -> Operations.AcceptSuggestion.Output
    {
        let request = try APIRequest.require()
        let suggestion = try request.authorisedRecord(EducatorReferral.self)
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        // The same checks as POST /api/v1/referrals: its reasons are unique items.
        guard Set(body.reasons).count == body.reasons.count else {
            throw Abort(.badRequest, reason: "reasons: each once.")
        }
        switch try await EducatorReferralService(request: request).confirm(
            suggestion, sending: SelfReferral(api: body))
        {
        case .failure(let errors):
            throw errors.refusal(jsonPointer: { $0 == "contactBy" ? "/phone" : "/" + $0 }) ?? Abort(.badRequest)
        case .success(let record):
            return .created(.init(body: .json(try record.apiSummary())))
        }
    }

    package func declineSuggestion(_ input: Operations.DeclineSuggestion.Input) async throws
        -> Operations.DeclineSuggestion.Output
    {
        let request = try APIRequest.require()
        try await EducatorReferralService(request: request).decline(try request.authorisedRecord(EducatorReferral.self))
        return .noContent(.init())
    }
}
