import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// The audit trail as an administrator reads it (issue #13 item 8): who did what to which record, about whom,
/// when, and whether it was allowed. Entries only: a reason given (sealed, it may hold words about a person) and
/// the request's hashes are never shown. Newest first, filtered and paged in SQL; each read is itself audited.
package struct AuditTrail {
    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    package struct Filter: Sendable, Equatable {
        /// Who did it, and whom it was about (people's ids).
        package var actor: UUID?
        package var subject: UUID?
        /// The action's stored name (`case_reallocated`), exactly.
        package var action: String?
        package var outcome: AuditEvent.Outcome?

        package init(
            actor: UUID? = nil, subject: UUID? = nil, action: String? = nil, outcome: AuditEvent.Outcome? = nil
        ) {
            self.actor = actor
            self.subject = subject
            self.action = action
            self.outcome = outcome
        }
    }

    package struct Row: Sendable {
        package var sequence: Int64
        package var occurredAt: Date
        package var actorID: UUID?
        package var actorName: String?
        package var actorRoles: [String]
        package var action: String
        package var resourceType: String
        package var resourceID: String?
        package var subjectID: UUID?
        package var subjectName: String?
        package var outcome: String
    }

    package struct Page: Sendable {
        package var rows: [Row]
        package var paging: Paging
    }

    package static let pageSize = 50

    /// One page of entries, newest first (the sequence is the trail's own order).
    package func entries(_ filter: Filter, page requested: Int) async throws -> Page {
        var builder = AuditEntry.query(on: context.database)
        if let actor = filter.actor { builder = builder.filter(\.$actorID == actor) }
        if let subject = filter.subject { builder = builder.filter(\.$subjectID == subject) }
        if let action = filter.action { builder = builder.filter(\.$action == action) }
        if let outcome = filter.outcome { builder = builder.filter(\.$outcome == outcome.rawValue) }
        let paging = Paging(total: try await builder.count(), pageSize: Self.pageSize, requested: requested)
        let entries = try await builder.sort(\.$sequence, .descending)
            .range(paging.offset..<(paging.offset + Self.pageSize)).all()
        // The names of the page's people, in one query of at most a hundred ids.
        let ids = Set(entries.flatMap { [$0.actorID, $0.subjectID].compactMap { $0 } })
        let names = Dictionary(
            uniqueKeysWithValues: try await Person.query(on: context.database).filter(\.$id ~~ Array(ids)).all()
                .map { (try $0.requireID(), $0.displayName) })
        let rows = entries.map { entry in
            Row(
                sequence: entry.sequence, occurredAt: entry.occurredAt, actorID: entry.actorID,
                actorName: entry.actorID.flatMap { names[$0] },
                actorRoles: entry.actorRoles.split(separator: ",").map(String.init).filter { !$0.isEmpty },
                action: entry.action, resourceType: entry.resourceType, resourceID: entry.resourceID,
                subjectID: entry.subjectID, subjectName: entry.subjectID.flatMap { names[$0] },
                outcome: entry.outcome)
        }
        return Page(rows: rows, paging: paging)
    }

    /// Reading the trail is recorded in it, with the filter used (ids and names of actions, never words).
    package func recordRead(_ filter: Filter, page: Int) async throws {
        var parts = ["page \(page)"]
        if let actor = filter.actor { parts.append("actor \(actor.uuidString.lowercased())") }
        if let subject = filter.subject { parts.append("subject \(subject.uuidString.lowercased())") }
        if let action = filter.action { parts.append("action \(action)") }
        if let outcome = filter.outcome { parts.append("outcome \(outcome.rawValue)") }
        try await context.audit(
            AdministrationAudit.auditTrailRead, resourceType: .auditTrail, reason: parts.joined(separator: "; "))
    }

    /// "case_reallocated" → "Case reallocated": how the page names an action.
    package static func label(_ action: String) -> String {
        let words = action.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// An action's stored name: lower-case letters, digits and underscores.
    package static func isActionName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

extension AuditResource {
    /// The audit trail itself (read by an administrator).
    package static let auditTrail = AuditResource(rawValue: "audit_trail")
}
