import FluentKit

/// Whose personal data a model's rows hold, which of its text fields are sealed, and why the others are plain
/// (issue #12, item 6; issue #11). Subject access export and erasure walk these declarations; a test fails for a
/// model without one, and for a text field that is neither sealed nor given a reason to stay plain.
package struct PersonalData: Sendable {
    /// How a row leads to a person it is about.
    package enum Link: Sendable, Hashable {
        /// A column naming a person (their id).
        case person(FieldKey)
        /// A column naming a parent row, in `table`, that is about people.
        case through(FieldKey, table: String)
        /// A column naming someone who takes part in the row without it being theirs (a new starter's supervisor in
        /// their induction): the row is in that person's export as one about them, like `.person`; erasing them
        /// leaves it, and it does not make the row someone else's when its subject is erased.
        case participant(FieldKey)
        /// A column naming the person who wrote or did it: the row is theirs only as its author or actor (a case
        /// manager's note, a lead's override); it is about whoever its other links reach. A subject access export
        /// gives that person the row's facts, never the sealed words about someone else; when the row is reached
        /// as someone's subject, this column tells whether someone else wrote it (the organisation's rule applies).
        case by(FieldKey)
        /// The row is about each person a row of `table` names in `person` while its `parent` column names this row
        /// (a meeting is about those with a place at it), counting only those rows whose `when` column holds the
        /// value given (only those who attended).
        case listedIn(table: String, parent: FieldKey, person: FieldKey, when: Condition? = nil)
    }

    /// A column and the value it must hold.
    package struct Condition: Sendable, Hashable {
        package var column: FieldKey
        package var value: String

        package init(_ column: FieldKey, is value: String) {
            self.column = column
            self.value = value
        }
    }

    /// The ways a row leads to the people it is about; empty when it is about nobody (the organisation, the system).
    package var whose: [Link]
    /// Fields stored as `EnvelopeCipher` envelopes, bound to table, row and field.
    package var sealed: Set<FieldKey> = []
    /// Text fields kept plain, each with the reason.
    package var plain: [FieldKey: String] = [:]
    /// When a row may have a file sealed on disk (`SealedFiles`, named by the row's id): the field its binding names.
    /// Key rotation and backup verification walk these.
    package var sealedFile: String?
    /// Credentials (a password's or token's hash, a second-factor secret): never exported, never shown.
    package var secrets: Set<FieldKey> = []
    /// When one side of a pair wrote the row ("mentor", "mentee"): the column naming that side. An export tells
    /// the other side's words from the person's own by it.
    package var writtenBySide: FieldKey?
    /// What erasing a person does to the rows that are theirs as their subject (issue #20 item 2).
    package var erasure: Erasure = .tombstone
    /// The value a field takes when its row is tombstoned, where the default will not do (a unique address, JSON its
    /// reader decodes, a status that stops sign-in). A sealed field's value is sealed.
    package var erasedAs: [FieldKey: Tombstone] = [:]
    /// Plain text fields kept on erasure although their reason is not one of `PlainBecause.counted` (ids, say).
    package var keptOnErasure: Set<FieldKey> = []

    /// What erasure does to a person's rows of a kind.
    package enum Erasure: Sendable, Hashable {
        /// The row stays (its codes, numbers and dates are counted in figures); its sealed words and every plain
        /// text field whose reason is not a counted one are replaced.
        case tombstone
        /// The row goes: nothing in it is counted (sign-in sessions, tokens, drafts).
        case delete
        /// The row stays as it is, for the reason given (the audit trail, records of answering the law).
        case keep(String)
    }

    /// A field's erased value.
    package enum Tombstone: Sendable, Hashable {
        case text(String)
        /// `erased-<row id>@erased.invalid`: unique, and never an address mail can reach.
        case address
        /// NULL (the field must be optional).
        case null
    }

    package init(
        whose: [Link], sealed: Set<FieldKey> = [], plain: [FieldKey: String] = [:], sealedFile: String? = nil,
        secrets: Set<FieldKey> = [], writtenBySide: FieldKey? = nil, erasure: Erasure = .tombstone,
        erasedAs: [FieldKey: Tombstone] = [:], keptOnErasure: Set<FieldKey> = []
    ) {
        self.whose = whose
        self.sealed = sealed
        self.plain = plain
        self.sealedFile = sealedFile
        self.secrets = secrets
        self.writtenBySide = writtenBySide
        self.erasure = erasure
        self.erasedAs = erasedAs
        self.keptOnErasure = keptOnErasure
    }

    /// The plain text fields a tombstone replaces: those whose reason is not a counted one, unless kept.
    package var erasedPlainFields: Set<FieldKey> {
        Set(plain.filter { !PlainBecause.counted.contains($0.value) && !keptOnErasure.contains($0.key) }.keys)
    }

    /// The columns naming who wrote or did it.
    package var authors: [FieldKey] {
        whose.compactMap { if case .by(let key) = $0 { key } else { nil } }
    }

    /// Whether words in this kind may have been written by someone other than the person a row is about: the
    /// kinds the organisation's disclosure rule decides for.
    package var mayHoldOthersWords: Bool {
        !sealed.isEmpty && (!authors.isEmpty || writtenBySide != nil)
    }
}

/// A model that has declared its personal data.
package protocol DeclaresPersonalData: Model {
    static var personalData: PersonalData { get }
}

package enum PersonalDataMap {
    /// Every model Cairn stores, gathered from the features: the walk for export and erasure starts here, and
    /// `PersonalDataTests` fails for a model missing from it.
    package static func models(of features: [any Feature]) -> [any DeclaresPersonalData.Type] {
        features.flatMap(\.models)
    }

    /// The models in the order a walk (export, erasure) takes them: a kind reached `through` another comes after it.
    /// A cycle of `through` links would stall the walk; the rest is then taken as it stands (none exists today).
    package static func walkOrder(_ models: [any DeclaresPersonalData.Type]) -> [any DeclaresPersonalData.Type] {
        var ordered: [any DeclaresPersonalData.Type] = []
        var done: Set<String> = []
        var pending = models
        while !pending.isEmpty {
            let ready = pending.filter { model in
                model.personalData.whose.allSatisfy { link in
                    guard case .through(_, let table) = link else { return true }
                    return done.contains(table) || !pending.contains { $0.schema == table }
                }
            }
            for model in ready.isEmpty ? pending : ready {
                ordered.append(model)
                done.insert(model.schema)
            }
            pending.removeAll { done.contains($0.schema) }
        }
        return ordered
    }

    /// The tables other kinds are reached `through`.
    package static func parents(_ models: [any DeclaresPersonalData.Type]) -> Set<String> {
        Set(
            models.flatMap { model in
                model.personalData.whose.compactMap { if case .through(_, let table) = $0 { table } else { nil } }
            })
    }

    /// The text fields of a model, by key, found from its Fluent properties.
    package static func textFields<M: Model>(of type: M.Type) -> Set<FieldKey> {
        var keys: Set<FieldKey> = []
        for property in M().properties {
            if let field = property as? FieldProperty<M, String> { keys.insert(field.key) }
            if let field = property as? OptionalFieldProperty<M, String> { keys.insert(field.key) }
        }
        return keys
    }

    /// The text fields of a model that may be NULL.
    package static func optionalTextFields<M: Model>(of type: M.Type) -> Set<FieldKey> {
        var keys: Set<FieldKey> = []
        for property in M().properties {
            if let field = property as? OptionalFieldProperty<M, String> { keys.insert(field.key) }
        }
        return keys
    }
}

/// Reasons that recur in declarations.
package enum PlainBecause {
    package static let code = "a code from Cairn's own lists, counted or compared"
    package static let hash = "a hash or keyed pseudonym, never the secret itself"
    package static let profile =
        "a matching or profile value, compared and counted on every run; protected by access rules"
    package static let contact = "needed to sign in or to address mail"
    package static let date = "a calendar date, compared and counted"
    package static let generated = "text Cairn writes itself from codes and numbers"

    /// The reasons whose fields erasure keeps: figures count them, and none is a person's words or contact.
    package static let counted: Set<String> = [code, hash, profile, date, generated]
}
