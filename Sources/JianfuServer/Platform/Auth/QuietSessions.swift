import Fluent
import SQLKit
import Vapor

/// Fluent's database sessions, without the write Vapor's sessions middleware asks for on every request:
/// a session whose data did not change is not written again. A page view is then a read, not a write
/// that would queue behind every teacher's filing for SQLite's single write lock.
struct QuietSessions: SessionDriver {
    let stored: any SessionDriver

    private struct AsRead: StorageKey {
        typealias Value = [String: String]
    }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        stored.createSession(data, for: request)
    }

    /// Read as one plain row (every signed-in page pays for it); written through Fluent's driver, which made the row.
    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.db.sql.raw("SELECT data FROM \(ident: SessionRecord.schema) WHERE key = \(bind: sessionID.string)").first()
            .flatMapThrowing { row in
                let data = try row?.decode(column: "data", as: SessionData.self)
                request.storage[AsRead.self] = data?.snapshot
                return data
            }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if let asRead = request.storage[AsRead.self], asRead == data.snapshot {
            return request.eventLoop.makeSucceededFuture(sessionID)
        }
        return stored.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        stored.deleteSession(sessionID, for: request)
    }
}
