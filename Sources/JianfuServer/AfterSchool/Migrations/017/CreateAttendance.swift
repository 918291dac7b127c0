import Fluent
import SQLKit

/// Each session's register: who was there, and for the pupils who left in a batch (分批离校) when and with whom.
struct CreateAttendance: AsyncMigration {
    var name: String { "017_CreateAttendance" }

    func prepare(on database: any Database) async throws {
        try await database.schema("after_school_attendance")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("program_id", .uuid, .required, .references("after_school_programs", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("date", .string, .required)
            .field("present", .bool, .required)
            .field("left_at", .string)
            .field("picked_up_by", .string)
            .field("marked_by", .uuid, .required, .references("users", "id"))
            .field("marked_at", .datetime, .required)
            .unique(on: "program_id", "date", "student_id")
            .create()
        try await database.sql.raw("CREATE INDEX idx_after_school_attendance_class_day ON after_school_attendance (class_id, date)").run()
        try await database.sql.raw("CREATE INDEX idx_after_school_attendance_student ON after_school_attendance (student_id, date)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("after_school_attendance").delete()
    }
}
