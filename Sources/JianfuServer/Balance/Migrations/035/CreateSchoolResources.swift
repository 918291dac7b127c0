import Fluent
import SQLKit

/// Each school's yearly resource figures for 优质均衡, one row a school, year and part (a nine-year school reports its
/// primary and junior parts apart, as the standard counts them). Every figure entered is in the audit trail.
struct CreateSchoolResources: AsyncMigration {
    var name: String { "035_CreateSchoolResources" }

    func prepare(on database: any Database) async throws {
        try await database.schema("school_resources")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("year", .int, .required)
            .field("part", .string, .required)
            .field("figures", .string, .required)
            .field("entered_by", .uuid, .references("users", "id"))
            .field("entered_at", .datetime, .required)
            .unique(on: "school_id", "year", "part")
            .create()
        try await database.sql.raw("CREATE INDEX idx_school_resources_year ON school_resources (district_id, year)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("school_resources").delete()
    }
}
