import Fluent
import SQLKit

/// 家校协同: parent meetings and lectures with their attendance by family, and the three levels of parent committees.
struct CreateParentSchool: AsyncMigration {
    var name: String { "028_CreateParentSchool" }

    func prepare(on database: any Database) async throws {
        try await database.schema("parent_events")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("level", .string, .required)
            .field("grade_number", .int)
            .field("class_id", .uuid, .references("school_classes", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("held_on", .string, .required)
            .field("agenda", .string, .required)
            .field("survey_id", .uuid, .references("surveys", "id"))
            .field("organiser_id", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_parent_events_term ON parent_events (district_id, term_id, school_id)").run()
        try await database.schema("parent_event_attendance")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("event_id", .uuid, .required, .references("parent_events", "id"))
            .field("student_id", .uuid, .required, .references("students", "id"))
            .field("attended", .bool, .required)
            .field("marked_by", .uuid, .required, .references("users", "id"))
            .field("marked_at", .datetime, .required)
            .unique(on: "event_id", "student_id")
            .create()
        try await database.schema("parent_committee_members")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("level", .string, .required)
            .field("grade_number", .int)
            .field("class_id", .uuid, .references("school_classes", "id"))
            .field("guardian_id", .uuid, .required, .references("users", "id"))
            .field("chair", .bool, .required)
            .field("since", .string, .required)
            .field("until", .string)
            .field("added_by", .uuid, .required, .references("users", "id"))
            .field("added_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_parent_committee_school ON parent_committee_members (school_id, level)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["parent_committee_members", "parent_event_attendance", "parent_events"] {
            try await database.schema(table).delete()
        }
    }
}
