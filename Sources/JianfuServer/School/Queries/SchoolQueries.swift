import Fluent
import Foundation
import SQLKit

/// The organisation's hot reads: plain rows straight from SQL, one query per list.
enum SchoolQueries {
    struct SchoolSummary: Decodable, Sendable {
        let id: UUID
        let name: String
        let code: String
        let stage: String
        let classes: Int
        let students: Int
        let teachers: Int
    }

    /// A calendar change alters every class's days: what is kept of them (`PublishedDayCache`) must be made again.
    static func bumpClassVersions(districtId: UUID, on db: any Database) async throws {
        struct Row: Decodable { let id: UUID }
        let ids = try await db.sql.raw("SELECT id FROM school_classes WHERE district_id = \(bind: districtId)").all(decoding: Row.self).map(\.id)
        guard !ids.isEmpty else { return }
        try await WriteLock.bumpVersions(SchoolClass.schema, ids, on: db)
    }

    /// Every school of the district, or only the named ones: the counts are made only for the schools asked for, since
    /// at a thousand schools counting them all is most of a page's time.
    static func schoolSummaries(districtId: UUID, onlySchoolIds: Set<UUID>?, on db: any Database) async throws -> [SchoolSummary] {
        if let only = onlySchoolIds, only.isEmpty { return [] }
        var query: SQLQueryString = """
            SELECT s.id, s.name, s.code, s.stage,
              (SELECT COUNT(*) FROM school_classes c WHERE c.school_id = s.id) AS classes,
              (SELECT COUNT(*) FROM students st WHERE st.school_id = s.id AND st.erased_at IS NULL) AS students,
              (SELECT COUNT(DISTINCT ta.teacher_id) FROM teaching_assignments ta WHERE ta.school_id = s.id) AS teachers
            FROM schools s WHERE s.district_id = \(bind: districtId)
            """
        query.appendAnd("s.id", in: onlySchoolIds)
        query.appendInterpolation(unsafeRaw: " ORDER BY s.code")
        return try await db.sql.raw(query).all(decoding: SchoolSummary.self)
    }

    struct ClassSummary: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let grade_id: UUID
        let grade_number: Int
        let number: Int
        let head_teacher_id: UUID?
        let head_teacher_name: String?
        let students: Int
    }

    static func classSummaries(schoolId: UUID, on db: any Database) async throws -> [ClassSummary] {
        try await db.sql.raw("""
            SELECT c.id, c.school_id, c.grade_id, c.grade_number, c.number, c.head_teacher_id, u.display_name AS head_teacher_name,
              (SELECT COUNT(*) FROM students st WHERE st.class_id = c.id AND st.erased_at IS NULL) AS students
            FROM school_classes c LEFT JOIN users u ON u.id = c.head_teacher_id
            WHERE c.school_id = \(bind: schoolId)
            ORDER BY c.grade_number, c.number
            """).all(decoding: ClassSummary.self)
    }

    struct ClassRow: Decodable, Sendable {
        let id: UUID
        let district_id: UUID
        let school_id: UUID
        let grade_id: UUID
        let grade_number: Int
        let number: Int
        let head_teacher_id: UUID?
        let head_teacher_name: String?
        let school_name: String
    }

    static func classRow(id: UUID, on db: any Database) async throws -> ClassRow? {
        try await db.sql.raw("""
            SELECT c.id, c.district_id, c.school_id, c.grade_id, c.grade_number, c.number, c.head_teacher_id,
              u.display_name AS head_teacher_name, s.name AS school_name
            FROM school_classes c JOIN schools s ON s.id = c.school_id LEFT JOIN users u ON u.id = c.head_teacher_id
            WHERE c.id = \(bind: id)
            """).first(decoding: ClassRow.self)
    }

    struct TeacherOfClass: Decodable, Sendable {
        let subject_id: UUID
        let subject_name: String
        let subject_name_en: String
        let teacher_id: UUID
        let teacher_name: String
    }

    static func teachers(ofClass classId: UUID, on db: any Database) async throws -> [TeacherOfClass] {
        try await db.sql.raw("""
            SELECT ta.subject_id, sb.name AS subject_name, sb.name_en AS subject_name_en, ta.teacher_id, u.display_name AS teacher_name
            FROM teaching_assignments ta JOIN subjects sb ON sb.id = ta.subject_id JOIN users u ON u.id = ta.teacher_id
            WHERE ta.class_id = \(bind: classId)
            ORDER BY sb.name
            """).all(decoding: TeacherOfClass.self)
    }

    struct RosterRow: Decodable, Sendable {
        let id: UUID
        let student_number: String
        let name: String
        let gender: String?
    }

    /// The class's pupils, erased ones left out; `onlyStudentIds` limits it for a parent.
    static func roster(classId: UUID, onlyStudentIds: Set<UUID>?, on db: any Database) async throws -> [RosterRow] {
        let rows = try await db.sql.raw("""
            SELECT st.id, st.student_number, st.name, st.gender
            FROM students st WHERE st.class_id = \(bind: classId) AND st.erased_at IS NULL
            ORDER BY st.student_number
            """).all(decoding: RosterRow.self)
        guard let only = onlyStudentIds else { return rows }
        return rows.filter { only.contains($0.id) }
    }

    struct GuardianRow: Decodable, Sendable {
        let student_id: UUID
        let guardian_id: UUID
        let display_name: String
        let phone: String?
    }

    /// The guardians of a class's pupils, each pupil's in a stable order.
    static func guardians(classId: UUID, on db: any Database) async throws -> [UUID: [GuardianRow]] {
        let rows = try await db.sql.raw("""
            SELECT g.student_id, g.guardian_id, u.display_name, u.phone
            FROM guardianships g JOIN students st ON st.id = g.student_id JOIN users u ON u.id = g.guardian_id
            WHERE st.class_id = \(bind: classId) AND st.erased_at IS NULL
            ORDER BY u.display_name, u.id
            """).all(decoding: GuardianRow.self)
        return Dictionary(grouping: rows, by: \.student_id)
    }

    struct TeachingRow: Decodable, Sendable {
        let class_id: UUID
        let school_id: UUID
        let school_name: String
        let grade_number: Int
        let class_number: Int
        let subject_id: UUID
        let subject_name: String
        let subject_name_en: String
    }

    static func teaching(teacherId: UUID, on db: any Database) async throws -> [TeachingRow] {
        try await db.sql.raw("""
            SELECT ta.class_id, ta.school_id, s.name AS school_name, c.grade_number, c.number AS class_number,
              ta.subject_id, sb.name AS subject_name, sb.name_en AS subject_name_en
            FROM teaching_assignments ta
            JOIN school_classes c ON c.id = ta.class_id JOIN schools s ON s.id = ta.school_id JOIN subjects sb ON sb.id = ta.subject_id
            WHERE ta.teacher_id = \(bind: teacherId)
            ORDER BY c.grade_number, c.number, sb.name
            """).all(decoding: TeachingRow.self)
    }

    struct ChildRow: Decodable, Sendable {
        let student_id: UUID
        let name: String
        let class_id: UUID
        let school_id: UUID
        let school_name: String
        let grade_number: Int
        let class_number: Int
    }

    static func children(guardianId: UUID, on db: any Database) async throws -> [ChildRow] {
        try await db.sql.raw("""
            SELECT st.id AS student_id, st.name, st.class_id, st.school_id, s.name AS school_name,
              c.grade_number, c.number AS class_number
            FROM guardianships g JOIN students st ON st.id = g.student_id
            JOIN school_classes c ON c.id = st.class_id JOIN schools s ON s.id = st.school_id
            WHERE g.guardian_id = \(bind: guardianId)
            ORDER BY st.name
            """).all(decoding: ChildRow.self)
    }

    /// A class the actor may open, or nil (shown as 404, never as "forbidden", so ids cannot be probed).
    static func visibleClass(id: UUID, actor: Actor, on db: any Database) async throws -> (row: ClassRow, fullRoster: Bool)? {
        guard let row = try await classRow(id: id, on: db) else { return nil }
        let scope = ClassScope(classId: row.id, districtId: row.district_id, schoolId: row.school_id, gradeId: row.grade_id)
        if actor.canSeeRoster(of: scope) { return (row, true) }
        if actor.isGuardian(in: row.id) { return (row, false) }
        return nil
    }
}
