import Fluent
import SQLKit

/// Sign-up: each pupil's applications to programs, the allocation runs that placed them, and the plan's sign-up
/// settings (when sign-up closes; whether the head teacher reviews each application, 家长申请、班级审核).
struct CreateEnrolments: AsyncMigration {
    var name: String { "015_CreateEnrolments" }

    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        try await database.schema("after_school_plans").field("signup_closes_on", .string).update()
        try await database.schema("after_school_plans").field("class_review", .bool, .required, .sql(.default(false))).update()
        try await database.schema("after_school_enrolments")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("program_id", .uuid, .required, .references("after_school_programs", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("guardian_id", .uuid, .required, .references("users", "id"))
            .field("choice", .int)
            .field("priority", .bool, .required, .sql(.default(false)))
            .field("status", .string, .required)
            .field("position", .int)
            .field("applied_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("reviewed_by", .uuid, .references("users", "id"))
            .unique(on: "program_id", "student_id")
            .create()
        try await database.sql.raw("CREATE INDEX idx_after_school_enrolments_student ON after_school_enrolments (student_id, term_id)").run()
        try await database.sql.raw("CREATE INDEX idx_after_school_enrolments_class ON after_school_enrolments (class_id, status)").run()
        try await database.schema("after_school_allocations")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("seed", .string, .required)
            .field("placed", .int, .required)
            .field("waiting", .int, .required)
            .field("ran_by", .uuid, .required, .references("users", "id"))
            .field("ran_at", .datetime, .required)
            .unique(on: "school_id", "term_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("after_school_allocations").delete()
        try await database.schema("after_school_enrolments").delete()
        try await database.schema("after_school_plans").deleteField("class_review").update()
        try await database.schema("after_school_plans").deleteField("signup_closes_on").update()
    }
}
