import FluentKit
import Foundation

/// Sealing by field, not by string: the binding (table, record, field) comes from the model's schema, its id and
/// the field's own key, so a call site names the property (`\.$detail`), never a column as text.
///
/// The record needs its id before sealing (set `id` before `create`): the id is part of what the ciphertext is
/// bound to, so a sealed value copied to another row, table or field does not open.
extension Model where IDValue == UUID {
    package func binding(for key: FieldKey) throws -> EnvelopeCipher.Binding {
        EnvelopeCipher.Binding(table: Self.schema, recordID: try requireID(), field: key.description)
    }

    /// `text` sealed for this record's optional field, for a conditional SQL update that writes the column itself.
    package func sealed(
        _ text: String, for field: KeyPath<Self, OptionalFieldProperty<Self, String>>, with cipher: EnvelopeCipher
    )
        throws -> String
    {
        try cipher.seal(text, for: binding(for: self[keyPath: field].key))
    }

    /// Seals `text` into an optional text field (nil clears it).
    package func seal(
        _ text: String?, into field: KeyPath<Self, OptionalFieldProperty<Self, String>>, with cipher: EnvelopeCipher
    )
        throws
    {
        let property = self[keyPath: field]
        property.value = try text.map { try cipher.seal($0, for: binding(for: property.key)) }
    }

    /// Seals `text` into a required text field.
    package func seal(
        _ text: String, into field: KeyPath<Self, FieldProperty<Self, String>>, with cipher: EnvelopeCipher
    )
        throws
    {
        let property = self[keyPath: field]
        property.value = try cipher.seal(text, for: binding(for: property.key))
    }

    /// The opened text of an optional sealed field.
    package func opened(_ field: KeyPath<Self, OptionalFieldProperty<Self, String>>, with cipher: EnvelopeCipher) throws
        -> String?
    {
        let property = self[keyPath: field]
        guard let sealed = property.value ?? nil else { return nil }
        return try cipher.open(sealed, for: binding(for: property.key))
    }

    /// The opened text of a required sealed field.
    package func opened(_ field: KeyPath<Self, FieldProperty<Self, String>>, with cipher: EnvelopeCipher) throws
        -> String
    {
        let property = self[keyPath: field]
        return try cipher.open(property.value ?? "", for: binding(for: property.key))
    }
}
