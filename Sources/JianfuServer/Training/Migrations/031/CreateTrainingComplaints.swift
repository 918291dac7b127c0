import Fluent
import SQLKit

/// Complaints about training institutions, from signed-in parents or from a phone number, with the bureau's triage;
/// and findings made from a course's violations, with their rectification deadline.
struct CreateTrainingComplaints: AsyncMigration {
    var name: String { "031_CreateTrainingComplaints" }

    func prepare(on database: any Database) async throws {
        try await database.schema("training_complaints")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("institution_id", .uuid, .required, .references("training_institutions", "id"))
            .field("reference", .string, .required)
            .field("complainant_id", .uuid, .references("users", "id"))
            .field("phone", .string, .required)
            .field("address_hash", .string, .required)
            .field("text", .string, .required)
            .field("status", .string, .required)
            .field("assigned_to", .uuid, .references("users", "id"))
            .field("due_on", .string)
            .field("response", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "reference")
            .create()
        try await database.sql.raw("CREATE INDEX idx_training_complaints_district ON training_complaints (district_id, status)").run()
        try await database.sql.raw("CREATE INDEX idx_training_complaints_address ON training_complaints (address_hash, created_at)").run()
        try await database.schema("training_findings")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("institution_id", .uuid, .required, .references("training_institutions", "id"))
            .field("course_id", .uuid, .references("training_courses", "id"))
            .field("rules", .string, .required)
            .field("description", .string, .required)
            .field("due_on", .string, .required)
            .field("status", .string, .required)
            .field("outcome", .string, .required)
            .field("created_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_findings").delete()
        try await database.schema("training_complaints").delete()
    }
}
