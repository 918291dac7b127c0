import Fluent
import SQLKit

/// The after-school service: each school's plan per term (一校一案), its programs, and the district's approved
/// third-party providers (AS-11).
struct CreateAfterSchool: AsyncMigration {
    var name: String { "014_CreateAfterSchool" }

    func prepare(on database: any Database) async throws {
        try await database.schema("after_school_plans")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("grades", .string, .required)
            .field("fee_free", .bool, .required)
            .field("fee_yuan_per_month", .int)
            .field("fee_waiver", .string, .required)
            .field("status", .string, .required)
            .field("resubmission_reason", .string)
            .field("updated_by", .uuid, .required, .references("users", "id"))
            // Bumped by every change to the plan or its programs (WriteLock): the row writers of one school queue on.
            .field("version", .int, .required, .sql(.default(0)))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "school_id", "term_id")
            .create()
        try await database.sql.raw("CREATE INDEX idx_after_school_plans_district_term ON after_school_plans (district_id, term_id)").run()
        try await database.schema("after_school_providers")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("name", .string, .required)
            .field("services", .string, .required)
            .field("fee_standard", .string, .required)
            .field("approved_on", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "district_id", "name")
            .create()
        try await database.schema("after_school_programs")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("name", .string, .required)
            .field("category", .string, .required)
            .field("description", .string, .required)
            .field("staff_kind", .string, .required)
            .field("staff_user_id", .uuid, .references("users", "id"))
            .field("staff_name", .string, .required)
            .field("provider_id", .uuid, .references("after_school_providers", "id"))
            .field("capacity", .int, .required)
            .field("grades", .string, .required)
            .field("weekdays", .string, .required)
            .field("start_time", .string, .required)
            .field("end_time", .string, .required)
            .field("room", .string, .required)
            .field("fee_yuan", .int)
            .field("status", .string, .required)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_after_school_programs_school_term ON after_school_programs (school_id, term_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["after_school_programs", "after_school_providers", "after_school_plans"] {
            try await database.schema(table).delete()
        }
    }
}
