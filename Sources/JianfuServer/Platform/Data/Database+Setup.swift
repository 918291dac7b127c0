import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import SQLKit
import Vapor

enum DatabaseSetupError: Error, CustomStringConvertible {
    case walNotEnabled(path: String, mode: String)

    var description: String {
        switch self {
        case .walNotEnabled(let path, let mode):
            "SQLite database \(path) is in journal mode \(mode), not WAL: refusing to start, writes would not be safe under load"
        }
    }
}

extension Application {
    func useDatabase(_ store: ServerOptions.Store, postgresConnectionsPerLoop: Int) throws {
        switch store {
        case .sqliteFile(let path):
            databases.use(DatabaseConfigurationFactory.sqlite(.file(path), sqlLogLevel: .debug).counted, as: .sqlite)
        case .sqliteMemory:
            databases.use(DatabaseConfigurationFactory.sqlite(.memory, sqlLogLevel: .debug).counted, as: .sqlite)
        case .postgres(let url, let schema):
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = [schema ?? "public"]
            // PostgreSQL serves many readers at once: with Fluent's default of one connection per event loop, the soak's
            // 500 connections at `large` queued for two (bench/README.md, 2026-12-03).
            // A request waits up to 30 s for a connection rather than Fluent's 10: on a loaded two-core machine the
            // PostgreSQL suite's requests timed out waiting (CI, 2026-12-03), and a slow answer is better than a lost one.
            databases.use(DatabaseConfigurationFactory.postgres(configuration: config, maxConnectionsPerEventLoop: postgresConnectionsPerLoop,
                                                                connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug).counted, as: .psql)
        }
    }

    /// A named schema (tests) must exist before migrations run in it.
    func prepareSchema(_ store: ServerOptions.Store) async throws {
        guard case .postgres(_, let schema?) = store else { return }
        try await db.sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }

    /// WAL lets parents read while teachers write; set it at boot and check it took.
    func enableWriteAheadLog(_ store: ServerOptions.Store) async throws {
        guard case .sqliteFile(let path) = store, let sql = db as? any SQLDatabase else { return }
        struct Mode: Decodable { let journal_mode: String }
        let mode = try await sql.raw("PRAGMA journal_mode=WAL").first(decoding: Mode.self)?.journal_mode ?? "unknown"
        guard mode.lowercased() == "wal", Self.fileHeaderSaysWAL(path) else { throw DatabaseSetupError.walNotEnabled(path: path, mode: mode) }
    }

    /// WAL is a property of the file: bytes 18 and 19 of its header are 2 (SQLite file format §1.3.3).
    /// The handle stays open for the life of the process: closing any descriptor of the database file drops every
    /// POSIX lock the process holds on it, SQLite's included, and another process (an administrator's `sqlite3`, a
    /// script) closing its connection would then take SQLite's place as the last user, checkpoint and delete the WAL
    /// the server goes on writing to: commits made after that would be invisible to others and lost in a crash.
    static func fileHeaderSaysWAL(_ path: String) -> Bool {
        guard let handle = HeldFiles.handle(path) else { return false }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        try? handle.seek(toOffset: 0)
        return header[18] == 2 && header[19] == 2
    }

}

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

/// Database files this process has opened outside SQLite, never closed (see `fileHeaderSaysWAL`).
enum HeldFiles {
    /// By path and file number: a file replaced at the same path (a restore) is a new file.
    private static let open = NIOLockedValueBox([String: FileHandle]())

    static func handle(_ path: String) -> FileHandle? {
        guard let number = (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? NSNumber else { return nil }
        let key = "\(number)|\(path)"
        return open.withLockedValue { table in
            if let handle = table[key] { return handle }
            let handle = FileHandle(forReadingAtPath: path)
            table[key] = handle
            return handle
        }
    }
}
