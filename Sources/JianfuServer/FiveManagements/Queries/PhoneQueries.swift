import Fluent
import Foundation
import SQLKit

/// The phone applications' reads.
enum PhoneQueries {
    struct SchoolLine: Decodable, Sendable {
        let id: UUID
        let name: String
        let pending: Int
        let approved: Int
        let refused: Int
        let custody: Int
    }

    /// Each school's applications by state and whether it has recorded its custody: the district sees counts, not pupils.
    static func schools(districtId: UUID, on db: any Database) async throws -> [SchoolLine] {
        try await db.sql.raw("""
            SELECT s.id, s.name,
              (SELECT COUNT(*) FROM phone_applications a WHERE a.school_id = s.id AND a.status = 'pending') AS pending,
              (SELECT COUNT(*) FROM phone_applications a WHERE a.school_id = s.id AND a.status = 'approved') AS approved,
              (SELECT COUNT(*) FROM phone_applications a WHERE a.school_id = s.id AND a.status = 'refused') AS refused,
              (SELECT COUNT(*) FROM phone_custody c WHERE c.school_id = s.id) AS custody
            FROM schools s WHERE s.district_id = \(bind: districtId) ORDER BY s.code
            """).all(decoding: SchoolLine.self)
    }
}
