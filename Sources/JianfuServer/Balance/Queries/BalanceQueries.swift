import Fluent
import Foundation
import SQLKit

/// The balance domain's reads.
enum BalanceQueries {
    static func resources(districtId: UUID, years: ClosedRange<Int>, on db: any Database) async throws -> [SchoolResources] {
        try await SchoolResources.query(on: db).filter(\.$districtId == districtId).filter(\.$year >= years.lowerBound).filter(\.$year <= years.upperBound)
            .all()
    }

    struct ClassSize: Decodable, Sendable {
        let school_id: UUID
        let class_id: UUID
        let grade_number: Int
        let number: Int
        let pupils: Int
    }

    /// Every class of the district with its pupils on the roll today.
    static func classSizes(districtId: UUID, on db: any Database) async throws -> [ClassSize] {
        try await db.sql.raw("""
            SELECT c.school_id, c.id AS class_id, c.grade_number, c.number, COUNT(s.id) AS pupils
            FROM school_classes c LEFT JOIN students s ON s.class_id = c.id AND s.erased_at IS NULL
            WHERE c.district_id = \(bind: districtId)
            GROUP BY c.school_id, c.id, c.grade_number, c.number
            """).all(decoding: ClassSize.self)
    }
}
