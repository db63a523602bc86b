import CairnAPI
import CairnPlatform
import Vapor

extension APIHandler {
    package func getOrganisation(
        _ input: Operations.GetOrganisation.Input
    ) async throws -> Operations.GetOrganisation.Output {
        let request = try APIRequest.require()
        guard let organisation = request.application.cairn.organisation else { throw Abort(.serviceUnavailable) }
        return .ok(.init(body: .json(try organisation.apiRepresentation())))
    }
}

extension OrganisationSummary {
    package func apiRepresentation() throws -> Components.Schemas.Organisation {
        guard let kind = Components.Schemas.Organisation.KindPayload(rawValue: kind),
            let nation = Components.Schemas.Organisation.NationPayload(rawValue: nation)
        else { throw Abort(.internalServerError) }
        return .init(id: id.uuidString.lowercased(), name: name, kind: kind, nation: nation, timeZone: timeZone)
    }
}
