import Fluent

struct CreatePeople: AsyncMigration {
    var name: String { "002_CreatePeople" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid)
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("phone", .string)
            .field("password_hash", .string)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema("role_memberships")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("role", .string, .required)
            .field("school_id", .uuid)
            .field("grade_id", .uuid)
            .field("subject_id", .uuid)
            .field("class_id", .uuid)
            .create()
        try await database.schema("teaching_assignments")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("subject_id", .uuid, .required, .references("subjects", "id"))
            .field("teacher_id", .uuid, .required, .references("users", "id"))
            .unique(on: "class_id", "subject_id")
            .create()
        try await database.schema("students")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("student_number", .string, .required)
            .field("name", .string, .required)
            .field("gender", .string)
            .unique(on: "school_id", "student_number")
            .create()
        try await database.schema("guardianships")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("guardian_id", .uuid, .required, .references("users", "id"))
            .unique(on: "student_id", "guardian_id")
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX idx_memberships_user ON role_memberships (user_id)").run()
        try await sql.raw("CREATE INDEX idx_assignments_teacher ON teaching_assignments (teacher_id)").run()
        try await sql.raw("CREATE INDEX idx_students_class ON students (class_id)").run()
        try await sql.raw("CREATE INDEX idx_guardianships_guardian ON guardianships (guardian_id)").run()
        try await sql.raw("CREATE INDEX idx_classes_school ON school_classes (school_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["guardianships", "students", "teaching_assignments", "role_memberships", "users"] {
            try await database.schema(table).delete()
        }
    }
}
