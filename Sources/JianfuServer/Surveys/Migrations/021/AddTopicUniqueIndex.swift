import Fluent
import SQLKit

/// One questionnaire per topic, term and kind of respondent (a school's families, a program's families): two
/// administrators starting a term's satisfaction survey at the same moment cannot put it twice. Surveys without a
/// topic (NULL) are not held to it.
struct AddTopicUniqueIndex: AsyncMigration {
    var name: String { "021_AddTopicUniqueIndex" }

    func prepare(on database: any Database) async throws {
        try await database.sql.raw("CREATE UNIQUE INDEX idx_surveys_topic_term ON surveys (term_id, topic, topic_id, respondents)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX idx_surveys_topic_term").run()
    }
}
