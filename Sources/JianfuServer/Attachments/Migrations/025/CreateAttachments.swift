import Fluent
import SQLKit

/// Uploaded files' rows (the files themselves are in the attachments folder).
struct CreateAttachments: AsyncMigration {
    var name: String { "025_CreateAttachments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("attachments")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("owner_entity", .string)
            .field("owner_id", .uuid)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .uuid, .required, .references("users", "id"))
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_attachments_owner ON attachments (owner_entity, owner_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("attachments").delete()
    }
}
