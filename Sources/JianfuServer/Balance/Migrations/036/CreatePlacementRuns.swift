import Fluent
import SQLKit

/// 平行编班: each run with its inputs, seed and result, confirmed once and then locked; a later change of class is a
/// transfer with its reason.
struct CreatePlacementRuns: AsyncMigration {
    var name: String { "036_CreatePlacementRuns" }

    func prepare(on database: any Database) async throws {
        try await database.schema("placement_runs")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("grade", .int, .required)
            .field("class_count", .int, .required)
            .field("seed", .string, .required)
            .field("tolerance", .double, .required)
            .field("pupils", .string, .required)
            .field("classes", .string, .required)
            .field("unmet", .string, .required)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("confirmed_by", .uuid, .references("users", "id"))
            .field("confirmed_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_placement_runs_school ON placement_runs (school_id, grade)").run()
        try await database.schema("placement_transfers")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("run_id", .uuid, .required, .references("placement_runs", "id"))
            .field("ref", .string, .required)
            .field("from_class", .int, .required)
            .field("to_class", .int, .required)
            .field("reason", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("placement_transfers").delete()
        try await database.schema("placement_runs").delete()
    }
}
