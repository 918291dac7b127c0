import Fluent
import SQLKit

/// Assessment tables loaded by a district as published, the bureau's decisions where a table disagrees with itself, and
/// each school's ratings a term.
struct CreateAssessments: AsyncMigration {
    var name: String { "023_CreateAssessments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("assessment_tables")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("table_key", .string, .required)
            .field("title", .string, .required)
            .field("definition", .string, .required)
            .field("loaded_by", .uuid, .required, .references("users", "id"))
            .field("loaded_at", .datetime, .required)
            .unique(on: "district_id", "table_key")
            .create()
        try await database.schema("assessment_decisions")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("table_id", .uuid, .required, .references("assessment_tables", "id"))
            .field("discrepancy_key", .string, .required)
            .field("decision", .string, .required)
            .field("note", .string, .required)
            .field("decided_by", .uuid, .required, .references("users", "id"))
            .field("decided_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_assessment_decisions_table ON assessment_decisions (table_id, decided_at)").run()
        try await database.schema("assessment_ratings")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("table_id", .uuid, .required, .references("assessment_tables", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("code", .string, .required)
            .field("level", .int)
            .field("achievements", .string)
            .field("note", .string, .required)
            .field("rated_by", .uuid, .required, .references("users", "id"))
            .field("rated_at", .datetime, .required)
            .unique(on: "table_id", "term_id", "school_id", "code")
            .create()
        try await database.sql.raw("CREATE INDEX idx_assessment_ratings_term ON assessment_ratings (table_id, term_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["assessment_ratings", "assessment_decisions", "assessment_tables"] {
            try await database.schema(table).delete()
        }
    }
}
