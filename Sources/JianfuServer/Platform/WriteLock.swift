import Fluent
import Foundation
import SQLKit

/// A transaction that takes the write lock before it reads, so that a read-then-write cannot race:
/// SQLite `BEGIN IMMEDIATE`; PostgreSQL `SELECT … FOR UPDATE` on the rows that stand for what is written.
enum WriteLock {
    static func transaction<T: Sendable>(on db: any Database, locking table: String, ids: [UUID],
                                         _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        if db.sql.dialect.name == "sqlite" {
            return try await db.withConnection { conn in
                try await conn.sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(conn)
                    try await conn.sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await conn.sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
        return try await db.transaction { tx in
            var lock = SQLQueryString("SELECT id FROM \(ident: table) WHERE id IN (")
            lock.appendInterpolation(binds: ids.sorted { $0.uuidString < $1.uuidString })
            lock.appendInterpolation(unsafeRaw: ") ORDER BY id FOR UPDATE")
            try await tx.sql.raw(lock).run()
            return try await body(tx)
        }
    }
}
