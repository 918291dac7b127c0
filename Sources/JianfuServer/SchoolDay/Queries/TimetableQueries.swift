import Fluent
import Foundation
import SQLKit

/// The timetables' reads: the version in use of each class (the latest published), a school's, and the district's.
enum TimetableQueries {
    /// The version in use of every class of a school.
    static func current(schoolId: UUID, on db: any Database) async throws -> [TimetableVersion] {
        try await TimetableVersion.query(on: db).filter(\.$schoolId == schoolId)
            .filter(.sql(unsafeRaw: "number = (SELECT MAX(w.number) FROM timetable_versions w WHERE w.class_id = timetable_versions.class_id)"))
            .all()
    }

    static func current(classId: UUID, on db: any Database) async throws -> TimetableVersion? {
        try await TimetableVersion.query(on: db).filter(\.$classId == classId).sort(\.$number, .descending).first()
    }

    static func history(classId: UUID, on db: any Database) async throws -> [TimetableVersion] {
        try await TimetableVersion.query(on: db).filter(\.$classId == classId).sort(\.$number, .descending).all()
    }

    struct SchoolLine: Decodable, Sendable {
        let id: UUID
        let name: String
        let code: String
        let classes: Int
        let timetabled: Int
        let short: Int
        let changes: Int
    }

    /// Each school's classes, how many have a timetable, how many of those fall short, and how many changes it published.
    static func schools(districtId: UUID, on db: any Database) async throws -> [SchoolLine] {
        try await db.sql.raw("""
            SELECT s.id, s.name, s.code,
              (SELECT COUNT(*) FROM school_classes c WHERE c.school_id = s.id) AS classes,
              (SELECT COUNT(DISTINCT v.class_id) FROM timetable_versions v WHERE v.school_id = s.id) AS timetabled,
              (SELECT COUNT(*) FROM timetable_versions v WHERE v.school_id = s.id AND v.meets = \(bind: false)
                 AND v.number = (SELECT MAX(w.number) FROM timetable_versions w WHERE w.class_id = v.class_id)) AS short,
              (SELECT COUNT(*) FROM timetable_versions v WHERE v.school_id = s.id AND v.number > 1) AS changes
            FROM schools s WHERE s.district_id = \(bind: districtId) ORDER BY s.code
            """).all(decoding: SchoolLine.self)
    }

    /// The district's latest changes (a version after a class's first), newest first.
    static func recentChanges(districtId: UUID, schoolId: UUID?, limit: Int, on db: any Database) async throws -> [TimetableVersion] {
        var query = TimetableVersion.query(on: db).filter(\.$districtId == districtId).filter(\.$number > 1)
        if let schoolId { query = query.filter(\.$schoolId == schoolId) }
        return try await query.sort(\.$publishedAt, .descending).limit(limit).all()
    }
}
