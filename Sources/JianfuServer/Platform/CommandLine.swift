import Fluent
import Foundation
import JianfuCore
import Vapor

/// `jianfu serve [--demo] [--port N] [--hostname H] [--db PATH]`, `jianfu migrate [--db PATH]`,
/// `jianfu import roster FILE… [--district CODE] [--school NAME] [--db PATH]`, `jianfu rebuild-aggregates [--db PATH]`,
/// `jianfu backup PATH [--db PATH]`, `jianfu restore PATH [--db PATH]`.
public enum JianfuCommand {
    public static func main(arguments: [String]) async -> Int32 {
        var args = Array(arguments.dropFirst())
        let command = args.isEmpty ? "help" : args.removeFirst()
        func option(_ name: String) -> String? {
            guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
            let value = args[i + 1]
            args.removeSubrange(i...(i + 1))
            return value
        }
        func flag(_ name: String) -> Bool {
            guard let i = args.firstIndex(of: name) else { return false }
            args.remove(at: i)
            return true
        }
        let dbPath = option("--db")
        let options = ServerOptions.fromEnvironment(dbPath: dbPath)
        do {
            switch command {
            case "serve":
                let demo = flag("--demo")
                let port = option("--port") ?? "8080"
                let hostname = option("--hostname") ?? "127.0.0.1"
                return try await serve(options: options, demo: demo, hostname: hostname, port: port)
            case "migrate":
                let app = try await makeApp(options: options)
                app.logger.notice("migrations are up to date")
                try await app.asyncShutdown()
                return 0
            case "import":
                guard args.first == "roster" else { return usage() }
                args.removeFirst()
                let district = option("--district")
                let school = option("--school")
                return try await importRoster(files: args, districtCode: district, school: school, options: options)
            case "bench-data":
                guard let scale = BenchData.Scale.named(option("--scale") ?? "small") else { return usage() }
                let seed = UInt64(option("--seed") ?? "1") ?? 1
                let app = try await makeApp(options: options)
                do {
                    let report = try await BenchData.run(scale: scale, seed: seed, app: app) { print($0) }
                    print("bench-data \(scale.name): \(report.rows) rows (\(report.homework) homework items) in \(String(format: "%.1f", report.seconds)) s, \(Int(report.rowsPerSecond)) rows/s")
                    print("accounts (password \(BenchData.password)): \(BenchData.accounts.joined(separator: ", ")), and t{school}-{grade}-数学 for the maths teachers of the first \(BenchData.filingTeacherSchools) primary and junior schools")
                    try await app.asyncShutdown()
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
                return 0
            case "backup", "restore":
                guard let path = args.first else { return usage() }
                guard case .sqliteFile(let database) = options.store else {
                    print("With DATABASE_URL set, back up with pg_dump and restore with pg_restore (see the README).")
                    return 2
                }
                if command == "backup" {
                    try await DatabaseBackup.backup(database: database, to: path)
                    print("Backed up \(database) to \(path).")
                } else {
                    let keptAs = try await DatabaseBackup.restore(from: path, to: database)
                    print("Restored \(database) from \(path)." + (keptAs.map { " The replaced database is kept as \($0)." } ?? ""))
                }
                return 0
            case "rebuild-aggregates":
                let app = try await makeApp(options: options)
                do {
                    for district in try await District.query(on: app.db).all() {
                        let started = Date()
                        try await DailyLoadAggregates.rebuild(districtId: district.id!, policies: app.policies, on: app.db)
                        print("\(district.code): dashboard sums rebuilt in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
                    }
                    try await app.asyncShutdown()
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
                return 0
            default:
                return usage()
            }
        } catch {
            FileHandle.standardError.write(Data("jianfu: \(error)\n".utf8))
            return 1
        }
    }

    static func usage() -> Int32 {
        print("""
        usage:
          jianfu serve [--demo] [--port 8080] [--hostname 127.0.0.1] [--db jianfu.sqlite]
          jianfu migrate [--db jianfu.sqlite]
          jianfu import roster FILE... [--district CODE] [--school NAME] [--db jianfu.sqlite]
          jianfu bench-data --scale small|district|large [--seed N] [--db bench.sqlite]   (a synthetic district for load runs)
          jianfu rebuild-aggregates [--db jianfu.sqlite]   (recompute the dashboards' sums, e.g. after a calendar change)
          jianfu backup PATH [--db jianfu.sqlite]    (a consistent copy while the server keeps serving)
          jianfu restore PATH [--db jianfu.sqlite]   (stop the server first; the replaced file is kept beside it)
        DATABASE_URL=postgres://… uses PostgreSQL instead of the SQLite file.
        """)
        return 2
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

    static func serve(options: ServerOptions, demo: Bool, hostname: String, port: String) async throws -> Int32 {
        let app = try await makeApp(options: options, arguments: ["jianfu", "serve", "--hostname", hostname, "--port", port])
        if demo {
            let created = try await DemoDistrict.seedIfEmpty(app)
            if created {
                let started = Date()
                try await DemoHistory.seed(app, today: LocalDate.today(in: TimeZone(identifier: "Asia/Shanghai")!))
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

    static func importRoster(files: [String], districtCode: String?, school: String?, options: ServerOptions) async throws -> Int32 {
        guard !files.isEmpty else { return usage() }
        let app = try await makeApp(options: options)
        do {
            let code = try await importRoster(files: files, districtCode: districtCode, school: school, app: app)
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
