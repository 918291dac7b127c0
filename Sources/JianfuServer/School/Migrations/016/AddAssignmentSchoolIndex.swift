import Fluent
import SQLKit

/// A school's teachers counted by index: at a thousand schools the school summaries scanned every teaching assignment
/// once per school (a parent's home page at `large` took minutes).
struct AddAssignmentSchoolIndex: AsyncMigration {
    var name: String { "016_AddAssignmentSchoolIndex" }

    func prepare(on database: any Database) async throws {
        try await database.sql.raw("CREATE INDEX idx_assignments_school_teacher ON teaching_assignments (school_id, teacher_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX idx_assignments_school_teacher").run()
    }
}
