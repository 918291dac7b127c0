import Fluent
import SQLKit

/// Every published version of a class's weekly timetable (晒课表): a change is a new version, so what was published and
/// when is kept, and the one in use is always the latest published.
struct CreateTimetables: AsyncMigration {
    var name: String { "032_CreateTimetables" }

    func prepare(on database: any Database) async throws {
        try await database.schema("timetable_versions")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("number", .int, .required)
            .field("periods", .string, .required)
            .field("problems", .string, .required)
            .field("meets", .bool, .required)
            .field("changes", .string, .required)
            .field("note", .string, .required)
            .field("published_by", .uuid, .references("users", "id"))
            .field("published_at", .datetime, .required)
            .unique(on: "class_id", "number")
            .create()
        try await database.sql.raw("CREATE INDEX idx_timetable_versions_school ON timetable_versions (school_id, class_id, number)").run()
        try await database.sql.raw("CREATE INDEX idx_timetable_versions_district ON timetable_versions (district_id, published_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("timetable_versions").delete()
    }
}
