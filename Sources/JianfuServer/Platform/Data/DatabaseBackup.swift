import Foundation
import SQLiteNIO

/// `jianfu backup PATH` and `jianfu restore PATH` for the SQLite file. A backup is a consistent copy
/// taken by `VACUUM INTO` inside one read transaction, so the server keeps serving while it runs.
/// PostgreSQL is backed up with its own tools (`pg_dump` / `pg_restore`, see the README).
enum DatabaseBackup {
    enum Failure: Error, CustomStringConvertible {
        case exists(String)
        case missing(String)
        case notAJianfuDatabase(String, String)

        var description: String {
            switch self {
            case .exists(let path): "\(path) already exists; choose a new file name (a backup never overwrites a file)"
            case .missing(let path): "\(path) does not exist"
            case .notAJianfuDatabase(let path, let why): "\(path) is not a Jianfu database backup: \(why)"
            }
        }
    }

    /// Copies the live database at `database` into a new file at `destination`.
    static func backup(database: String, to destination: String) async throws {
        guard FileManager.default.fileExists(atPath: database) else { throw Failure.missing(database) }
        guard !FileManager.default.fileExists(atPath: destination) else { throw Failure.exists(destination) }
        let connection = try await SQLiteConnection.open(storage: .file(path: database))
        do {
            // A writer may hold the lock for a moment; wait for it rather than fail.
            _ = try await connection.query("PRAGMA busy_timeout = 10000", [])
            _ = try await connection.query("VACUUM INTO ?", [.text(destination)])
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        try await check(destination)
    }

    /// Puts a backup in place of the database at `database`, which must not be in use (stop the server first).
    /// The replaced files are kept beside it with the suffix `.before-restore-<time>`; nothing is deleted.
    /// Returns the path the old database was moved to, if there was one.
    @discardableResult
    static func restore(from backup: String, to database: String, now: Date = Date()) async throws -> String? {
        guard FileManager.default.fileExists(atPath: backup) else { throw Failure.missing(backup) }
        try await check(backup)
        // Copy through SQLite into a new file beside the target, then rename: the target is never half-written.
        let staging = database + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        let source = try await SQLiteConnection.open(storage: .file(path: backup))
        do {
            _ = try await source.query("VACUUM INTO ?", [.text(staging)])
            try await source.close()
        } catch {
            try? await source.close()
            throw error
        }
        let stamp = Int(now.timeIntervalSince1970)
        var keptAs: String? = nil
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
            let aside = "\(database).before-restore-\(stamp)\(suffix)"
            try FileManager.default.moveItem(atPath: database + suffix, toPath: aside)
            if suffix.isEmpty { keptAs = aside }
        }
        try FileManager.default.moveItem(atPath: staging, toPath: database)
        return keptAs
    }

    /// A backup must pass SQLite's integrity check and carry Jianfu's migrations.
    static func check(_ path: String) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let integrity = try await connection.query("PRAGMA integrity_check", []).first?.column("integrity_check")?.string ?? "no answer"
            guard integrity == "ok" else { throw Failure.notAJianfuDatabase(path, integrity) }
            let migrations = try await connection.query("SELECT COUNT(*) AS n FROM _fluent_migrations", []).first?.column("n")?.integer ?? 0
            guard migrations > 0 else { throw Failure.notAJianfuDatabase(path, "no migrations recorded") }
            try await connection.close()
        } catch let failure as Failure {
            try? await connection.close()
            throw failure
        } catch {
            try? await connection.close()
            throw Failure.notAJianfuDatabase(path, String(describing: error))
        }
    }
}
