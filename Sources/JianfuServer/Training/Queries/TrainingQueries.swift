import Fluent
import Foundation
import SQLKit

enum TrainingQueries {
    struct InstitutionLine: Decodable, Sendable {
        let id: UUID
        let name: String
        let credit_code: String
        let kind: String
        let mode: String
        let address: String
        let status: String
        let status_since: String
        let listing: String?
        let listing_reason: String
        let listing_since: String?
        let fees_published: Bool
        let insurance_expires_on: String?
        let custody: String
        let staff_count: Int
        let qualified_staff_count: Int
        let courses: Int
        /// Courses recorded with at least one violation.
        let flagged: Int
    }

    /// The district's register with each institution's course counts, in one round trip.
    static func institutions(districtId: UUID, on db: any Database) async throws -> [InstitutionLine] {
        try await db.sql.raw("""
            SELECT i.id, i.name, i.credit_code, i.kind, i.mode, i.address, i.status, i.status_since, i.listing, i.listing_reason, i.listing_since,
                   i.fees_published, i.insurance_expires_on, i.custody, i.staff_count, i.qualified_staff_count,
                   (SELECT COUNT(*) FROM training_courses c WHERE c.institution_id = i.id) AS courses,
                   (SELECT COUNT(*) FROM training_courses c WHERE c.institution_id = i.id AND c.violation_count > 0) AS flagged
            FROM training_institutions i WHERE i.district_id = \(bind: districtId)
            ORDER BY i.name
            """).all(decoding: InstitutionLine.self)
    }

    struct StepRow: Decodable, Sendable {
        let institution_id: UUID
        let on_date: String
        let to_status: String
    }

    /// Every licence step of the district's institutions of a kind (listings left out), for reading the register's
    /// past.
    static func steps(districtId: UUID, kind: String, on db: any Database) async throws -> [StepRow] {
        try await db.sql.raw("""
            SELECT e.institution_id, e.on_date, e.to_status FROM training_institution_events e
            JOIN training_institutions i ON i.id = e.institution_id
            WHERE e.district_id = \(bind: districtId) AND i.kind = \(bind: kind) AND e.event <> 'listing'
            """).all(decoding: StepRow.self)
    }
}
