import Fluent
import Foundation
import SQLKit

/// Reads of parent meetings, lectures and committees, as SQL into plain structs.
enum ParentSchoolQueries {
    struct EventRow: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let school_name: String
        let level: String
        let grade_number: Int?
        let class_id: UUID?
        let class_grade: Int?
        let class_number: Int?
        let kind: String
        let title: String
        let held_on: String
        let survey_id: UUID?
        let organiser_id: UUID
        let organiser_name: String
        let attended: Int
        let marked: Int
    }

    /// The term's events of the schools, with their attendance so far, latest first.
    static func events(districtId: UUID, termId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [EventRow] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("""
            SELECT e.id, e.school_id, s.name AS school_name, e.level, e.grade_number, e.class_id, c.grade_number AS class_grade, c.number AS class_number,
                   e.kind, e.title, e.held_on, e.survey_id, e.organiser_id, u.display_name AS organiser_name,
                   (SELECT COUNT(*) FROM parent_event_attendance a WHERE a.event_id = e.id AND a.attended) AS attended,
                   (SELECT COUNT(*) FROM parent_event_attendance a WHERE a.event_id = e.id) AS marked
            FROM parent_events e JOIN schools s ON s.id = e.school_id JOIN users u ON u.id = e.organiser_id
            LEFT JOIN school_classes c ON c.id = e.class_id
            WHERE e.district_id = \(bind: districtId) AND e.term_id = \(bind: termId)
            """)
        query.appendAnd("e.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " ORDER BY e.held_on DESC, e.created_at DESC")
        return try await db.sql.raw(query).all(decoding: EventRow.self)
    }

    struct ClassRow: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let grade_number: Int
        let number: Int
    }

    static func classes(districtId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [ClassRow] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("SELECT id, school_id, grade_number, number FROM school_classes WHERE district_id = \(bind: districtId)")
        query.appendAnd("school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " ORDER BY grade_number, number")
        return try await db.sql.raw(query).all(decoding: ClassRow.self)
    }

    struct FamilyRow: Decodable, Sendable {
        let student_id: UUID
        let name: String
        let student_number: String
        let attended: Bool?
    }

    /// A class's families (by pupil) with what is marked for the event.
    static func families(eventId: UUID, classId: UUID, on db: any Database) async throws -> [FamilyRow] {
        try await db.sql.raw("""
            SELECT st.id AS student_id, st.name, st.student_number, a.attended
            FROM students st LEFT JOIN parent_event_attendance a ON a.student_id = st.id AND a.event_id = \(bind: eventId)
            WHERE st.class_id = \(bind: classId) AND st.erased_at IS NULL ORDER BY st.student_number
            """).all(decoding: FamilyRow.self)
    }

    struct MemberRow: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let level: String
        let grade_number: Int?
        let class_id: UUID?
        let guardian_name: String
        let chair: Bool
        let since: String
    }

    /// The schools' parent committee members still serving.
    static func members(schoolIds: Set<UUID>, on db: any Database) async throws -> [MemberRow] {
        guard !schoolIds.isEmpty else { return [] }
        var query = SQLQueryString("""
            SELECT m.id, m.school_id, m.level, m.grade_number, m.class_id, u.display_name AS guardian_name, m.chair, m.since
            FROM parent_committee_members m JOIN users u ON u.id = m.guardian_id WHERE m.until IS NULL AND m.school_id IN (
            """)
        query.appendInterpolation(binds: schoolIds.sorted { $0.uuidString < $1.uuidString })
        query.appendInterpolation(unsafeRaw: ") ORDER BY m.level, m.grade_number, m.chair DESC, u.display_name")
        return try await db.sql.raw(query).all(decoding: MemberRow.self)
    }

    struct GuardianRow: Decodable, Sendable {
        let guardian_id: UUID
        let display_name: String
        let pupil_name: String
    }

    /// The guardians of a class's pupils: who may sit on its committee.
    static func guardians(classId: UUID, on db: any Database) async throws -> [GuardianRow] {
        try await db.sql.raw("""
            SELECT g.guardian_id, u.display_name, st.name AS pupil_name FROM guardianships g JOIN students st ON st.id = g.student_id
            JOIN users u ON u.id = g.guardian_id WHERE st.class_id = \(bind: classId) AND st.erased_at IS NULL ORDER BY st.student_number
            """).all(decoding: GuardianRow.self)
    }
}
