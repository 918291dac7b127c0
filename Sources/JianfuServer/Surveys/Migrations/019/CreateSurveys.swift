import Fluent
import SQLKit

/// The survey engine: questionnaires with their audience and dates, responses, and who has answered.
struct CreateSurveys: AsyncMigration {
    var name: String { "019_CreateSurveys" }

    func prepare(on database: any Database) async throws {
        try await database.schema("surveys")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .references("schools", "id"))
            .field("title", .string, .required)
            .field("respondents", .string, .required)
            .field("scope", .string, .required)
            .field("grade_number", .int)
            .field("class_id", .uuid, .references("school_classes", "id"))
            .field("group_members", .string)
            .field("anonymous", .bool, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("questions", .string, .required)
            .field("topic", .string)
            .field("topic_id", .uuid)
            .field("term_id", .uuid, .references("terms", "id"))
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_surveys_district_closes ON surveys (district_id, closes_on)").run()
        try await database.sql.raw("CREATE INDEX idx_surveys_topic ON surveys (topic, topic_id)").run()
        try await database.schema("survey_responses")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("school_id", .uuid, .references("schools", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id"))
            .field("answers", .string, .required)
            .field("submitted_on", .string, .required)
            .field("respondent_id", .uuid, .references("users", "id"))
            .field("student_id", .uuid, .references("students", "id"))
            .field("submitted_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_survey_responses_survey ON survey_responses (survey_id)").run()
        try await database.schema("survey_respondents")
            .id()
            .field("district_id", .uuid, .required, .references("districts", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id"))
            .field("respondent_key", .string, .required)
            .unique(on: "survey_id", "respondent_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_respondents").delete()
        try await database.schema("survey_responses").delete()
        try await database.schema("surveys").delete()
    }
}
