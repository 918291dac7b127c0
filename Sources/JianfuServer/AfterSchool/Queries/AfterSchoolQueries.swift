import Fluent
import Foundation
import JianfuCore
import SQLKit

/// The after-school reads: plain rows, one query per list.
enum AfterSchoolQueries {
    /// The grades a school has, in order.
    static func grades(schoolId: UUID, on db: any Database) async throws -> [Int] {
        struct Row: Decodable { let number: Int }
        return try await db.sql.raw("SELECT number FROM grades WHERE school_id = \(bind: schoolId) ORDER BY number")
            .all(decoding: Row.self).map(\.number)
    }

    struct SchoolGrades: Decodable, Sendable {
        let school_id: UUID
        let number: Int
    }

    /// Every school's grades in the district, for the bureau's overview.
    static func grades(districtId: UUID, on db: any Database) async throws -> [UUID: [Int]] {
        let rows = try await db.sql.raw("SELECT school_id, number FROM grades WHERE district_id = \(bind: districtId) ORDER BY number")
            .all(decoding: SchoolGrades.self)
        return Dictionary(grouping: rows, by: \.school_id).mapValues { $0.map(\.number) }
    }

    struct ProgramRow: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let name: String
        let category: String
        let description: String
        let staff_kind: String
        let staff_name: String
        let staff_user_id: UUID?
        let capacity: Int
        let grades: String
        let weekdays: String
        let start_time: String
        let end_time: String
        let room: String
        let fee_yuan: Int?
        let status: String
    }

    /// A school's active programs of a term, by weekday order of their first day and time.
    static func programs(schoolId: UUID, termId: UUID, on db: any Database) async throws -> [ProgramRow] {
        try await db.sql.raw("""
            SELECT id, school_id, name, category, description, staff_kind, staff_name, staff_user_id, capacity, grades, weekdays, start_time, end_time,
              room, fee_yuan, status
            FROM after_school_programs
            WHERE school_id = \(bind: schoolId) AND term_id = \(bind: termId) AND status = 'active'
            ORDER BY start_time, name
            """).all(decoding: ProgramRow.self)
    }

    struct CategoryCount: Decodable, Sendable {
        let school_id: UUID
        let category: String
        let programs: Int
    }

    /// Active programs per school and category in a term: the bureau's picture of what is offered.
    static func programCounts(districtId: UUID, termId: UUID, on db: any Database) async throws -> [CategoryCount] {
        try await db.sql.raw("""
            SELECT school_id, category, COUNT(*) AS programs FROM after_school_programs
            WHERE district_id = \(bind: districtId) AND term_id = \(bind: termId) AND status = 'active'
            GROUP BY school_id, category
            """).all(decoding: CategoryCount.self)
    }

    struct StaffRow: Decodable, Sendable {
        let id: UUID
        let display_name: String
    }

    /// The school's own staff who may run a program: its accounts with a role or teaching there (not its parents).
    static func staff(schoolId: UUID, on db: any Database) async throws -> [StaffRow] {
        try await db.sql.raw("""
            SELECT u.id, u.display_name FROM users u
            WHERE u.id IN (SELECT teacher_id FROM teaching_assignments WHERE school_id = \(bind: schoolId))
               OR u.id IN (SELECT user_id FROM role_memberships WHERE school_id = \(bind: schoolId) AND role <> 'parent')
            ORDER BY u.display_name
            """).all(decoding: StaffRow.self)
    }

    struct EnrolmentCount: Decodable, Sendable {
        let program_id: UUID
        let status: String
        let pupils: Int
    }

    /// Places taken and pupils waiting, per program of a school's term.
    static func enrolmentCounts(schoolId: UUID, termId: UUID, on db: any Database) async throws -> [UUID: (enrolled: Int, waiting: Int)] {
        let rows = try await db.sql.raw("""
            SELECT program_id, status, COUNT(*) AS pupils FROM after_school_enrolments
            WHERE school_id = \(bind: schoolId) AND term_id = \(bind: termId) AND status IN ('enrolled', 'waiting')
            GROUP BY program_id, status
            """).all(decoding: EnrolmentCount.self)
        var counts: [UUID: (enrolled: Int, waiting: Int)] = [:]
        for row in rows {
            var count = counts[row.program_id] ?? (0, 0)
            if row.status == "enrolled" { count.enrolled = row.pupils } else { count.waiting = row.pupils }
            counts[row.program_id] = count
        }
        return counts
    }

    struct PendingReview: Decodable, Sendable {
        let id: UUID
        let class_id: UUID
        let pupil_name: String
        let grade_number: Int
        let class_number: Int
        let program_name: String
    }

    /// Applications waiting for a head teacher (家长申请、班级审核), by class.
    static func pendingReviews(schoolId: UUID, termId: UUID, on db: any Database) async throws -> [PendingReview] {
        try await db.sql.raw("""
            SELECT e.id, e.class_id, s.name AS pupil_name, c.grade_number, c.number AS class_number, p.name AS program_name
            FROM after_school_enrolments e
            JOIN students s ON s.id = e.student_id
            JOIN school_classes c ON c.id = e.class_id
            JOIN after_school_programs p ON p.id = e.program_id
            WHERE e.school_id = \(bind: schoolId) AND e.term_id = \(bind: termId) AND e.status = 'pending_review'
            ORDER BY c.grade_number, c.number, e.applied_at
            """).all(decoding: PendingReview.self)
    }

    struct RegisterRow: Decodable, Sendable {
        let student_id: UUID
        let name: String
        let grade_number: Int
        let class_number: Int
        let present: Bool?
        let left_at: String?
        let picked_up_by: String?
    }

    /// A program's enrolled pupils with their marks of a day, by class and name.
    static func register(programId: UUID, date: String, on db: any Database) async throws -> [RegisterRow] {
        try await db.sql.raw("""
            SELECT e.student_id, s.name, c.grade_number, c.number AS class_number, a.present, a.left_at, a.picked_up_by
            FROM after_school_enrolments e
            JOIN students s ON s.id = e.student_id
            JOIN school_classes c ON c.id = e.class_id
            LEFT JOIN after_school_attendance a ON a.program_id = e.program_id AND a.student_id = e.student_id AND a.date = \(bind: date)
            WHERE e.program_id = \(bind: programId) AND e.status = 'enrolled'
            ORDER BY c.grade_number, c.number, s.name
            """).all(decoding: RegisterRow.self)
    }

    struct AbsenceRow: Decodable, Sendable {
        let date: String
        let student_id: UUID
        let name: String
        let grade_number: Int
        let class_number: Int
        let program_name: String
    }

    /// The absences marked in these classes since `from`, newest first.
    static func absences(classIds: [UUID], from: String, on db: any Database) async throws -> [AbsenceRow] {
        guard !classIds.isEmpty else { return [] }
        return try await db.sql.raw("""
            SELECT a.date, a.student_id, s.name, c.grade_number, c.number AS class_number, p.name AS program_name
            FROM after_school_attendance a
            JOIN students s ON s.id = a.student_id
            JOIN school_classes c ON c.id = a.class_id
            JOIN after_school_programs p ON p.id = a.program_id
            WHERE a.class_id IN (\(binds: classIds)) AND a.date >= \(bind: from) AND a.present = \(bind: false)
            ORDER BY a.date DESC, c.grade_number, c.number, s.name
            """).all(decoding: AbsenceRow.self)
    }

    struct MarkRow: Decodable, Sendable {
        let date: String
        let program_id: UUID
        let program_name: String
        let present: Bool
        let left_at: String?
        let picked_up_by: String?
    }

    /// A pupil's marks, newest first.
    /// The latest first; `limit`: only that many (the family's page), nil for all of them.
    static func marks(studentId: UUID, limit: Int?, on db: any Database) async throws -> [MarkRow] {
        try await db.sql.raw("""
            SELECT a.date, a.program_id, p.name AS program_name, a.present, a.left_at, a.picked_up_by
            FROM after_school_attendance a JOIN after_school_programs p ON p.id = a.program_id
            WHERE a.student_id = \(bind: studentId)
            ORDER BY a.date DESC, p.name
            LIMIT \(bind: limit ?? Int(Int32.max))
            """).all(decoding: MarkRow.self)
    }

    struct HeldRow: Decodable, Sendable {
        let school_id: UUID
        let program_id: UUID
        let name: String
        let staff_kind: String
        let staff_user_id: UUID?
        let provider_id: UUID?
        let staff_name: String
        let start_time: String
        let end_time: String
        let sessions: Int
    }

    /// Per program, the sessions held in `[from, to)`: the days its register was taken. For one school, or the
    /// whole district when `schoolId` is nil.
    static func heldSessions(districtId: UUID, schoolId: UUID?, from: String, to: String, on db: any Database) async throws -> [HeldRow] {
        var query = SQLQueryString("""
            SELECT p.school_id, p.id AS program_id, p.name, p.staff_kind, p.staff_user_id, p.provider_id, p.staff_name, p.start_time, p.end_time,
              COUNT(DISTINCT a.date) AS sessions
            FROM after_school_attendance a JOIN after_school_programs p ON p.id = a.program_id
            WHERE a.district_id = \(bind: districtId) AND a.date >= \(bind: from) AND a.date < \(bind: to)
            """)
        if let schoolId { query.appendInterpolation(unsafeRaw: " AND a.school_id = "); query.appendInterpolation(bind: schoolId) }
        query.appendInterpolation(unsafeRaw: " GROUP BY p.school_id, p.id, p.name, p.staff_kind, p.staff_user_id, p.provider_id, p.staff_name, p.start_time, p.end_time")
        return try await db.sql.raw(query).all(decoding: HeldRow.self)
    }

    struct PupilProgram: Decodable, Sendable {
        let name: String
        let category: String
        let present: Int
        let marked: Int
    }

    /// The programs a pupil holds a place in this term, with the days marked present of the days marked.
    static func pupilPrograms(studentId: UUID, termId: UUID, on db: any Database) async throws -> [PupilProgram] {
        try await db.sql.raw("""
            SELECT p.name, p.category,
              (SELECT COUNT(*) FROM after_school_attendance a WHERE a.program_id = p.id AND a.student_id = e.student_id AND a.present) AS present,
              (SELECT COUNT(*) FROM after_school_attendance a WHERE a.program_id = p.id AND a.student_id = e.student_id) AS marked
            FROM after_school_enrolments e JOIN after_school_programs p ON p.id = e.program_id
            WHERE e.student_id = \(bind: studentId) AND e.term_id = \(bind: termId) AND e.status = \(bind: AfterSchoolEnrolment.Status.enrolled.rawValue)
            ORDER BY p.name
            """).all(decoding: PupilProgram.self)
    }
}

extension AfterSchoolQueries {
    struct ParticipationRow: Decodable, Sendable {
        let school_id: UUID
        let grade_number: Int
        let pupils: Int
        let basic: Int
    }

    /// Per school and grade: the pupils, and those enrolled in the term's basic session (the "1" of 1+X), in one query.
    static func participation(districtId: UUID, termId: UUID, schoolId: UUID? = nil, on db: any Database) async throws -> [ParticipationRow] {
        // A pupil's enrolments are probed by the pupil's index: one school's figures (an inspector's visit page) cost that
        // school's pupils, not a pass over the district's enrolments.
        var query: SQLQueryString = """
            SELECT s.school_id, c.grade_number, COUNT(*) AS pupils,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM after_school_enrolments e JOIN after_school_programs p ON p.id = e.program_id
                                         WHERE e.student_id = s.id AND e.term_id = \(bind: termId) AND e.status = 'enrolled'
                                           AND p.category = \(bind: ProgramCategory.homeworkGuidance.rawValue)) THEN 1 ELSE 0 END) AS basic
            FROM students s JOIN school_classes c ON c.id = s.class_id
            WHERE s.district_id = \(bind: districtId)
            """
        if let schoolId {
            query.appendInterpolation(unsafeRaw: " AND s.school_id = ")
            query.appendInterpolation(bind: schoolId)
        }
        query.appendInterpolation(unsafeRaw: " GROUP BY s.school_id, c.grade_number ORDER BY s.school_id, c.grade_number")
        return try await db.sql.raw(query).all(decoding: ParticipationRow.self)
    }
}

extension AfterSchoolQueries {
    struct Applicant: Decodable, Sendable {
        let student_id: UUID
        let name: String
        let grade_number: Int
        let class_number: Int
        let priority: Bool
    }

    /// The pupils with an application for one of the term's limited programs (not the basic session), by class and
    /// name, each marked if any of their applications is.
    static func limitedApplicants(schoolId: UUID, termId: UUID, on db: any Database) async throws -> [Applicant] {
        try await db.sql.raw("""
            SELECT s.id AS student_id, s.name, c.grade_number, c.number AS class_number,
              MAX(CASE WHEN e.priority THEN 1 ELSE 0 END) = 1 AS priority
            FROM after_school_enrolments e JOIN after_school_programs p ON p.id = e.program_id
              JOIN students s ON s.id = e.student_id JOIN school_classes c ON c.id = s.class_id
            WHERE e.school_id = \(bind: schoolId) AND e.term_id = \(bind: termId) AND p.category <> \(bind: ProgramCategory.homeworkGuidance.rawValue)
              AND e.status <> 'withdrawn'
            GROUP BY s.id, s.name, c.grade_number, c.number, s.student_number
            ORDER BY c.grade_number, c.number, s.student_number
            """).all(decoding: Applicant.self)
    }
}

extension AfterSchoolQueries {
    /// The day's earlier marks of these pupils, before the register's new ones go in.
    static func deleteMarks(programId: UUID, date: String, studentIds: [UUID], on db: any Database) async throws {
        for chunk in studentIds.chunked(into: 1000) {
            var query: SQLQueryString = "DELETE FROM after_school_attendance WHERE program_id = \(bind: programId) AND date = \(bind: date) AND student_id IN ("
            query.appendInterpolation(binds: chunk)
            query.appendInterpolation(unsafeRaw: ")")
            try await db.sql.raw(query).run()
        }
    }
}

extension AfterSchoolQueries {
    struct EnrolledPupil: Decodable, Sendable {
        let student_id: UUID
        let class_id: UUID
    }

    /// A program's enrolled pupils and their classes, for checking and saving its register.
    static func enrolledClasses(programId: UUID, on db: any Database) async throws -> [EnrolledPupil] {
        try await db.sql.raw("""
            SELECT student_id, class_id FROM after_school_enrolments WHERE program_id = \(bind: programId) AND status = 'enrolled'
            """).all(decoding: EnrolledPupil.self)
    }
}
