import Fluent
import SQLKit

/// A school's recommended reading list (RD-02..05): each title with its grades, who reviewed it and when, and the
/// bureau's striking of a title with its reason. No price and no purchase link: there is no column for either.
struct CreateReadingTitles: AsyncMigration {
    var name: String { "034_CreateReadingTitles" }

    func prepare(on database: any Database) async throws {
        try await database.schema("reading_titles")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("title", .string, .required)
            .field("author", .string, .required)
            .field("publisher", .string, .required)
            .field("from_grade", .int, .required)
            .field("to_grade", .int, .required)
            .field("reviewer", .string, .required)
            .field("reviewed_on", .string, .required)
            .field("standards", .string, .required)
            .field("note", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("struck_reason", .string)
            .field("struck_by", .uuid, .references("users", "id"))
            .field("struck_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_reading_titles_school ON reading_titles (school_id, from_grade)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reading_titles").delete()
    }
}
