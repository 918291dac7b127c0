import Fluent
import Vapor

struct CreateAccessAndAudit: AsyncMigration {
    var name: String { "003_CreateAccessAndAudit" }

    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("sign_in_failures")
            .id()
            .field("subject", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_sign_in_failures ON sign_in_failures (subject, failed_at)").run()
        try await database.schema("audit_events")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .uuid)
            .field("detail", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_audit_entity ON audit_events (entity_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["audit_events", "sign_in_failures", "api_tokens"] {
            try await database.schema(table).delete()
        }
    }
}
