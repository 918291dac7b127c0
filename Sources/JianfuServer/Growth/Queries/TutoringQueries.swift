import Fluent
import Foundation
import SQLKit

/// Reads of the tutor system, as SQL into plain structs: counts grouped by class for the coverage pages (one query per
/// kind of count, whatever the number of schools), and the rows of one tutor, class or pupil.
enum TutoringQueries {
    struct ClassCount: Decodable, Sendable {
        let school_id: UUID
        let class_id: UUID
        let grade_number: Int
        let class_number: Int
        let pupils: Int
        let tutored: Int
    }

    /// Each class's pupils and how many have a tutor.
    static func classCounts(districtId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [ClassCount] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("""
            SELECT c.school_id, c.id AS class_id, c.grade_number, c.number AS class_number, COUNT(st.id) AS pupils, COUNT(a.id) AS tutored
            FROM school_classes c JOIN students st ON st.class_id = c.id AND st.erased_at IS NULL
            LEFT JOIN tutor_assignments a ON a.student_id = st.id
            WHERE c.district_id = \(bind: districtId)
            """)
        query.appendAnd("c.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " GROUP BY c.school_id, c.id, c.grade_number, c.number ORDER BY c.grade_number, c.number")
        return try await db.sql.raw(query).all(decoding: ClassCount.self)
    }

    struct TaskCount: Decodable, Sendable {
        let class_id: UUID
        let student_id: UUID
        let kind: String
        let n: Int
    }

    /// Each pupil's tasks done this term by their own tutor, by kind.
    static func tutorTaskCounts(districtId: UUID, termId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [TaskCount] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("""
            SELECT st.class_id, l.student_id, l.kind, COUNT(*) AS n
            FROM tutor_logs l JOIN tutor_assignments a ON a.student_id = l.student_id AND a.tutor_id = l.teacher_id
            JOIN students st ON st.id = l.student_id
            WHERE l.district_id = \(bind: districtId) AND l.term_id = \(bind: termId)
            """)
        query.appendAnd("l.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " GROUP BY st.class_id, l.student_id, l.kind")
        return try await db.sql.raw(query).all(decoding: TaskCount.self)
    }

    struct TutorLoad: Decodable, Sendable {
        let school_id: UUID
        let tutor_id: UUID
        let pupils: Int
    }

    static func tutorLoads(districtId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [TutorLoad] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("""
            SELECT a.school_id, a.tutor_id, COUNT(*) AS pupils FROM tutor_assignments a JOIN students st ON st.id = a.student_id AND st.erased_at IS NULL
            WHERE a.district_id = \(bind: districtId)
            """)
        query.appendAnd("a.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " GROUP BY a.school_id, a.tutor_id")
        return try await db.sql.raw(query).all(decoding: TutorLoad.self)
    }

    struct TeacherRow: Decodable, Sendable {
        let school_id: UUID
        let teacher_id: UUID
        let display_name: String
        let class_id: UUID
    }

    /// The schools' teachers, each with the classes they teach: everyone who may tutor (教师人人是导师).
    static func teachers(districtId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [TeacherRow] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("""
            SELECT DISTINCT ta.school_id, ta.teacher_id, u.display_name, ta.class_id
            FROM teaching_assignments ta JOIN users u ON u.id = ta.teacher_id WHERE ta.district_id = \(bind: districtId)
            """)
        query.appendAnd("ta.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " ORDER BY u.display_name, ta.teacher_id")
        return try await db.sql.raw(query).all(decoding: TeacherRow.self)
    }

    struct VisitRow: Decodable, Sendable {
        let school_id: UUID
        let teacher_id: UUID
        let student_id: UUID
        let class_id: UUID
        let held_on: String
    }

    /// The term's home visits, by whoever made them.
    static func homeVisits(districtId: UUID, termId: UUID, schoolIds: Set<UUID>?, teacherId: UUID? = nil, on db: any Database) async throws -> [VisitRow] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("""
            SELECT l.school_id, l.teacher_id, l.student_id, st.class_id, l.held_on FROM tutor_logs l JOIN students st ON st.id = l.student_id
            WHERE l.district_id = \(bind: districtId) AND l.term_id = \(bind: termId) AND l.kind = 'home_visit'
            """)
        query.appendAnd("l.school_id", in: schoolIds)
        if let teacherId { query.appendInterpolation(unsafeRaw: " AND l.teacher_id = "); query.appendInterpolation(bind: teacherId) }
        return try await db.sql.raw(query).all(decoding: VisitRow.self)
    }

    struct PupilRow: Decodable, Sendable {
        let id: UUID
        let name: String
        let student_number: String
        let class_id: UUID
        let grade_number: Int
        let class_number: Int
        let tutor_id: UUID?
        let tutor_name: String?
    }

    /// Pupils with their tutors: of a class, of a school's grades, or those a tutor holds.
    static func pupils(classId: UUID? = nil, schoolId: UUID? = nil, grades: [Int]? = nil, tutorId: UUID? = nil, on db: any Database) async throws -> [PupilRow] {
        var query = SQLQueryString("""
            SELECT st.id, st.name, st.student_number, st.class_id, c.grade_number, c.number AS class_number, a.tutor_id, u.display_name AS tutor_name
            FROM students st JOIN school_classes c ON c.id = st.class_id
            LEFT JOIN tutor_assignments a ON a.student_id = st.id LEFT JOIN users u ON u.id = a.tutor_id
            WHERE st.erased_at IS NULL
            """)
        if let classId { query.appendInterpolation(unsafeRaw: " AND st.class_id = "); query.appendInterpolation(bind: classId) }
        if let schoolId { query.appendInterpolation(unsafeRaw: " AND st.school_id = "); query.appendInterpolation(bind: schoolId) }
        if let tutorId { query.appendInterpolation(unsafeRaw: " AND a.tutor_id = "); query.appendInterpolation(bind: tutorId) }
        if let grades {
            guard !grades.isEmpty else { return [] }
            query.appendInterpolation(unsafeRaw: " AND c.grade_number IN (")
            query.appendInterpolation(binds: grades)
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY c.grade_number, c.number, st.student_number")
        return try await db.sql.raw(query).all(decoding: PupilRow.self)
    }

    struct LogRow: Decodable, Sendable {
        let id: UUID
        let student_id: UUID
        let teacher_id: UUID
        let teacher_name: String
        let kind: String
        let held_on: String
        let present: String
        let summary: String
        let acknowledged_at: Date?
    }

    /// The term's logs of some pupils (or of one teacher), latest first.
    static func logs(termId: UUID, studentIds: [UUID], teacherId: UUID? = nil, on db: any Database) async throws -> [LogRow] {
        guard !studentIds.isEmpty else { return [] }
        var query = SQLQueryString("""
            SELECT l.id, l.student_id, l.teacher_id, u.display_name AS teacher_name, l.kind, l.held_on, l.present, l.summary, l.acknowledged_at
            FROM tutor_logs l JOIN users u ON u.id = l.teacher_id WHERE l.term_id = \(bind: termId) AND l.student_id IN (
            """)
        query.appendInterpolation(binds: studentIds)
        query.appendInterpolation(unsafeRaw: ")")
        if let teacherId { query.appendInterpolation(unsafeRaw: " AND l.teacher_id = "); query.appendInterpolation(bind: teacherId) }
        query.appendInterpolation(unsafeRaw: " ORDER BY l.held_on DESC, l.created_at DESC")
        return try await db.sql.raw(query).all(decoding: LogRow.self)
    }
}
