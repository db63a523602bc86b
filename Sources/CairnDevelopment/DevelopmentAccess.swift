import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// Loads development records only for those the policy lets in; anyone else gets 404: a practice one neither
/// facilitates nor belongs to, a workshop or development named under another practice, someone else's plan item.
package enum DevelopmentAccess {
    static func standing(of actor: Actor, to practice: Practice, on database: any Database) async throws
        -> Policy.PracticeStanding
    {
        let practiceID = try practice.requireID()
        let member =
            try await PracticeMember.query(on: database).filter(\.$practiceID == practiceID)
            .filter(\.$personID == actor.personID).count() > 0
        return Policy.PracticeStanding(
            isSameOrganisation: practice.organisationID == actor.organisationID,
            isFacilitator: practice.facilitatorID == actor.personID, isMember: member)
    }

    package static func practiceLoader(parameter: String = "practiceID") -> RecordLoader {
        .of(
            Practice.self, parameter: parameter,
            load: { id, request in try await Practice.find(id, on: request.db) },
            standing: { practice, actor, request in .record(try await standing(of: actor, to: practice, on: request.db))
            },
            describe: { .init(type: .practice, id: $0.id?.uuidString ?? "") })
    }

    /// A workshop and its practice, as a workshop route's gate loads them.
    package struct WorkshopView: Sendable {
        package var workshop: PracticeWorkshop
        package var practice: Practice
    }

    /// A workshop, found only under the practice the path names.
    package static func workshopLoader(parameter: String = "workshopID", practiceParameter: String = "practiceID")
        -> RecordLoader
    {
        .of(
            WorkshopView.self, parameter: parameter,
            load: { id, request in
                guard let workshop = try await PracticeWorkshop.find(id, on: request.db),
                    request.parameters.get(practiceParameter, as: UUID.self) == workshop.practiceID,
                    let practice = try await Practice.find(workshop.practiceID, on: request.db)
                else { return nil }
                return WorkshopView(workshop: workshop, practice: practice)
            },
            standing: { view, actor, request in
                .record(try await standing(of: actor, to: view.practice, on: request.db))
            },
            describe: { .init(type: .practiceWorkshop, id: $0.workshop.id?.uuidString ?? "") })
    }

    /// A development and its practice, as a development route's gate loads them.
    package struct DevelopmentView: Sendable {
        package var development: PracticeDevelopment
        package var practice: Practice
    }

    /// A development, found only under the practice the path names.
    package static func developmentLoader(
        parameter: String = "developmentID", practiceParameter: String = "practiceID"
    ) -> RecordLoader {
        .of(
            DevelopmentView.self, parameter: parameter,
            load: { id, request in
                guard let development = try await PracticeDevelopment.find(id, on: request.db),
                    request.parameters.get(practiceParameter, as: UUID.self) == development.practiceID,
                    let practice = try await Practice.find(development.practiceID, on: request.db)
                else { return nil }
                return DevelopmentView(development: development, practice: practice)
            },
            standing: { view, actor, request in
                .record(try await standing(of: actor, to: view.practice, on: request.db))
            },
            describe: { .init(type: .practiceDevelopment, id: $0.development.id?.uuidString ?? "") })
    }

    /// An item of someone's personal development plan: its owner's alone.
    package static func pdpItemLoader(parameter: String = "itemID") -> RecordLoader {
        .of(
            PDPItem.self, parameter: parameter,
            load: { id, request in try await PDPItem.find(id, on: request.db) },
            standing: { item, _, _ in .ownedBy(item.personID) },
            describe: { .init(type: .pdpItem, id: $0.id?.uuidString ?? "", subject: $0.personID) })
    }

    /// A piece of someone's evidence: its owner's alone.
    package static func evidenceLoader(parameter: String = "evidenceID") -> RecordLoader {
        .of(
            DevelopmentEvidence.self, parameter: parameter,
            load: { id, request in try await DevelopmentEvidence.find(id, on: request.db) },
            standing: { evidence, _, _ in .ownedBy(evidence.personID) },
            describe: { .init(type: .developmentPortfolio, id: $0.id?.uuidString ?? "", subject: $0.personID) })
    }
}
