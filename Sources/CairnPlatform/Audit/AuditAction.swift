/// What an audit entry says happened (issue #12, item 5): each feature names its own actions in an enum, so a
/// call site cannot misspell one and the trail's vocabulary can be listed. A refusal by the policy is recorded
/// under the refused `Action`'s own name.
package protocol AuditAction: Sendable {
    var name: String { get }
}

extension AuditAction where Self: RawRepresentable, Self.RawValue == String {
    package var name: String { rawValue }
}

extension Action: AuditAction {
    package var name: String { rawValue }
}

/// The kind of record an audit entry is about. The raw values are stored in `audit_entries.resource_type`; each
/// feature declares its own kinds (`extension AuditResource { static let … }`) in its folder.
package struct AuditResource: RawRepresentable, Hashable, Sendable {
    package let rawValue: String

    package init(rawValue: String) {
        self.rawValue = rawValue
    }
}

extension AuditResource {
    /// A signed-in session.
    package static let session = AuditResource(rawValue: "session")
}
