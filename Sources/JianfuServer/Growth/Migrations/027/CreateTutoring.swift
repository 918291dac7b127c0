import Fluent
import SQLKit

/// 全员导师制: schools' tutor plans, pupils' tutors, and the tasks tutors log.
struct CreateTutoring: AsyncMigration {
    var name: String { "027_CreateTutoring" }

    func prepare(on database: any Database) async throws {
        try await database.schema("tutor_plans")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("grades", .string, .required)
            .field("tasks", .string, .required)
            .field("updated_by", .uuid, .required, .references("users", "id"))
            .field("updated_at", .datetime, .required)
            .unique(on: "school_id")
            .create()
        try await database.schema("tutor_assignments")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("tutor_id", .uuid, .required, .references("users", "id"))
            .field("assigned_by", .uuid, .required, .references("users", "id"))
            .field("assigned_at", .datetime, .required)
            .unique(on: "student_id")
            .create()
        try await database.sql.raw("CREATE INDEX idx_tutor_assignments_school ON tutor_assignments (school_id, tutor_id)").run()
        try await database.schema("tutor_logs")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("teacher_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("present", .string, .required)
            .field("summary", .string, .required)
            .field("acknowledged_at", .datetime)
            .field("acknowledged_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_tutor_logs_term ON tutor_logs (district_id, term_id, school_id)").run()
        try await database.sql.raw("CREATE INDEX idx_tutor_logs_student ON tutor_logs (student_id, term_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["tutor_logs", "tutor_assignments", "tutor_plans"] {
            try await database.schema(table).delete()
        }
    }
}
