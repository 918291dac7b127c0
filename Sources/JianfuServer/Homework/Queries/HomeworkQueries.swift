import Fluent
import Foundation
import SQLKit

/// The homework domain's reads that pages and the API share.
enum HomeworkQueries {
    /// One step of an entry's history, its stored detail decoded once for every reader.
    struct HistoryLine: Sendable {
        let action: String
        let fromStatus: String?
        let toStatus: String
        let step: String?
        let reason: String?
        let at: Date
        let actorName: String?
        let minutesBefore: Int?
        let minutesAfter: Int?
    }

    private struct HistoryRow: Decodable {
        let action: String
        let from_status: String?
        let to_status: String
        let step: String?
        let reason: String?
        let detail: String
        let at: Date
        let actor_name: String?
    }

    static func history(_ entryId: UUID, on db: any Database) async throws -> [HistoryLine] {
        try await db.sql.raw("""
            SELECT ev.action, ev.from_status, ev.to_status, ev.step, ev.reason, ev.detail, ev.at, u.display_name AS actor_name
            FROM homework_events ev LEFT JOIN users u ON u.id = ev.actor_id
            WHERE ev.entry_id = \(bind: entryId) ORDER BY ev.at
            """).all(decoding: HistoryRow.self).map { row in
            let detail = (try? JSONDecoder().decode([String: String].self, from: Data(row.detail.utf8))) ?? [:]
            return HistoryLine(action: row.action, fromStatus: row.from_status, toStatus: row.to_status, step: row.step, reason: row.reason,
                               at: row.at, actorName: row.actor_name, minutesBefore: detail["minutesBefore"].flatMap(Int.init),
                               minutesAfter: detail["minutesAfter"].flatMap(Int.init))
        }
    }
}
