import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Loads induction records only for those the policy lets in; anyone else gets 404: another organisation's
/// template, an induction one is not part of, someone else's pathway that was not shared.
package enum InductionAccess {
    package static func templateLoader(parameter: String = "templateID") -> RecordLoader {
        .of(
            InductionTemplate.self, parameter: parameter,
            load: { id, request in try await InductionTemplate.find(id, on: request.db) },
            standing: { template, actor, _ in
                .record(
                    Policy.InductionTemplateStanding(
                        isSameOrganisation: template.organisationID == actor.organisationID))
            },
            describe: { .init(type: .inductionTemplate, id: $0.id?.uuidString ?? "") })
    }

    package static func roleDescriptionLoader(parameter: String = "descriptionID") -> RecordLoader {
        .of(
            RoleDescription.self, parameter: parameter,
            load: { id, request in try await RoleDescription.find(id, on: request.db) },
            standing: { description, actor, _ in
                .record(
                    Policy.RoleDescriptionStanding(
                        isSameOrganisation: description.organisationID == actor.organisationID))
            },
            describe: { .init(type: .roleDescription, id: $0.id?.uuidString ?? "") })
    }

    package static func inductionLoader(parameter: String = "inductionID") -> RecordLoader {
        .of(
            Induction.self, parameter: parameter,
            load: { id, request in try await Induction.find(id, on: request.db) },
            standing: { induction, actor, _ in .record(standing(of: actor, to: induction)) },
            describe: { .init(type: .induction, id: $0.id?.uuidString ?? "", subject: $0.inducteeID) })
    }

    /// An item and its induction, as an item route's gate loads them.
    package struct ItemView: Sendable {
        package var item: InductionItem
        package var induction: Induction
    }

    /// An item, found only under the induction the path names (`inductionParameter`).
    package static func itemLoader(parameter: String = "itemID", inductionParameter: String = "inductionID")
        -> RecordLoader
    {
        .of(
            ItemView.self, parameter: parameter,
            load: { id, request in
                guard let item = try await InductionItem.find(id, on: request.db),
                    request.parameters.get(inductionParameter, as: UUID.self) == item.inductionID,
                    let induction = try await Induction.find(item.inductionID, on: request.db)
                else { return nil }
                return ItemView(item: item, induction: induction)
            },
            standing: { view, actor, _ in
                .record(
                    Policy.InductionItemStanding(
                        induction: standing(of: actor, to: view.induction), owner: view.item.owner,
                        needsSignOff: view.item.needsSignOff))
            },
            describe: {
                .init(type: .inductionItem, id: $0.item.id?.uuidString ?? "", subject: $0.induction.inducteeID)
            })
    }

    /// A supervision meeting and its induction, as a meeting route's gate loads them.
    package struct SupervisionView: Sendable {
        package var meeting: SupervisionMeeting
        package var induction: Induction
    }

    package static func supervisionLoader(parameter: String = "supervisionID") -> RecordLoader {
        .of(
            SupervisionView.self, parameter: parameter,
            load: { id, request in
                guard let meeting = try await SupervisionMeeting.find(id, on: request.db),
                    let induction = try await Induction.find(meeting.inductionID, on: request.db)
                else { return nil }
                return SupervisionView(meeting: meeting, induction: induction)
            },
            standing: { view, actor, _ in
                .record(Policy.SupervisionStanding(induction: standing(of: actor, to: view.induction)))
            },
            describe: {
                .init(type: .supervisionMeeting, id: $0.meeting.id?.uuidString ?? "", subject: $0.induction.inducteeID)
            })
    }

    /// The new starter's pathway as their supervisor reaches it from the induction: the induction names whose.
    package struct SharedPathway: Sendable {
        package var induction: Induction
        package var pathway: RegistrationPathwayRecord?
    }

    package static func sharedPathwayLoader(parameter: String = "inductionID") -> RecordLoader {
        .of(
            SharedPathway.self, parameter: parameter,
            load: { id, request in
                guard let induction = try await Induction.find(id, on: request.db) else { return nil }
                let pathway = try await RegistrationPathwayRecord.query(on: request.db)
                    .filter(\.$personID == induction.inducteeID).first()
                return SharedPathway(induction: induction, pathway: pathway)
            },
            standing: { shared, actor, _ in
                .record(
                    Policy.PathwayStanding(
                        isSameOrganisation: shared.induction.organisationID == actor.organisationID,
                        isSupervisorOfOwner: shared.induction.supervisorID == actor.personID,
                        isShared: shared.pathway?.sharedWithSupervisor == true))
            },
            describe: {
                .init(
                    type: .registrationPathway, id: $0.pathway?.id?.uuidString ?? "", subject: $0.induction.inducteeID)
            })
    }

    /// The actor's standing to an induction.
    package static func standing(of actor: Actor, to induction: Induction) -> Policy.InductionStanding {
        Policy.InductionStanding(
            isSameOrganisation: induction.organisationID == actor.organisationID,
            isInductee: induction.inducteeID == actor.personID, isSupervisor: induction.supervisorID == actor.personID)
    }
}
