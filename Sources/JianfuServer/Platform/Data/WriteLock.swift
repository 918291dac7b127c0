import Fluent
import Foundation
import SQLKit

/// Transactions that write. SQLite has one writer at a time: writers here wait their turn in the
/// process (SQLiteNIO's busy handler would otherwise spin a thread at full speed while it waits) and
/// take the write lock at `BEGIN IMMEDIATE`, before they read, so a read-then-write cannot race and a
/// deferred transaction can never fail to upgrade. PostgreSQL runs a plain transaction and locks the rows
/// that stand for what is written, in id order. Those rows' `version` goes up by one in the same
/// transaction, on both engines: a cache of what depends on them knows it is stale on every instance.
enum WriteLock {
    static func transaction<T: Sendable>(on db: any Database, locking table: String? = nil, ids: [UUID] = [],
                                         _ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        if db.sql.dialect.name == "sqlite" {
            return try await SQLiteWriters.shared.run {
                try await db.withConnection { conn in
                    try await conn.sql.raw("BEGIN IMMEDIATE").run()
                    do {
                        if let table, !ids.isEmpty { try await bumpVersions(table, ids, on: conn) }
                        let result = try await body(conn)
                        try await conn.sql.raw("COMMIT").run()
                        return result
                    } catch {
                        try? await conn.sql.raw("ROLLBACK").run()
                        throw error
                    }
                }
            }
        }
        return try await db.transaction { tx in
            if let table, !ids.isEmpty { try await bumpVersions(table, ids, on: tx) }
            return try await body(tx)
        }
    }

    /// One statement: on PostgreSQL the subquery takes the row locks in id order, so two writers of overlapping
    /// classes queue instead of deadlocking.
    static func bumpVersions(_ table: String, _ ids: [UUID], on db: any Database) async throws {
        var update = SQLQueryString("UPDATE \(ident: table) SET version = version + 1 WHERE id IN (")
        if db.sql.dialect.name == "sqlite" {
            update.appendInterpolation(binds: ids)
            update.appendInterpolation(unsafeRaw: ")")
        } else {
            update.appendInterpolation(unsafeRaw: "SELECT id FROM \(table) WHERE id IN (")
            update.appendInterpolation(binds: ids.sorted { $0.uuidString < $1.uuidString })
            update.appendInterpolation(unsafeRaw: ") ORDER BY id FOR UPDATE)")
        }
        try await db.sql.raw(update).run()
    }
}

/// One SQLite writer at a time in this process, first come first served. Never nest: a write
/// transaction's body uses the connection it is given, and does not open another.
actor SQLiteWriters {
    static let shared = SQLiteWriters()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            let started = DispatchTime.now().uptimeNanoseconds
            await withCheckedContinuation { waiting.append($0) }
            ServerMetrics.writerWait.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
        } else {
            ServerMetrics.writerWait.recordNanoseconds(0)
            busy = true
        }
        let acquired = DispatchTime.now().uptimeNanoseconds
        defer {
            ServerMetrics.writeLockHeld.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - acquired))
            handOver()
        }
        return try await body()
    }

    private func handOver() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

extension Database {
    /// A transaction that writes: see `WriteLock`.
    func writeTransaction<T: Sendable>(_ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        try await WriteLock.transaction(on: self, body)
    }
}
