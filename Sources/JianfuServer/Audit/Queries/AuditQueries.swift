import Fluent
import Foundation
import SQLKit

/// Searches the audit trail within what the person may see: the district for district roles,
/// their own schools for school administrators.
enum AuditQueries {
    static let pageSize = 100

    struct Filters: Sendable {
        var from: Date?
        var until: Date?
        var action: String?
        var person: String?
        var entityId: UUID?
        var schoolId: UUID?
        /// Keyset paging: only records older than this.
        var before: Date?
    }

    struct Line: Decodable, Sendable {
        let id: UUID
        let at: Date
        let action: String
        let entity: String
        let entity_id: UUID?
        let detail: String
        let address: String?
        let school_name: String?
        let actor_name: String?
        let actor_username: String?
    }

    /// Who may search, and where: nil schools means the whole district.
    static func scope(_ actor: Actor) throws -> [UUID]? {
        if actor.isDistrictWide { return nil }
        let schools = actor.adminSchoolIds
        guard !schools.isEmpty else { throw AppError.forbidden }
        return Array(schools)
    }

    static func search(_ filters: Filters, _ actor: Actor, on db: any Database) async throws -> [Line] {
        let schools = try scope(actor)
        if let schoolId = filters.schoolId, let schools, !schools.contains(schoolId) { throw AppError.notFound }
        var query = SQLQueryString("""
            SELECT a.id, a.at, a.action, a.entity, a.entity_id, a.detail, a.address, s.name AS school_name,
                   u.display_name AS actor_name, u.username AS actor_username
            FROM audit_events a LEFT JOIN schools s ON s.id = a.school_id LEFT JOIN users u ON u.id = a.actor_id
            WHERE a.district_id = \(bind: actor.districtId)
            """)
        if let schools { query += " AND a.school_id IN (\(binds: schools))" }
        if let schoolId = filters.schoolId { query += " AND a.school_id = \(bind: schoolId)" }
        if let from = filters.from { query += " AND a.at >= \(bind: from)" }
        if let until = filters.until { query += " AND a.at < \(bind: until)" }
        if let before = filters.before { query += " AND a.at < \(bind: before)" }
        if let action = filters.action, !action.isEmpty {
            query += " AND (a.action = \(bind: action) OR a.action LIKE \(bind: action + ".%"))"
        }
        if let entityId = filters.entityId { query += " AND a.entity_id = \(bind: entityId)" }
        if let person = filters.person?.trimmingCharacters(in: .whitespaces), !person.isEmpty {
            let pattern = "%" + person.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query += " AND (LOWER(u.username) LIKE \(bind: pattern) OR LOWER(u.display_name) LIKE \(bind: pattern))"
        }
        query += " ORDER BY a.at DESC, a.id DESC LIMIT \(literal: pageSize + 1)"
        return try await db.sql.raw(query).all(decoding: Line.self)
    }
}
