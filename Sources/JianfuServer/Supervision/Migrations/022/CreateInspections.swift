import Fluent
import SQLKit

/// Inspections (督导检查) and what they found, each finding's rectification task (整改) with every step of it, and the
/// bureau's warning notices (警示通报). Nothing here is ever deleted: a step is added, a status moves on.
struct CreateInspections: AsyncMigration {
    var name: String { "022_CreateInspections" }

    func prepare(on database: any Database) async throws {
        try await database.schema("inspections")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("visited_on", .string, .required)
            .field("scope", .string, .required)
            .field("methods", .string, .required)
            .field("summary", .string, .required)
            .field("inspector_id", .uuid, .required, .references("users", "id"))
            .field("rechecks_finding_id", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_inspections_school ON inspections (school_id, visited_on)").run()
        try await database.schema("findings")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("inspection_id", .uuid, .required, .references("inspections", "id"))
            .field("category", .string, .required)
            .field("severity", .string, .required)
            .field("description", .string, .required)
            .field("evidence", .string, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_findings_inspection ON findings (inspection_id)").run()
        try await database.schema("rectifications")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("finding_id", .uuid, .required, .references("findings", "id"))
            .field("owner_id", .uuid, .references("users", "id"))
            .field("deadline", .string, .required)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .unique(on: "finding_id")
            .create()
        try await database.sql.raw("CREATE INDEX idx_rectifications_district ON rectifications (district_id, status, deadline)").run()
        try await database.sql.raw("CREATE INDEX idx_rectifications_school ON rectifications (school_id, status)").run()
        try await database.schema("rectification_steps")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("rectification_id", .uuid, .required, .references("rectifications", "id"))
            .field("action", .string, .required)
            .field("text", .string, .required)
            .field("deadline", .string)
            .field("by_user", .uuid, .required, .references("users", "id"))
            .field("at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_rectification_steps ON rectification_steps (rectification_id, at)").run()
        try await database.schema("warning_notices")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("issued_on", .string, .required)
            .field("issued_by", .uuid, .required, .references("users", "id"))
            .field("acknowledged_by", .uuid, .references("users", "id"))
            .field("acknowledged_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_warning_notices_school ON warning_notices (school_id, issued_on)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["warning_notices", "rectification_steps", "rectifications", "findings", "inspections"] {
            try await database.schema(table).delete()
        }
    }
}
