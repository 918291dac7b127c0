import Fluent
import Foundation
import JianfuCore
import SQLKit

extension SupervisionQueries {
    struct DecisionRow: Decodable, Sendable {
        let table_id: UUID
        let discrepancy_key: String
        let decision: String
        let note: String
        let decided_by_name: String
        let decided_at: Date
    }

    /// The decision standing on each discrepancy (the latest), by table and key.
    static func decisions(tableIds: [UUID], on db: any Database) async throws -> [UUID: [String: DecisionRow]] {
        guard !tableIds.isEmpty else { return [:] }
        var query = SQLQueryString("""
            SELECT d.table_id, d.discrepancy_key, d.decision, d.note, u.display_name AS decided_by_name, d.decided_at
            FROM assessment_decisions d JOIN users u ON u.id = d.decided_by WHERE d.table_id IN (
            """)
        query.appendInterpolation(binds: tableIds)
        query.appendInterpolation(unsafeRaw: ") ORDER BY d.decided_at, d.id")
        var result: [UUID: [String: DecisionRow]] = [:]
        for row in try await db.sql.raw(query).all(decoding: DecisionRow.self) { result[row.table_id, default: [:]][row.discrepancy_key] = row }
        return result
    }

    struct RatingRow: Decodable, Sendable {
        let school_id: UUID
        let code: String
        let level: Int?
        let achievements: String?
        let note: String
        let rated_by_name: String
        let rated_at: Date
    }

    /// `schoolIds` nil: every school of the table's district.
    static func ratings(tableId: UUID, termId: UUID, schoolIds: [UUID]?, on db: any Database) async throws -> [RatingRow] {
        var query = SQLQueryString("""
            SELECT r.school_id, r.code, r.level, r.achievements, r.note, u.display_name AS rated_by_name, r.rated_at
            FROM assessment_ratings r JOIN users u ON u.id = r.rated_by
            WHERE r.table_id = \(bind: tableId) AND r.term_id = \(bind: termId)
            """)
        if let schoolIds { query.appendInterpolation(unsafeRaw: " AND r.school_id IN ("); query.appendInterpolation(binds: schoolIds); query.appendInterpolation(unsafeRaw: ")") }
        return try await db.sql.raw(query).all(decoding: RatingRow.self)
    }

    /// Every school's ratings of a term, only what scoring reads: the bureau's list of schools by total.
    static func ratingValues(tableId: UUID, termId: UUID, on db: any Database) async throws -> [UUID: SchoolRatings] {
        struct Row: Decodable { let school_id: UUID; let code: String; let level: Int?; let achievements: String? }
        let rows = try await db.sql.raw("""
            SELECT school_id, code, level, achievements FROM assessment_ratings WHERE table_id = \(bind: tableId) AND term_id = \(bind: termId)
            """).all(decoding: Row.self)
        var result: [UUID: SchoolRatings] = [:]
        for row in rows { add(row.level, row.achievements, code: row.code, school: row.school_id, to: &result) }
        return result
    }

    private static func add(_ level: Int?, _ achievements: String?, code: String, school: UUID, to result: inout [UUID: SchoolRatings]) {
        if let level { result[school, default: SchoolRatings()].levels[code] = level }
        if let counts = JSONText.decode([String: Int].self, achievements) { result[school, default: SchoolRatings()].achievements[code] = counts }
    }

    static func schoolRatings(_ rows: [RatingRow]) -> [UUID: SchoolRatings] {
        var result: [UUID: SchoolRatings] = [:]
        for row in rows { add(row.level, row.achievements, code: row.code, school: row.school_id, to: &result) }
        return result
    }

    /// One indicator's rating, replacing the term's earlier one (the audit record keeps what it was).
    static func putRating(districtId: UUID, schoolId: UUID, tableId: UUID, termId: UUID, code: String, level: Int?, achievements: String?, note: String,
                          by user: UUID, at: Date, on db: any Database) async throws {
        try await db.sql.raw("""
            DELETE FROM assessment_ratings WHERE table_id = \(bind: tableId) AND term_id = \(bind: termId) AND school_id = \(bind: schoolId)
            AND code = \(bind: code)
            """).run()
        try await db.sql.raw("""
            INSERT INTO assessment_ratings (id, district_id, school_id, table_id, term_id, code, level, achievements, note, rated_by, rated_at)
            VALUES (\(bind: UUID()), \(bind: districtId), \(bind: schoolId), \(bind: tableId), \(bind: termId), \(bind: code), \(bind: level),
                    \(bind: achievements), \(bind: note), \(bind: user), \(bind: at))
            """).run()
    }
}
