import CairnPlatform

/// What the library records in the audit trail. Never rename a case, add a new one. Reading is not audited (it is
/// published guidance, and no per-person reading history is kept).
package enum LibraryAudit: String, AuditAction {
    case itemCreated = "library_item_created"
    case itemChanged = "library_item_changed"
    case itemPublished = "library_item_published"
    case itemWithdrawn = "library_item_withdrawn"
}

extension AuditResource {
    package static let libraryItem = AuditResource(rawValue: "library_item")
}
