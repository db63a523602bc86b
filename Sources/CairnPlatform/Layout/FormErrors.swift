import CairnCore
import Plot

/// What went wrong with a form, field by field, in the order the fields appear.
package struct FormErrors: Error, Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var field: String
        package var message: String
        /// The value is fine, but the record's state does not allow it now (a 409 through the API, not a 422).
        package var isConflictWithState = false
    }

    package private(set) var entries: [Entry] = []

    package var isEmpty: Bool { entries.isEmpty }

    package mutating func add(_ field: String, _ message: String) {
        guard self[field] == nil else { return }
        entries.append(Entry(field: field, message: message))
    }

    /// A refusal because of the record's state rather than the value sent: shown like any other on a page, a 409
    /// through the API (`refusal`).
    package mutating func addConflict(_ field: String, _ message: String) {
        guard self[field] == nil else { return }
        entries.append(Entry(field: field, message: message, isConflictWithState: true))
    }

    /// The first refusal because of the record's state, if any.
    package var conflict: Entry? { entries.first(where: \.isConflictWithState) }

    package subscript(field: String) -> String? {
        entries.first { $0.field == field }?.message
    }

    package init() {}

    /// A typed draft's problems, under their fields' form names.
    package init<Field>(_ problems: [DraftProblem<Field>], formName: (Field) -> String) {
        for problem in problems {
            if problem.isConflictWithState {
                addConflict(formName(problem.field), problem.message)
            } else {
                add(formName(problem.field), problem.message)
            }
        }
    }
}
