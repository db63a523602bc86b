import CairnAPI
import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `/api/v1/referrals`: the same service and checks as the `/refer` pages, all answers at once.
extension APIHandler {
    package func listOwnReferrals(_ input: Operations.ListOwnReferrals.Input) async throws
        -> Operations.ListOwnReferrals.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        let cases = try await SupportCase.query(on: request.db).filter(\.$clinicianID == actor.personID)
            .sort(\.$receivedAt, .descending).limit(500).all()
        return .ok(.init(body: .json(try cases.map { try $0.apiSummary() })))
    }

    package func createReferral(_ input: Operations.CreateReferral.Input) async throws
        -> Operations.CreateReferral.Output
    {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        guard case .json(let body) = input.body else { throw Abort(.unsupportedMediaType) }
        let answers = SelfReferral(api: body)
        let errors = ReferralService.problems(in: answers)
        // The draft's fields are the API's, but for how to reach the clinician, which the API says with `phone`.
        if let refusal = errors.refusal(jsonPointer: { $0 == "contactBy" ? "/phone" : "/" + $0 }) { throw refusal }
        let record = try await ReferralService(request: request).open(answers, for: actor.personID)
        return .created(.init(body: .json(try record.apiSummary())))
    }
}

extension SelfReferral {
    package init(api body: Components.Schemas.ReferralRequest) {
        self.init()
        profession = body.profession.rawValue
        grade = body.grade.rawValue
        specialty = body.specialty
        employer = body.employer
        region = body.region?.rawValue
        registrationNumber = body.registrationNumber
        qualificationCountry = body.qualificationCountry.rawValue
        // "Something else" joins the reasons given; it never stands in for them (the schema needs at least one).
        let named = body.reasons.map(\.rawValue)
        reasons = named.isEmpty || body.otherReason == nil ? named : named + [ReferralReason.other.rawValue]
        otherReason = body.otherReason
        transition = body.transition
        ownWords = body.ownWords
        whatWouldHelp = body.whatWouldHelp
        atRisk = body.atRisk.rawValue
        contactBy = body.phone == nil ? "email" : "phone"
        phone = body.phone
        contactTimes = body.contactTimes
        consentToHold = body.consentToHold ? "yes" : "no"
        shareWithEducator = body.educatorName == nil ? "no" : "yes"
        educatorName = body.educatorName
        educatorEmail = body.educatorEmail
    }
}

extension SupportCase {
    package func apiSummary() throws -> Components.Schemas.CaseSummary {
        .init(
            id: try requireID().uuidString.lowercased(), reference: reference,
            state: Components.Schemas.CaseState(rawValue: stateName) ?? .referred, receivedAt: receivedAt,
            version: version)
    }
}
