import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// A case's timeline (issue #13, item 5): who did what and when — the request, state changes, first contact,
/// assignments, break-glass openings, notes, messages, plan changes and the clinician's feedback — as events, never
/// their content (a note's or message's words stay in their own sections, sealed). Merged and paged in SQL, newest
/// first, so a case with thousands of entries costs one page.
package struct CaseTimeline {
    package enum Kind: String, Sendable, CaseIterable {
        case submitted, transition, assigned, reallocated
        case firstContact = "first_contact"
        case breakGlass = "break_glass"
        case note
        case sharedNote = "shared_note"
        case message
        case planAdded = "plan_added"
        case planChanged = "plan_changed"
        case feedback
    }

    package struct Entry: Sendable, Equatable {
        package var kind: Kind
        package var at: Date
        package var actorID: UUID?
        /// A code for the sentence (a state, an intervention), never free text.
        package var code: String?

        /// What happened, in words Cairn writes itself from codes (the page and the API say the same).
        package var summary: String {
            let intervention = code.flatMap(Intervention.init(rawValue:))?.title.lowercased() ?? "support"
            switch kind {
            case .submitted: return "Asked for support"
            case .transition:
                return "Moved the case to “\(code.flatMap(CaseState.init(rawValue:))?.title ?? "another state")”"
            case .firstContact: return "Made first contact"
            case .assigned: return "Assigned the case"
            case .reallocated: return "Moved the case to another case manager"
            case .breakGlass: return "Opened the case by stating a reason"
            case .note: return "Added a note"
            case .sharedNote: return "Added a note shared with the clinician"
            case .message: return "Sent a message"
            case .planAdded: return "Added \(intervention) to the plan"
            case .planChanged: return "Changed \(intervention) in the plan"
            case .feedback: return "The clinician gave feedback on the support"
            }
        }
    }

    package struct Page: Sendable {
        package var entries: [Entry]
        package var names: [UUID: String]
        package var paging: Paging
    }

    package let context: ServiceContext

    package init(context: ServiceContext) {
        self.context = context
    }

    /// The events of every kind, as one relation: (kind, at, actor, code) per row. Kinds are text in every branch
    /// (`CAST`), so the union has one type on both databases.
    private static func union(_ caseID: UUID) -> SQLQueryString {
        """
        SELECT CAST(kind AS TEXT) AS kind, occurred_at AS at, actor_id, to_state AS code FROM case_events
            WHERE case_id = \(bind: caseID)
        UNION ALL SELECT CASE WHEN shared_with_clinician THEN 'shared_note' ELSE 'note' END, created_at, author_id, NULL
            FROM case_notes WHERE case_id = \(bind: caseID)
        UNION ALL SELECT 'message', created_at, sender_id, NULL FROM case_messages WHERE case_id = \(bind: caseID)
        UNION ALL SELECT 'plan_added', created_at, NULL, intervention FROM plan_items WHERE case_id = \(bind: caseID)
        UNION ALL SELECT 'plan_changed', updated_at, NULL, intervention FROM plan_items
            WHERE case_id = \(bind: caseID) AND updated_at IS NOT NULL
        UNION ALL SELECT 'feedback', answered_at, NULL, NULL FROM case_feedback WHERE case_id = \(bind: caseID)
        """
    }

    package func page(of caseID: UUID, page requested: Int, pageSize: Int = 25) async throws -> Page {
        guard let sql = context.database as? any SQLDatabase else { throw TimelineError.notSQL }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM (\(Self.union(caseID))) AS timeline").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let paging = Paging(total: total, pageSize: pageSize, requested: requested)
        let rows = try await sql.raw(
            """
            SELECT kind, at, actor_id, code FROM (\(Self.union(caseID))) AS timeline
            ORDER BY at DESC, kind LIMIT \(literal: pageSize) OFFSET \(literal: paging.offset)
            """
        ).all()
        let entries = try rows.compactMap { row -> Entry? in
            guard let kind = Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return Entry(
                kind: kind, at: try row.decode(column: "at", as: Date.self),
                actorID: try row.decode(column: "actor_id", as: UUID?.self),
                code: try row.decode(column: "code", as: String?.self))
        }
        let names = try await Accounts.displayNames(of: Set(entries.compactMap(\.actorID)), on: context.database)
        return Page(entries: entries, names: names, paging: paging)
    }

    package enum TimelineError: Error {
        case notSQL
    }
}
