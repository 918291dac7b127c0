import Fluent
import Foundation
import JianfuCore
import Vapor

/// What the `jianfu` command does, one function per command: the command line only parses and calls these.
/// Each prints what a person at the terminal needs and returns the process's exit code.
public enum ServerCommands {
    public static func serve(options: ServerOptions, demo: Bool, hostname: String, port: Int) async throws -> Int32 {
        // Production: Leaf keeps parsed templates only outside Vapor's development environment. The log stays at info
        // (one line a request) unless LOG_LEVEL says otherwise.
        var arguments = ["jianfu", "serve", "--env", "production", "--hostname", hostname, "--port", String(port)]
        if ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil { arguments += ["--log", "info"] }
        let app = try await makeApp(options: options, arguments: arguments)
        if demo {
            let created = try await DemoDistrict.seedIfEmpty(app)
            if created {
                let started = Date()
                try await DemoHistory.seed(app, today: WallClock.today(in: TimeZone(identifier: "Asia/Shanghai")!))
                print("Filed the demo's homework of the term so far in \(String(format: "%.1f", Date().timeIntervalSince(started))) s.")
            }
            print(created ? "Created the demo district." : "The database already holds a district; the demo was not created again.")
            print("Demo accounts (password \(DemoDistrict.password)):")
            for account in DemoDistrict.accounts {
                print("  \(account.username.padding(toLength: 11, withPad: " ", startingAt: 0)) \(account.who)")
            }
        }
        print("Jianfu is serving at http://\(hostname):\(port)")
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return 0
    }

    public static func migrate(options: ServerOptions) async throws -> Int32 {
        try await withApp(options) { app in
            app.logger.notice("migrations are up to date")
            return 0
        }
    }

    public static func importRoster(files: [String], districtCode: String?, school: String?, options: ServerOptions) async throws -> Int32 {
        try await withApp(options) { app in
            try await importRoster(files: files, districtCode: districtCode, school: school, app: app)
        }
    }

    /// The names `bench-data --scale` takes.
    public static let benchScales = ["small", "district", "large"]

    public static func benchData(scale name: String, seed: UInt64, options: ServerOptions) async throws -> Int32 {
        guard let scale = BenchData.Scale.named(name) else {
            print("jianfu: unknown scale \(name); use one of \(benchScales.joined(separator: ", "))")
            return 2
        }
        return try await withApp(options) { app in
            let report = try await BenchData.run(scale: scale, seed: seed, app: app) { print($0) }
            print("bench-data \(scale.name): \(report.rows) rows (\(report.homework) homework items) in \(String(format: "%.1f", report.seconds)) s, \(Int(report.rowsPerSecond)) rows/s")
            print("accounts (password \(BenchData.password)): \(BenchData.accounts.joined(separator: ", ")), and t{school}-{grade}-数学 for the maths teachers of the first \(BenchData.filingTeacherSchools) primary and junior schools")
            return 0
        }
    }

    public static func rebuildAggregates(options: ServerOptions) async throws -> Int32 {
        try await withApp(options) { app in
            for district in try await District.query(on: app.db).all() {
                let started = Date()
                try await DailyLoadAggregates.rebuild(districtId: district.id!, policies: app.policies, on: app.db)
                print("\(district.code): dashboard sums rebuilt in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
            return 0
        }
    }

    public static func backup(to path: String, options: ServerOptions) async throws -> Int32 {
        guard let database = sqliteFile(options) else { return 2 }
        try await DatabaseBackup.backup(database: database, to: path)
        // After the copy of the rows: a file is written before any row names it, so every file the copy names is here.
        let files = try AttachmentStore(directory: options.resolvedAttachmentsDirectory).copyAll(to: path + ".attachments")
        print("Backed up \(database) to \(path), and \(files) attached files to \(path).attachments.")
        return 0
    }

    public static func restore(from path: String, options: ServerOptions) async throws -> Int32 {
        guard let database = sqliteFile(options) else { return 2 }
        let keptAs = try await DatabaseBackup.restore(from: path, to: database)
        if FileManager.default.fileExists(atPath: path + ".attachments") {
            let restored = try AttachmentStore(directory: path + ".attachments").copyAll(to: options.resolvedAttachmentsDirectory)
            print("Restored \(restored) attached files into \(options.resolvedAttachmentsDirectory).")
        }
        print("Restored \(database) from \(path)." + (keptAs.map { " The replaced database is kept as \($0)." } ?? ""))
        return 0
    }

    private static func sqliteFile(_ options: ServerOptions) -> String? {
        guard case .sqliteFile(let database) = options.store else {
            print("With DATABASE_URL set, back up with pg_dump and restore with pg_restore (see the README).")
            return nil
        }
        return database
    }

    static func makeApp(options: ServerOptions, arguments: [String] = ["jianfu"]) async throws -> Application {
        var env = try Environment.detect(arguments: arguments)
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            try await App.configure(app, options: options)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    /// Builds the app, runs `body` and shuts the app down whatever happens.
    private static func withApp(_ options: ServerOptions, _ body: (Application) async throws -> Int32) async throws -> Int32 {
        let app = try await makeApp(options: options)
        do {
            let code = try await body(app)
            try await app.asyncShutdown()
            return code
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func importRoster(files: [String], districtCode: String?, school: String?, app: Application) async throws -> Int32 {
        let districts = try await District.query(on: app.db).all()
        guard let district = districtCode.map({ code in districts.first { $0.code == code } }) ?? (districts.count == 1 ? districts.first : nil) else {
            print("Name the district with --district CODE (known: \(districts.map(\.code).joined(separator: ", ")))")
            return 2
        }
        var failed = false
        for path in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let started = Date()
            switch try await ImportService.importForDistrict(data, fileName: (path as NSString).lastPathComponent, districtId: district.id!, defaultSchool: school, on: app.db) {
            case .success(let outcome):
                let seconds = Date().timeIntervalSince(started)
                print("\(path): imported \(outcome.rows) rows of \(outcome.kind.rawValue) (\(outcome.created) new, \(outcome.updated) updated, \(outcome.unchanged) unchanged) in \(String(format: "%.1f", seconds)) s")
            case .failure(let rejection):
                failed = true
                print("\(path): nothing imported, \(rejection.problems.count) problems:")
                for problem in rejection.problems.prefix(200) {
                    print("  第 \(problem.line) 行: \(problem.message(english: false))")
                }
                if rejection.problems.count > 200 { print("  … and \(rejection.problems.count - 200) more") }
            }
        }
        return failed ? 1 : 0
    }
}
