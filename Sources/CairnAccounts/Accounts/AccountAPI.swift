import CairnAPI
import CairnCore
import CairnPlatform
import Fluent
import Vapor

extension APIHandler {
    package func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let request = try APIRequest.require()
        let actor = try request.requireActor()
        guard let person = try await Person.find(actor.personID, on: request.db) else { throw Abort(.unauthorized) }
        let roles = actor.roles.sorted().compactMap { Components.Schemas.Me.RolesPayloadPayload(rawValue: $0.rawValue) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: actor.personID.uuidString.lowercased(), displayName: person.displayName,
                        email: person.email,
                        organisationId: actor.organisationID.uuidString.lowercased(), roles: roles))))
    }
}
