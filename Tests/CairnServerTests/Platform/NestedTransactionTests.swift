import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnInduction
@testable import CairnPlatform

/// A service that answers a caught unique violation as a conflict may be called inside another transaction (setting
/// up an organisation's standard templates creates its role description). On PostgreSQL the violation aborted the
/// enclosing transaction, whose COMMIT then rolled back everything silently; now the inner transaction is a
/// savepoint, so only its own work is undone.
@Suite("A transaction inside a transaction")
struct NestedTransactionTests {
    /// A programme lead's context in the app's organisation, and that organisation.
    static func leadContext(_ app: Application) async throws -> (ServiceContext, UUID) {
        let lead = try await app.makePerson([.programmeLead])
        let organisation = try #require(app.cairn.organisation).id
        let actor = Actor(
            personID: lead.id, displayName: "Lead", organisationID: organisation, roles: [.programmeLead],
            channel: .api(tokenID: UUID()), isFullySignedIn: true)
        return (ServiceContext(application: app, actor: actor), organisation)
    }

    static func draft(department: String) -> RoleDescriptionDraft {
        var draft = RoleDescriptionDraft.medicalSupportWorker
        draft.department = department
        return draft
    }

    @Test func aConflictCaughtInsideATransactionUndoesOnlyItsOwnWork() async throws {
        try await withCairn { app in
            let (context, organisation) = try await Self.leadContext(app)
            let ward = Self.draft(department: "Ward 7")
            let answers = try await context.transaction { context in
                let service = RoleDescriptionService(context: context)
                let first = try await service.create(.medicalSupportWorker)
                let again = try await service.create(.medicalSupportWorker)
                let other = try await service.create(ward)
                return [first, again, other].map { if case .success = $0 { true } else { false } }
            }
            #expect(answers == [true, false, true], "the second is a conflict, answered as one")
            let kept = try await RoleDescription.query(on: app.db).filter(\.$organisationID == organisation).all()
            #expect(kept.map(\.department).sorted() == ["", "Ward 7"], "work before and after the conflict is kept")
        }
    }

    @Test func aFailureInsideRollsBackOnlyTheInnerWork() async throws {
        try await withCairn { app in
            let (context, organisation) = try await Self.leadContext(app)
            struct Inner: Error {}
            let ward = Self.draft(department: "Ward 9")
            try await context.transaction { context in
                _ = try await RoleDescriptionService(context: context).create(.medicalSupportWorker)
                do {
                    try await context.transaction { context in
                        _ = try await RoleDescriptionService(context: context).create(ward)
                        throw Inner()
                    }
                } catch is Inner {}
            }
            let kept = try await RoleDescription.query(on: app.db).filter(\.$organisationID == organisation).all()
            #expect(kept.map(\.department) == [""], "the inner work is undone, the outer kept")
        }
    }
}
