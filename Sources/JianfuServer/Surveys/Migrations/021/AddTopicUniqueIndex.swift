import Fluent
import SQLKit

/// One questionnaire per topic, term and kind of respondent (a school's families, a program's families): two
/// administrators starting a term's satisfaction survey at the same moment cannot put it twice. Surveys without a
/// topic (NULL) are not held to it.
///
/// Before this index the race could already have put a term's questionnaire twice. The earliest of each such set stays
/// the term's; the later ones keep their questions and answers as surveys of their own, without the topic, so that the
/// index can be made and nothing anyone answered is lost.
struct AddTopicUniqueIndex: AsyncMigration {
    var name: String { "021_AddTopicUniqueIndex" }

    func prepare(on database: any Database) async throws {
        try await database.sql.raw("""
            UPDATE surveys SET topic = NULL
            WHERE topic IS NOT NULL AND EXISTS (
                SELECT 1 FROM surveys earlier
                WHERE earlier.term_id = surveys.term_id AND earlier.topic = surveys.topic AND earlier.topic_id = surveys.topic_id
                  AND earlier.respondents = surveys.respondents
                  AND (earlier.created_at < surveys.created_at OR (earlier.created_at = surveys.created_at AND earlier.id < surveys.id)))
            """).run()
        try await database.sql.raw("CREATE UNIQUE INDEX idx_surveys_topic_term ON surveys (term_id, topic, topic_id, respondents)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX idx_surveys_topic_term").run()
    }
}
