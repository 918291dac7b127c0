import Fluent
import Foundation
import SQLKit

/// Reads of teaching routines, as SQL into plain structs: the posts' holders and their term's counts, and the subject
/// groups' research sessions.
enum RoutineQueries {
    struct HolderRow: Decodable, Sendable {
        let user_id: UUID
        let display_name: String
        let school_id: UUID?
        let school_name: String?
        let post: String
    }

    /// The holders of posts in the schools (nil: the district's, researchers included).
    static func holders(districtId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [HolderRow] {
        var query = SQLQueryString("""
            SELECT p.user_id, u.display_name, p.school_id, s.name AS school_name, p.post
            FROM staff_posts p JOIN users u ON u.id = p.user_id LEFT JOIN schools s ON s.id = p.school_id
            WHERE p.district_id = \(bind: districtId)
            """)
        query.appendAnd("p.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " ORDER BY s.code, p.post, u.display_name")
        return try await db.sql.raw(query).all(decoding: HolderRow.self)
    }

    struct CountRow: Decodable, Sendable {
        let observer_id: UUID
        let heard: Int
        let critiqued: Int
    }

    /// Each observer's lessons heard and critiqued in the term.
    static func observationCounts(districtId: UUID, termId: UUID, on db: any Database) async throws -> [UUID: CountRow] {
        let rows = try await db.sql.raw("""
            SELECT observer_id, COUNT(*) AS heard, SUM(CASE WHEN critiqued THEN 1 ELSE 0 END) AS critiqued
            FROM lesson_observations WHERE district_id = \(bind: districtId) AND term_id = \(bind: termId) GROUP BY observer_id
            """).all(decoding: CountRow.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.observer_id, $0) })
    }

    /// Each researcher's guided sessions in the term.
    static func guidedCounts(districtId: UUID, termId: UUID, on db: any Database) async throws -> [UUID: Int] {
        struct Row: Decodable { let guided_by: UUID; let n: Int }
        let rows = try await db.sql.raw("""
            SELECT guided_by, COUNT(*) AS n FROM research_sessions
            WHERE district_id = \(bind: districtId) AND term_id = \(bind: termId) AND guided_by IS NOT NULL GROUP BY guided_by
            """).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.guided_by, $0.n) })
    }

    struct ObservationRow: Decodable, Sendable {
        let id: UUID
        let observed_on: String
        let school_name: String
        let grade_number: Int
        let class_number: Int
        let subject_name: String
        let teacher_name: String
        let critiqued: Bool
        let notes: String
    }

    /// A person's latest observations of the term.
    static func observations(observerId: UUID, termId: UUID, limit: Int, on db: any Database) async throws -> [ObservationRow] {
        try await db.sql.raw("""
            SELECT o.id, o.observed_on, s.name AS school_name, c.grade_number, c.number AS class_number, sub.name AS subject_name,
                   t.display_name AS teacher_name, o.critiqued, o.notes
            FROM lesson_observations o JOIN schools s ON s.id = o.school_id JOIN school_classes c ON c.id = o.class_id
            JOIN subjects sub ON sub.id = o.subject_id JOIN users t ON t.id = o.teacher_id
            WHERE o.observer_id = \(bind: observerId) AND o.term_id = \(bind: termId)
            ORDER BY o.observed_on DESC, o.created_at DESC LIMIT \(bind: limit)
            """).all(decoding: ObservationRow.self)
    }

    struct SessionRow: Decodable, Sendable {
        let school_id: UUID
        let subject_id: UUID?
        let held_on: String
        let minutes: Int
        let school_wide: Bool
    }

    static func sessions(districtId: UUID, termId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [SessionRow] {
        var query = SQLQueryString("""
            SELECT school_id, subject_id, held_on, minutes, school_wide FROM research_sessions
            WHERE district_id = \(bind: districtId) AND term_id = \(bind: termId)
            """)
        query.appendAnd("school_id", in: schoolIds)
        return try await db.sql.raw(query).all(decoding: SessionRow.self)
    }

    struct SubjectRow: Decodable, Sendable {
        let school_id: UUID
        let subject_id: UUID
        let name: String
    }

    /// The subjects each school teaches: its subject groups.
    static func taughtSubjects(schoolIds: Set<UUID>, on db: any Database) async throws -> [SubjectRow] {
        guard !schoolIds.isEmpty else { return [] }
        var query = SQLQueryString("""
            SELECT DISTINCT a.school_id, a.subject_id, s.name FROM teaching_assignments a JOIN subjects s ON s.id = a.subject_id
            WHERE a.school_id IN (
            """)
        query.appendInterpolation(binds: Array(schoolIds))
        query.appendInterpolation(unsafeRaw: ") ORDER BY s.name")
        return try await db.sql.raw(query).all(decoding: SubjectRow.self)
    }
}
