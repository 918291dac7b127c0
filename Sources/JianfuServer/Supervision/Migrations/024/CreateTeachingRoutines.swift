import Fluent
import SQLKit

/// Teaching routines: who holds a post with a quota, the lessons they observe, and subject groups' research sessions.
struct CreateTeachingRoutines: AsyncMigration {
    var name: String { "024_CreateTeachingRoutines" }

    func prepare(on database: any Database) async throws {
        try await database.schema("staff_posts")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .references("schools", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("post", .string, .required)
            .field("assigned_by", .uuid, .required, .references("users", "id"))
            .field("assigned_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema("lesson_observations")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("observer_id", .uuid, .required, .references("users", "id"))
            .field("observer_post", .string, .required)
            .field("observed_on", .string, .required)
            .field("class_id", .uuid, .required, .references("school_classes", "id"))
            .field("subject_id", .uuid, .required, .references("subjects", "id"))
            .field("teacher_id", .uuid, .required, .references("users", "id"))
            .field("critiqued", .bool, .required)
            .field("notes", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_lesson_observations_term ON lesson_observations (district_id, term_id, observer_id)").run()
        try await database.schema("research_sessions")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .required, .references("schools", "id"))
            .field("term_id", .uuid, .required, .references("terms", "id"))
            .field("subject_id", .uuid, .references("subjects", "id"))
            .field("held_on", .string, .required)
            .field("minutes", .int, .required)
            .field("school_wide", .bool, .required)
            .field("guided_by", .uuid, .references("users", "id"))
            .field("topic", .string, .required)
            .field("logged_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_research_sessions_term ON research_sessions (district_id, term_id, school_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["research_sessions", "lesson_observations", "staff_posts"] {
            try await database.schema(table).delete()
        }
    }
}
