import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit
import Vapor

/// Erasure on request (issue #20 item 2): an administrator sees what erasing a person would do (the dry run), then
/// erases, stating why and typing the person's address to confirm. The walk is the platform's
/// `PersonalDataErasure`, from the personal-data declarations; the erasure, its record and its audit entry are one
/// transaction, and sealed files go once it has committed.
package struct ErasureService {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package init(request: Request) {
        self.init(context: ServiceContext(request))
    }

    var state: CairnState { context.state }
    var now: Date { state.collaborators.now() }

    var walker: PersonalDataErasure {
        PersonalDataErasure(
            models: PersonalDataMap.models(of: state.features), cipher: state.cipher, files: state.files)
    }

    /// An erased account's address: unique, and never one mail can reach.
    package static func isErased(_ person: Person) -> Bool {
        person.emailNormalised.hasSuffix("@erased.invalid")
    }

    package static let alreadyErased = Abort(.conflict, reason: "This person's data has already been erased.")
    package static let notYourself = Abort(
        .conflict, reason: "You cannot erase your own data: another administrator must do it.")

    package struct Preview: Sendable {
        package var personID: UUID
        package var name: String
        package var email: String
        package var erased: Bool
        package var plan: PersonalDataErasure.Plan
    }

    /// The person with this address, for the form that asks whose data to erase.
    package func person(email: String) async throws -> Person? {
        let normalised = Person.normalise(email: email)
        guard !normalised.isEmpty else { return nil }
        return try await Person.query(on: context.database).filter(\.$emailNormalised == normalised).first()
    }

    /// What erasing the person would do; writes nothing. Nil when there is no such person.
    package func preview(personID: UUID) async throws -> Preview? {
        _ = try context.requireActor()
        guard let person = try await Person.find(personID, on: context.database) else { return nil }
        let plan = try await walker.plan(for: personID, on: context.database)
        return Preview(
            personID: personID, name: person.displayName, email: person.email, erased: Self.isErased(person),
            plan: plan)
    }

    /// Erases the person's data. Problems under "reason" and "confirm" (the person's address, typed); 409 when it was
    /// erased already (by another administrator a moment ago, say) or is the administrator's own.
    package func erase(personID: UUID, reason: String, confirm: String) async throws -> Result<
        PersonalDataErasure.Plan, FormErrors
    > {
        let actor = try context.requireActor()
        guard let person = try await Person.find(personID, on: context.database) else { throw Abort(.notFound) }
        if personID == actor.personID { throw Self.notYourself }
        if Self.isErased(person) { throw Self.alreadyErased }
        var errors = FormErrors()
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if why.isEmpty {
            errors.add("reason", "Enter why the data is erased (who asked, or the rule that applies)")
        } else if why.count > 500 {
            errors.add("reason", "The reason must be 500 characters or fewer")
        }
        if Person.normalise(email: confirm) != person.emailNormalised {
            errors.add("confirm", "Type the person's email address exactly, to confirm whose data is erased")
        }
        guard errors.isEmpty else { return .failure(errors) }
        let walker = self.walker
        let id = context.newID()
        let (plan, files) = try await context.transaction { context in
            // Claimed inside the transaction, row-locked: of two administrators erasing at once, the second waits
            // here, then finds the address erased and is told.
            guard let sql = context.database as? any SQLDatabase else { throw Abort(.internalServerError) }
            let claimed = try await sql.update(Person.schema).set("status", to: SQLBind("disabled"))
                .where("id", .equal, SQLBind(personID))
                .where("email_normalised", .notLike, SQLBind("%@erased.invalid"))
                .returning("id").all()
            guard !claimed.isEmpty else { throw Self.alreadyErased }
            let done = try await walker.erase(for: personID, on: context.database)
            let record = ErasureRecord()
            record.id = id
            record.personID = personID
            try record.seal(why, into: \.$reason, with: state.cipher)
            record.erasedBy = actor.personID
            record.erasedAt = now
            record.summary = done.plan.kinds.filter { $0.action != "keep" && $0.rows > 0 }
                .map { "\($0.table) \($0.action) \($0.rows)" }.joined(separator: "\n")
            try await record.create(on: context.database)
            try await context.audit(
                DataProtectionAudit.personalDataErased, resourceType: .erasure, resourceID: id.uuidString.lowercased(),
                subject: personID)
            return done
        }
        for binding in files { state.files.remove(for: binding) }
        return .success(plan)
    }

    package struct ErasureRow: Sendable {
        package var id: UUID
        package var personID: UUID
        package var reason: String
        package var erasedBy: String
        package var erasedAt: Date
        package var changed: [(table: String, action: String, rows: Int)]
    }

    package struct ErasuresPage: Sendable {
        package var rows: [ErasureRow]
        package var paging: Paging
    }

    /// Erasures done, latest first; paged in SQL.
    package func erasures(page requested: Int, pageSize: Int = 50) async throws -> ErasuresPage {
        let total = try await ErasureRecord.query(on: context.database).count()
        let paging = Paging(total: total, pageSize: pageSize, requested: requested)
        let rows = try await ErasureRecord.query(on: context.database).sort(\.$erasedAt, .descending).sort(\.$id)
            .range(paging.offset..<(paging.offset + pageSize)).all()
        let admins = try await Person.query(on: context.database).filter(\.$id ~~ rows.map(\.erasedBy)).all()
        let names = Dictionary(admins.compactMap { person in person.id.map { ($0, person.displayName) } }) { a, _ in a }
        return ErasuresPage(
            rows: try rows.map { row in
                ErasureRow(
                    id: try row.requireID(), personID: row.personID,
                    reason: try row.opened(\.$reason, with: state.cipher), erasedBy: names[row.erasedBy] ?? "",
                    erasedAt: row.erasedAt,
                    changed: row.summary.split(separator: "\n").compactMap { line in
                        let parts = line.split(separator: " ")
                        guard parts.count == 3, let rows = Int(parts[2]) else { return nil }
                        return (String(parts[0]), String(parts[1]), rows)
                    })
            }, paging: paging)
    }
}
