import Fluent
import SQLKit

/// Phones (PH-01..04): a guardian's written application for a pupil to bring a phone, the head teacher's decision, and
/// each school's custody arrangements and the ways pupils reach their families.
struct CreatePhoneManagement: AsyncMigration {
    var name: String { "033_CreatePhoneManagement" }

    func prepare(on database: any Database) async throws {
        try await database.schema("phone_applications")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("applicant_id", .uuid, .required, .references("users", "id"))
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("decided_by", .uuid, .references("users", "id"))
            .field("decided_at", .datetime)
            .field("decision_note", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        // One open application a pupil: the second is refused by the service, and by the database under a race.
        try await database.sql.raw("CREATE UNIQUE INDEX idx_phone_applications_open ON phone_applications (student_id) WHERE status = 'pending'").run()
        try await database.sql.raw("CREATE INDEX idx_phone_applications_school ON phone_applications (school_id, status)").run()
        try await database.schema("phone_custody")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("place", .string, .required)
            .field("method", .string, .required)
            .field("keeper", .string, .required)
            .field("channels", .string, .required)
            .field("updated_by", .uuid, .references("users", "id"))
            .field("updated_at", .datetime, .required)
            .unique(on: "school_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("phone_custody").delete()
        try await database.schema("phone_applications").delete()
    }
}
