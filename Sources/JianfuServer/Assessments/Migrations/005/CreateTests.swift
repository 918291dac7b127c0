import Fluent

struct CreateTests: AsyncMigration {
    var name: String { "005_CreateTests" }

    func prepare(on database: any Database) async throws {
        try await database.schema("school_tests")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("subject_id", .uuid, .required, .references("subjects", "id"))
            .field("filed_by", .uuid, .required, .references("users", "id"))
            .field("filing_id", .uuid, .required)
            .field("grade_number", .int, .required)
            .field("kind", .string, .required)
            .field("paper", .bool, .required)
            .field("held_on", .string, .required)
            .field("duration_minutes", .int, .required)
            .field("full_marks", .int, .required)
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("warnings", .string, .required)
            .field("specification", .string)
            .field("withdrawn_reason", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_tests_class_subject_day ON school_tests (class_id, subject_id, held_on)").run()
        try await database.sql.raw("CREATE INDEX idx_tests_school_day ON school_tests (school_id, held_on)").run()
        try await database.schema("test_results")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("test_id", .uuid, .required, .references("school_tests", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("score", .double)
            .field("level", .string, .required)
            .field("entered_by", .uuid, .required, .references("users", "id"))
            .field("updated_at", .datetime)
            .unique(on: "test_id", "student_id")
            .create()
        try await database.sql.raw("CREATE INDEX idx_test_results_student ON test_results (student_id)").run()
        try await database.schema("test_refusals")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("subject_id", .uuid, .required, .references("subjects", "id"))
            .field("actor_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("paper", .bool, .required)
            .field("held_on", .string, .required)
            .field("rule_key", .string, .required)
            .field("rule_id", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_test_refusals_school_day ON test_refusals (school_id, held_on)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["test_refusals", "test_results", "school_tests"] {
            try await database.schema(table).delete()
        }
    }
}
