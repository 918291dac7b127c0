import Fluent
import SQLKit

/// The monthly stipend export reads a school's (or the district's) registers by date.
struct AddAttendanceMonthIndexes: AsyncMigration {
    var name: String { "018_AddAttendanceMonthIndexes" }

    func prepare(on database: any Database) async throws {
        try await database.sql.raw("CREATE INDEX idx_after_school_attendance_school_day ON after_school_attendance (school_id, date)").run()
        try await database.sql.raw("CREATE INDEX idx_after_school_attendance_district_day ON after_school_attendance (district_id, date)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX idx_after_school_attendance_school_day").run()
        try await database.sql.raw("DROP INDEX idx_after_school_attendance_district_day").run()
    }
}
