import Fluent
import SQLKit

/// A file as evidence that an induction item is done (issue #17 item 2): its bytes sealed on disk, its row here.
/// Frozen once landed.
struct CreateEvidenceFiles: AsyncMigration {
    var name: String { "0023_CreateEvidenceFiles" }

    func prepare(on database: any Database) async throws {
        try await database.schema("induction_evidence_files")
            .id()
            .field("item_id", .uuid, .required, .references("induction_items", "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("kind", .string, .required)
            .field("byte_count", .int, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .uuid, .required, .references("people", "id"))
            .field("uploaded_at", .datetime, .required)
            .unique(on: "item_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("induction_evidence_files").delete()
    }
}
