import CairnCore
import Vapor

/// Why a service did not do what was asked, typed (issue #12 item 4): the record's state does not allow it now
/// (a conflict: 409 through the API), or some values are not acceptable (422, each problem naming its field). A
/// page shows either beside the fields; the API answers by kind, with JSON pointers, never by matching text.
package enum Refusal<Field: Sendable & Equatable>: Error, Equatable {
    case conflict(Field, String)
    case invalid([DraftProblem<Field>])

    /// The problems under the form's field names.
    package func formErrors(_ formName: (Field) -> String) -> FormErrors {
        switch self {
        case .conflict(let field, let message):
            var errors = FormErrors()
            errors.addConflict(formName(field), message)
            return errors
        case .invalid(let problems):
            return FormErrors(problems, formName: formName)
        }
    }

    /// What the API answers: 409 with the message, or 422 naming each field by its JSON pointer (decided where
    /// every refusal is, `FormErrors.refusal`).
    package func apiError(_ jsonPointer: (Field) -> String) -> any Error {
        formErrors(jsonPointer).refusal ?? ValidationFailure(FormErrors())
    }
}
