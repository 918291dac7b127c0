import FluentPostgresDriver
import Foundation
@testable import JianfuServer
import SQLKit
import VaporTesting

/// The demo district, seeded once per test process and copied for every test that wants it: seeding is most of a
/// test's setup (1.7 s of 2 s in debug), and a copy is a file copy on SQLite and `CREATE DATABASE … TEMPLATE` on
/// PostgreSQL. Every test still gets its own database.
actor DemoTemplate {
    static let shared = DemoTemplate()

    private var made: Task<ServerOptions.Store, any Error>?
    private static let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("jianfu-tests-\(ProcessInfo.processInfo.processIdentifier)").path
    private var folder: String { Self.folder }

    /// A fresh copy of the seeded demo district, to be dropped with `discard` after the test.
    func copy() async throws -> ServerOptions.Store {
        let template = try await template()
        switch template {
        case .sqliteFile(let path):
            let copy = "\(folder)/\(UUID().uuidString).sqlite"
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            return .sqliteFile(copy)
        case .postgres(let url, _):
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try await Self.admin { try await $0.raw("CREATE DATABASE \(ident: String(name)) TEMPLATE \(ident: Self.databaseName(url))").run() }
            return .postgres(url: Self.url(url, database: String(name)), schema: nil)
        case .sqliteMemory:
            return template
        }
    }

    /// Removes a copy made by `copy`; the app using it has shut down.
    static func discard(_ store: ServerOptions.Store) async {
        switch store {
        case .sqliteFile(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let url, _):
            try? await admin { try await $0.raw("DROP DATABASE IF EXISTS \(ident: databaseName(url)) WITH (FORCE)").run() }
        case .sqliteMemory:
            break
        }
    }

    private func template() async throws -> ServerOptions.Store {
        if let made { return try await made.value }
        let task = Task { try await self.make() }
        made = task
        return try await task.value
    }

    private func make() async throws -> ServerOptions.Store {
        let store: ServerOptions.Store
        if let url = TestApp.postgresURL {
            let name = "jianfu_tpl_\(ProcessInfo.processInfo.processIdentifier)"
            try await Self.admin { db in
                try await Self.dropTemplatesOfEndedRuns(db)
                try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                try await db.raw("CREATE DATABASE \(ident: name)").run()
            }
            store = .postgres(url: Self.url(url, database: name), schema: nil)
        } else {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            atexit { try? FileManager.default.removeItem(atPath: DemoTemplate.folder) }
            store = .sqliteFile("\(folder)/template.sqlite")
        }
        var options = TestApp.options()
        options.store = store
        let app = try await Application.make(.testing)
        do {
            try await App.configure(app, options: options)
            _ = try await DemoDistrict.seedIfEmpty(app, today: TestApp.demoToday)
            if case .sqliteFile = store { try await app.db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return store
    }

    /// Templates left by test processes that have ended (a developer's cluster is reused between runs).
    private static func dropTemplatesOfEndedRuns(_ db: any SQLDatabase) async throws {
        struct Row: Decodable { let datname: String }
        for row in try await db.raw("SELECT datname FROM pg_database WHERE datname LIKE 'jianfu_tpl_%'").all(decoding: Row.self) {
            guard let pid = Int32(row.datname.dropFirst("jianfu_tpl_".count)), kill(pid, 0) != 0 else { continue }
            try await db.raw("DROP DATABASE IF EXISTS \(ident: row.datname) WITH (FORCE)").run()
        }
    }

    /// Runs statements on the database `JIANFU_TEST_POSTGRES_URL` names (creating or dropping one needs another one).
    private static func admin(_ body: (any SQLDatabase) async throws -> Void) async throws {
        guard let url = TestApp.postgresURL else { return }
        let app = try await Application.make(.testing)
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
            try await body(app.db as! any SQLDatabase)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func databaseName(_ url: String) -> String {
        URLComponents(string: url)?.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")) ?? ""
    }

    private static func url(_ url: String, database: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + database
        return components.string!
    }
}
