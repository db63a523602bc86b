import CairnAccounts
import CairnPlatform
import Fluent
import Foundation
import SQLKit

/// How far one case manager has read one case's messages: the time of the newest message they have been shown.
/// The caseload counts the clinician's messages after it as unread (issue #13 item 2).
package final class CaseRead: Model, @unchecked Sendable {
    package static let schema = "case_reads"

    @ID(key: .id) package var id: UUID?
    @Field(key: "case_id") package var caseID: UUID
    @Field(key: "person_id") package var personID: UUID
    @Field(key: "read_up_to") package var readUpTo: Date

    package init() {}
}

extension CaseRead: DeclaresPersonalData {
    /// Only when someone read, never what: deleted with the reader, like a session.
    package static let personalData = PersonalData(
        whose: [.through("case_id", table: SupportCase.schema), .person("person_id")], erasure: .delete)
}

extension CaseRead {
    /// Moves `personID`'s mark on `caseID` forward to the time of message `newest` (never back: an older page of
    /// messages read later leaves the newer mark). The time is copied in SQL from the stored message, never bound
    /// from Swift: a `Date` read and bound again can come back a hair earlier on SQLite (a double through two
    /// epochs), and the message would count as unread for ever. One statement, the same on SQLite and PostgreSQL, so
    /// two tabs at once cannot make two rows or a 500.
    static func mark(caseID: UUID, personID: UUID, upToMessage newest: UUID, newID: UUID, on database: any Database)
        async throws
    {
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            INSERT INTO case_reads (id, case_id, person_id, read_up_to)
            SELECT \(bind: newID), \(bind: caseID), \(bind: personID), created_at FROM case_messages
            WHERE id = \(bind: newest) AND case_id = \(bind: caseID)
            ON CONFLICT (case_id, person_id) DO UPDATE SET read_up_to = excluded.read_up_to
            WHERE case_reads.read_up_to < excluded.read_up_to
            """
        ).run()
    }

    /// The number of the clinician's messages on a case (`cases` in the enclosing query) that `personID` has not
    /// been shown: a correlated count for a page's rows, answered from `case_messages_by_case`.
    static func unreadCount(by personID: UUID) -> SQLQueryString {
        """
        (SELECT COUNT(*) FROM case_messages m LEFT JOIN case_reads r ON r.case_id = m.case_id \
        AND r.person_id = \(bind: personID) WHERE m.case_id = cases.id AND m.sender_id = cases.clinician_id \
        AND (r.read_up_to IS NULL OR m.created_at > r.read_up_to))
        """
    }
}
