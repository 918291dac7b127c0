import Fluent
import JianfuCore
import Foundation
import SQLKit

/// The dashboards' reads: sums from the kept class-day and school-day rows, one grouped query each.
enum DashboardQueries {
    struct Sums: Decodable, Sendable {
        var filed_class_days: Int
        var written_minutes: Int
        var published_minutes: Int
        var over_cap: Int
        var load_light: Int
        var load_full: Int
        var overrides: Int
        var pending: Int
        var feedback_count: Int
        var feedback_minutes: Int
        var feedback_estimate: Int
        var too_much: Int

        static let zero = Sums(filed_class_days: 0, written_minutes: 0, published_minutes: 0, over_cap: 0, load_light: 0, load_full: 0, overrides: 0,
                               pending: 0, feedback_count: 0, feedback_minutes: 0, feedback_estimate: 0, too_much: 0)

        static func + (a: Sums, b: Sums) -> Sums {
            Sums(filed_class_days: a.filed_class_days + b.filed_class_days, written_minutes: a.written_minutes + b.written_minutes,
                 published_minutes: a.published_minutes + b.published_minutes, over_cap: a.over_cap + b.over_cap, load_light: a.load_light + b.load_light,
                 load_full: a.load_full + b.load_full, overrides: a.overrides + b.overrides, pending: a.pending + b.pending,
                 feedback_count: a.feedback_count + b.feedback_count, feedback_minutes: a.feedback_minutes + b.feedback_minutes,
                 feedback_estimate: a.feedback_estimate + b.feedback_estimate, too_much: a.too_much + b.too_much)
        }

        var reportedAverage: Double? { ReportedTime.average(totalMinutes: feedback_minutes, reports: feedback_count) }
        var estimateAverage: Double? { ReportedTime.average(totalMinutes: feedback_estimate, reports: feedback_count) }
    }

    private static func sumColumns(filedColumn: String) -> String {
        let columns = ["written_minutes", "published_minutes", "over_cap", "load_light", "load_full", "overrides", "pending",
                       "feedback_count", "feedback_minutes", "feedback_estimate", "too_much"]
        return (["CAST(SUM(\(filedColumn)) AS BIGINT) AS filed_class_days"] + columns.map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }).joined(separator: ", ")
    }

    struct SchoolBandSums: Decodable, Sendable {
        let school_id: UUID
        let band: String
        let sums: Sums

        enum CodingKeys: String, CodingKey { case school_id, band }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            school_id = try c.decode(UUID.self, forKey: .school_id)
            band = try c.decode(String.self, forKey: .band)
            sums = try Sums(from: decoder)
        }
    }

    /// Per school and band over the range.
    static func schoolSums(districtId: UUID, schoolId: UUID?, from: String, through: String, on db: any Database) async throws -> [SchoolBandSums] {
        var query = SQLQueryString("""
            SELECT school_id, band, \(unsafeRaw: sumColumns(filedColumn: "filed_class_days")) FROM school_day_loads
            WHERE district_id = \(bind: districtId) AND date >= \(bind: from) AND date <= \(bind: through)
            """)
        if let schoolId { query.appendInterpolation(unsafeRaw: " AND school_id = "); query.appendInterpolation(bind: schoolId) }
        query.appendInterpolation(unsafeRaw: " GROUP BY school_id, band")
        return try await db.sql.raw(query).all(decoding: SchoolBandSums.self)
    }

    struct DayBandSums: Decodable, Sendable {
        let date: String
        let band: String
        let sums: Sums

        enum CodingKeys: String, CodingKey { case date, band }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            date = try c.decode(String.self, forKey: .date)
            band = try c.decode(String.self, forKey: .band)
            sums = try Sums(from: decoder)
        }
    }

    /// Per day and band over the range, for the trend chart.
    static func daySums(districtId: UUID, schoolId: UUID?, from: String, through: String, on db: any Database) async throws -> [DayBandSums] {
        var query = SQLQueryString("""
            SELECT date, band, \(unsafeRaw: sumColumns(filedColumn: "filed_class_days")) FROM school_day_loads
            WHERE district_id = \(bind: districtId) AND date >= \(bind: from) AND date <= \(bind: through)
            """)
        if let schoolId { query.appendInterpolation(unsafeRaw: " AND school_id = "); query.appendInterpolation(bind: schoolId) }
        query.appendInterpolation(unsafeRaw: " GROUP BY date, band ORDER BY date")
        return try await db.sql.raw(query).all(decoding: DayBandSums.self)
    }

    struct ClassCount: Decodable, Sendable {
        let school_id: UUID
        let grade_number: Int
        let classes: Int
    }

    static func classCounts(districtId: UUID, schoolId: UUID?, on db: any Database) async throws -> [ClassCount] {
        var query = SQLQueryString("SELECT school_id, grade_number, CAST(COUNT(*) AS BIGINT) AS classes FROM school_classes WHERE district_id = \(bind: districtId)")
        if let schoolId { query.appendInterpolation(unsafeRaw: " AND school_id = "); query.appendInterpolation(bind: schoolId) }
        query.appendInterpolation(unsafeRaw: " GROUP BY school_id, grade_number")
        return try await db.sql.raw(query).all(decoding: ClassCount.self)
    }

    struct SchoolCount: Decodable, Sendable {
        let school_id: UUID
        let n: Int
    }

    /// Tests on file in the range that carry a guideline warning, per school.
    static func warnedTests(districtId: UUID, from: String, through: String, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await db.sql.raw("""
            SELECT school_id, CAST(COUNT(*) AS BIGINT) AS n FROM school_tests
            WHERE district_id = \(bind: districtId) AND held_on >= \(bind: from) AND held_on <= \(bind: through)
              AND status = 'filed' AND warnings <> '[]'
            GROUP BY school_id
            """).all(decoding: SchoolCount.self)
        return Dictionary(rows.map { ($0.school_id, $0.n) }, uniquingKeysWith: +)
    }

    /// Refused test filings for dates in the range, per school.
    static func refusedTests(districtId: UUID, from: String, through: String, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await db.sql.raw("""
            SELECT school_id, CAST(COUNT(*) AS BIGINT) AS n FROM test_refusals
            WHERE district_id = \(bind: districtId) AND held_on >= \(bind: from) AND held_on <= \(bind: through)
            GROUP BY school_id
            """).all(decoding: SchoolCount.self)
        return Dictionary(rows.map { ($0.school_id, $0.n) }, uniquingKeysWith: +)
    }

    struct ClassSums: Decodable, Sendable {
        let class_id: UUID
        let grade_number: Int
        let number: Int
        let sums: Sums

        enum CodingKeys: String, CodingKey { case class_id, grade_number, number }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            class_id = try c.decode(UUID.self, forKey: .class_id)
            grade_number = try c.decode(Int.self, forKey: .grade_number)
            number = try c.decode(Int.self, forKey: .number)
            sums = try Sums(from: decoder)
        }
    }

    /// Per class of a school over the range (every class, with zeros where nothing was filed).
    static func classSums(schoolId: UUID, from: String, through: String, on db: any Database) async throws -> [ClassSums] {
        let filed = "CASE WHEN l.filed_items > 0 THEN 1 ELSE 0 END"
        let columns = ["written_minutes", "published_minutes", "over_cap", "load_light", "load_full", "overrides", "pending",
                       "feedback_count", "feedback_minutes", "feedback_estimate", "too_much"]
        let sums = (["CAST(COALESCE(SUM(\(filed)), 0) AS BIGINT) AS filed_class_days"]
            + columns.map { "CAST(COALESCE(SUM(l.\($0)), 0) AS BIGINT) AS \($0)" }).joined(separator: ", ")
        return try await db.sql.raw("""
            SELECT c.id AS class_id, c.grade_number, c.number, \(unsafeRaw: sums)
            FROM school_classes c LEFT JOIN class_day_loads l ON l.class_id = c.id AND l.date >= \(bind: from) AND l.date <= \(bind: through)
            WHERE c.school_id = \(bind: schoolId)
            GROUP BY c.id, c.grade_number, c.number ORDER BY c.grade_number, c.number
            """).all(decoding: ClassSums.self)
    }

    struct ClassDayRow: Decodable, Sendable {
        let class_id: UUID
        let date: String
        let cap_minutes: Int
        let filed_items: Int
        let written_minutes: Int
        let published_minutes: Int
        let over_cap: Int
        let overrides: Int
        let pending: Int
        let feedback_count: Int
        let feedback_minutes: Int
        let feedback_estimate: Int
        let too_much: Int
    }

    static func classDays(schoolId: UUID?, classId: UUID?, from: String, through: String, on db: any Database) async throws -> [ClassDayRow] {
        var query = SQLQueryString("""
            SELECT class_id, date, cap_minutes, filed_items, written_minutes, published_minutes, over_cap, overrides, pending,
              feedback_count, feedback_minutes, feedback_estimate, too_much
            FROM class_day_loads WHERE date >= \(bind: from) AND date <= \(bind: through)
            """)
        if let schoolId { query.appendInterpolation(unsafeRaw: " AND school_id = "); query.appendInterpolation(bind: schoolId) }
        if let classId { query.appendInterpolation(unsafeRaw: " AND class_id = "); query.appendInterpolation(bind: classId) }
        query.appendInterpolation(unsafeRaw: " ORDER BY date")
        return try await db.sql.raw(query).all(decoding: ClassDayRow.self)
    }
}
