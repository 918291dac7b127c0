import Fluent
import SQLKit

/// Reports the bureau requires by a deadline, and schools' submissions of them.
struct CreateRequiredReports: AsyncMigration {
    var name: String { "026_CreateRequiredReports" }

    func prepare(on database: any Database) async throws {
        try await database.schema("required_reports")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("description", .string, .required)
            .field("due_on", .string, .required)
            .field("school_ids", .string)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("report_submissions")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("report_id", .uuid, .required, .references("required_reports", "id"))
            .field("note", .string, .required)
            .field("submitted_on", .string, .required)
            .field("submitted_by", .uuid, .required, .references("users", "id"))
            .field("submitted_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_report_submissions_report ON report_submissions (report_id, school_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["report_submissions", "required_reports"] {
            try await database.schema(table).delete()
        }
    }
}
