import Fluent
import Foundation
import SQLKit

/// Reads of the test register for the pages: plain rows, one query each.
enum AssessmentQueries {
    struct TestRow: Decodable, Sendable {
        let id: UUID
        let class_id: UUID
        let school_id: UUID
        let school_name: String
        let grade_number: Int
        let class_number: Int
        let subject_id: UUID
        let subject_name: String
        let subject_name_en: String
        let kind: String
        let paper: Bool
        let held_on: String
        let status: String
        let warnings: String
        let has_specification: Bool
        let filed_by_name: String
    }

    private static let testColumns = """
        SELECT t.id, t.class_id, t.school_id, sc.name AS school_name, c.grade_number, c.number AS class_number, t.subject_id,
          s.name AS subject_name, s.name_en AS subject_name_en, t.kind, t.paper, t.held_on, t.status, t.warnings,
          CASE WHEN t.specification IS NULL THEN FALSE ELSE TRUE END AS has_specification, u.display_name AS filed_by_name
        FROM school_tests t JOIN school_classes c ON c.id = t.class_id JOIN schools sc ON sc.id = t.school_id
        JOIN subjects s ON s.id = t.subject_id JOIN users u ON u.id = t.filed_by
        """

    /// Tests held from `from` through `through` in the given schools, and/or the given classes.
    static func tests(districtId: UUID, schoolIds: [UUID]?, classIds: [UUID]?, from: String, through: String, on db: any Database) async throws -> [TestRow] {
        var query = SQLQueryString("\(unsafeRaw: testColumns) WHERE t.district_id = \(bind: districtId) AND t.held_on >= \(bind: from) AND t.held_on <= \(bind: through)")
        if let schoolIds {
            query.appendInterpolation(unsafeRaw: " AND t.school_id IN (")
            query.appendInterpolation(binds: schoolIds.isEmpty ? [UUID()] : schoolIds)
            query.appendInterpolation(unsafeRaw: ")")
        }
        if let classIds {
            query.appendInterpolation(unsafeRaw: " AND t.class_id IN (")
            query.appendInterpolation(binds: classIds.isEmpty ? [UUID()] : classIds)
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY t.held_on, c.grade_number, c.number, s.name")
        return try await db.sql.raw(query).all(decoding: TestRow.self)
    }

    struct RefusalRow: Decodable, Sendable {
        let school_name: String
        let grade_number: Int
        let class_number: Int
        let subject_name: String
        let subject_name_en: String
        let kind: String
        let paper: Bool
        let held_on: String
        let rule_key: String
        let rule_id: String
        let actor_name: String
        let at: Date
    }

    static func refusals(districtId: UUID, schoolIds: [UUID]?, since: Date, on db: any Database) async throws -> [RefusalRow] {
        var query = SQLQueryString("""
            SELECT sc.name AS school_name, c.grade_number, c.number AS class_number, s.name AS subject_name, s.name_en AS subject_name_en,
              r.kind, r.paper, r.held_on, r.rule_key, r.rule_id, u.display_name AS actor_name, r.at
            FROM test_refusals r JOIN school_classes c ON c.id = r.class_id JOIN schools sc ON sc.id = r.school_id
            JOIN subjects s ON s.id = r.subject_id JOIN users u ON u.id = r.actor_id
            WHERE r.district_id = \(bind: districtId) AND r.at >= \(bind: since)
            """)
        if let schoolIds {
            query.appendInterpolation(unsafeRaw: " AND r.school_id IN (")
            query.appendInterpolation(binds: schoolIds.isEmpty ? [UUID()] : schoolIds)
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY r.at DESC LIMIT 200")
        return try await db.sql.raw(query).all(decoding: RefusalRow.self)
    }

    struct SchoolRow: Decodable, Sendable {
        let school_id: UUID
        let school_name: String
        let tests: Int
        let warned: Int
        let finals_without_specification: Int
    }

    /// Per school of the district: tests on file in the range, how many carry a guideline warning, finals still without a table.
    static func schoolSummary(districtId: UUID, from: String, through: String, specificationFromGrade: Int, on db: any Database) async throws -> [SchoolRow] {
        try await db.sql.raw("""
            SELECT sc.id AS school_id, sc.name AS school_name,
              CAST(COUNT(t.id) AS BIGINT) AS tests,
              CAST(SUM(CASE WHEN t.warnings <> '[]' THEN 1 ELSE 0 END) AS BIGINT) AS warned,
              CAST(SUM(CASE WHEN t.kind = 'final' AND t.paper AND t.grade_number >= \(bind: specificationFromGrade) AND t.specification IS NULL
                            THEN 1 ELSE 0 END) AS BIGINT) AS finals_without_specification
            FROM schools sc LEFT JOIN school_tests t ON t.school_id = sc.id AND t.status = 'filed'
              AND t.held_on >= \(bind: from) AND t.held_on <= \(bind: through)
            WHERE sc.district_id = \(bind: districtId)
            GROUP BY sc.id, sc.name, sc.code ORDER BY sc.code
            """).all(decoding: SchoolRow.self)
    }

    static func refusalCounts(districtId: UUID, since: Date, on db: any Database) async throws -> [UUID: Int] {
        struct Row: Decodable { let school_id: UUID; let n: Int }
        let rows = try await db.sql.raw("""
            SELECT school_id, CAST(COUNT(*) AS BIGINT) AS n FROM test_refusals WHERE district_id = \(bind: districtId) AND at >= \(bind: since)
            GROUP BY school_id
            """).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.school_id, $0.n) }, uniquingKeysWith: +)
    }

    struct PupilLevel: Decodable, Sendable {
        let subject_name: String
        let subject_name_en: String
        let title: String
        let kind: String
        let held_on: String
        let level: String
    }

    /// One pupil's levels in the tests held in a span of days (their own levels only: a portfolio shows no score).
    static func pupilLevels(studentId: UUID, from: String, through: String, on db: any Database) async throws -> [PupilLevel] {
        try await db.sql.raw("""
            SELECT s.name AS subject_name, s.name_en AS subject_name_en, t.title, t.kind, t.held_on, r.level
            FROM test_results r JOIN school_tests t ON t.id = r.test_id JOIN subjects s ON s.id = t.subject_id
            WHERE r.student_id = \(bind: studentId) AND t.held_on >= \(bind: from) AND t.held_on <= \(bind: through)
              AND t.status <> \(bind: SchoolTest.Status.withdrawn.rawValue)
            ORDER BY t.held_on, s.name
            """).all(decoding: PupilLevel.self)
    }
}
