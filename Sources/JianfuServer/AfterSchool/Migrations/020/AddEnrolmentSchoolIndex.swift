import Fluent
import SQLKit

/// Every school page and every family's sign-up page counts a school's places per program: without this index that
/// count read every enrolment of the district (60 ms a page at 100 schools).
struct AddEnrolmentSchoolIndex: AsyncMigration {
    var name: String { "020_AddEnrolmentSchoolIndex" }

    func prepare(on database: any Database) async throws {
        try await database.sql.raw("CREATE INDEX idx_after_school_enrolments_school_term ON after_school_enrolments (school_id, term_id, status, program_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX idx_after_school_enrolments_school_term").run()
    }
}
