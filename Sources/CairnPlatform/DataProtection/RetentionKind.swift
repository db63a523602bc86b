import Fluent
import Foundation

/// A kind of record a retention rule erases once it is old enough (issue #20 item 2): closed support cases some
/// years after they ended, mentoring pairs some years after their programme. A feature offers its kinds; the
/// organisation sets each one's period and whether it applies by itself (`RetentionService`). Erasing a record is
/// `PersonalDataErasure.eraseRecords`: the record and every row reached from it through the declarations.
package struct RetentionKind: Sendable {
    /// Stable: rules are stored under it.
    package var id: String
    package var title: String
    /// The table of the records it erases.
    package var table: String
    /// When the period starts, after "N years": "after the case ended".
    package var after: String
    package var defaultYears: Int
    /// The ids of the records whose period started before `cutoff`, in id order (erased ones among them; the
    /// service leaves out those it has erased already).
    package var due: @Sendable (_ cutoff: Date, _ database: any Database) async throws -> [UUID]

    package init(
        id: String, title: String, table: String, after: String, defaultYears: Int,
        due: @escaping @Sendable (_ cutoff: Date, _ database: any Database) async throws -> [UUID]
    ) {
        self.id = id
        self.title = title
        self.table = table
        self.after = after
        self.defaultYears = defaultYears
        self.due = due
    }
}
