import Fluent
import Foundation
import JianfuCore
import SQLKit

/// Reads (and the two guarded writes) of supervision, as SQL into plain structs.
enum SupervisionQueries {
    /// Moves a task on only from the status it was read in: of two decisions at the same moment, one finds it moved.
    static func moveStatus(_ id: UUID, from: RectificationStatus, to: RectificationStatus, deadline: String?, on db: any Database) async throws -> Bool {
        struct Row: Decodable { let id: UUID }
        let setDeadline: SQLQueryString = deadline.map { ", deadline = \(bind: $0)" } ?? ""
        return try await db.sql.raw("""
            UPDATE rectifications SET status = \(bind: to.rawValue)\(setDeadline)
            WHERE id = \(bind: id) AND status = \(bind: from.rawValue) RETURNING id
            """).first(decoding: Row.self) != nil
    }

    static func acknowledge(_ id: UUID, by user: UUID, at: Date, on db: any Database) async throws -> Bool {
        struct Row: Decodable { let id: UUID }
        return try await db.sql.raw("""
            UPDATE warning_notices SET acknowledged_by = \(bind: user), acknowledged_at = \(bind: at)
            WHERE id = \(bind: id) AND acknowledged_by IS NULL RETURNING id
            """).first(decoding: Row.self) != nil
    }

    struct StepRow: Decodable, Sendable {
        let id: UUID
        let action: String
        let text: String
        let deadline: String?
        let by_name: String
        let at: Date
    }

    static func steps(rectificationId: UUID, on db: any Database) async throws -> [StepRow] {
        try await db.sql.raw("""
            SELECT s.id, s.action, s.text, s.deadline, u.display_name AS by_name, s.at
            FROM rectification_steps s JOIN users u ON u.id = s.by_user
            WHERE s.rectification_id = \(bind: rectificationId) ORDER BY s.at, s.id
            """).all(decoding: StepRow.self)
    }

    struct TaskRow: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let school_name: String
        let finding_id: UUID
        let inspection_id: UUID
        let category: String
        let severity: String
        let description: String
        let visited_on: String
        let deadline: String
        let status: String
        let owner_name: String?
    }

    /// `schoolIds` nil: the whole district; `waiting`: not yet accepted; `id`: that task alone; `limit`: the first so many by
    /// deadline.
    static func tasks(districtId: UUID, schoolIds: Set<UUID>?, status: String?, waiting: Bool = false, id: UUID? = nil, limit: Int? = nil,
                      on db: any Database) async throws -> [TaskRow] {
        var query = SQLQueryString("""
            SELECT r.id, r.school_id, s.name AS school_name, r.finding_id, f.inspection_id, f.category, f.severity, f.description,
                   i.visited_on, r.deadline, r.status, u.display_name AS owner_name
            FROM rectifications r JOIN findings f ON f.id = r.finding_id JOIN inspections i ON i.id = f.inspection_id
            JOIN schools s ON s.id = r.school_id LEFT JOIN users u ON u.id = r.owner_id
            WHERE r.district_id = \(bind: districtId)
            """)
        query.appendAnd("r.school_id", in: schoolIds)
        if let status { query.appendInterpolation(unsafeRaw: " AND r.status = "); query.appendInterpolation(bind: status) }
        if waiting { query.appendInterpolation(unsafeRaw: " AND r.status <> 'accepted'") }
        if let id { query.appendInterpolation(unsafeRaw: " AND r.id = "); query.appendInterpolation(bind: id) }
        query.appendInterpolation(unsafeRaw: " ORDER BY r.deadline, s.code, f.category")
        if let limit { query.appendInterpolation(unsafeRaw: " LIMIT \(limit)") }
        return try await db.sql.raw(query).all(decoding: TaskRow.self)
    }

    struct WarningRow: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let school_name: String
        let title: String
        let body: String
        let issued_on: String
        let acknowledged_at: Date?
    }

    static func warnings(districtId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [WarningRow] {
        var query = SQLQueryString("""
            SELECT w.id, w.school_id, s.name AS school_name, w.title, w.body, w.issued_on, w.acknowledged_at
            FROM warning_notices w JOIN schools s ON s.id = w.school_id WHERE w.district_id = \(bind: districtId)
            """)
        query.appendAnd("w.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " ORDER BY w.issued_on DESC, s.code")
        return try await db.sql.raw(query).all(decoding: WarningRow.self)
    }

    struct InspectionRow: Decodable, Sendable {
        let id: UUID
        let school_id: UUID
        let school_name: String
        let visited_on: String
        let inspector_name: String
        let findings: Int
        let open_tasks: Int
    }

    /// The latest first; `limit`: that many of them.
    static func inspections(districtId: UUID, schoolIds: Set<UUID>?, limit: Int? = nil, on db: any Database) async throws -> [InspectionRow] {
        var query = SQLQueryString("""
            SELECT i.id, i.school_id, s.name AS school_name, i.visited_on, u.display_name AS inspector_name,
                   (SELECT COUNT(*) FROM findings f WHERE f.inspection_id = i.id) AS findings,
                   (SELECT COUNT(*) FROM findings f JOIN rectifications r ON r.finding_id = f.id
                    WHERE f.inspection_id = i.id AND r.status <> 'accepted') AS open_tasks
            FROM inspections i JOIN schools s ON s.id = i.school_id JOIN users u ON u.id = i.inspector_id
            WHERE i.district_id = \(bind: districtId)
            """)
        query.appendAnd("i.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " ORDER BY i.visited_on DESC, s.code")
        if let limit { query.appendInterpolation(unsafeRaw: " LIMIT \(limit)") }
        return try await db.sql.raw(query).all(decoding: InspectionRow.self)
    }

    /// Each school's rectifications waiting for it, those of them past their deadline, its warning notices and those not
    /// yet acknowledged: the dashboard's supervision block, in one round trip.
    struct RecordCounts: Sendable {
        var open = 0
        var overdue = 0
        var warnings = 0
        var unacknowledged = 0
    }

    static func recordCounts(districtId: UUID, today: String, on db: any Database) async throws -> [UUID: RecordCounts] {
        struct Row: Decodable { let school_id: UUID; let kind: String; let n: Int }
        let rows = try await db.sql.raw("""
            SELECT school_id, 'open' AS kind, COUNT(*) AS n FROM rectifications
            WHERE district_id = \(bind: districtId) AND status IN ('open', 'reopened') GROUP BY school_id
            UNION ALL
            SELECT school_id, 'overdue', COUNT(*) FROM rectifications
            WHERE district_id = \(bind: districtId) AND status IN ('open', 'reopened') AND deadline < \(bind: today) GROUP BY school_id
            UNION ALL
            SELECT school_id, 'warnings', COUNT(*) FROM warning_notices WHERE district_id = \(bind: districtId) GROUP BY school_id
            UNION ALL
            SELECT school_id, 'unacknowledged', COUNT(*) FROM warning_notices
            WHERE district_id = \(bind: districtId) AND acknowledged_by IS NULL GROUP BY school_id
            """).all(decoding: Row.self)
        var counts: [UUID: RecordCounts] = [:]
        for row in rows {
            switch row.kind {
            case "open": counts[row.school_id, default: .init()].open = row.n
            case "overdue": counts[row.school_id, default: .init()].overdue = row.n
            case "warnings": counts[row.school_id, default: .init()].warnings = row.n
            default: counts[row.school_id, default: .init()].unacknowledged = row.n
            }
        }
        return counts
    }

    struct StaffRow: Decodable, Sendable {
        let id: UUID
        let display_name: String
    }

    /// A school's staff accounts, to name a task's owner.
    static func staff(schoolId: UUID, on db: any Database) async throws -> [StaffRow] {
        try await db.sql.raw("""
            SELECT DISTINCT u.id, u.display_name FROM users u JOIN role_memberships m ON m.user_id = u.id
            WHERE u.school_id = \(bind: schoolId) AND m.role <> 'parent' ORDER BY u.display_name
            """).all(decoding: StaffRow.self)
    }
}

