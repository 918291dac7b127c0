import ArgumentParser
import Foundation
import JianfuServer

/// `jianfu`: serve the app and look after its database. Every command answers `--help`.
public struct Jianfu: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jianfu",
        abstract: "Jianfu 减负: homework and test filing for a district education bureau and its schools.",
        discussion: "DATABASE_URL=postgres://… uses PostgreSQL instead of the SQLite file.",
        subcommands: [Serve.self, Migrate.self, Import.self, RebuildAggregates.self, Backup.self, Restore.self, BenchData.self]
    )

    public init() {}

    /// Parses the command line and runs the command; help, a wrong option or a failure end the process as
    /// ArgumentParser says (usage on a wrong option, exit code 64), a failure as one line on standard error.
    public static func runFromCommandLine() async -> Never {
        do {
            var command = try parseAsRoot()
            guard let ours = command as? any JianfuSubcommand else {
                // ArgumentParser's own commands: help.
                try command.run()
                Self.exit()
            }
            let code = await ours.perform()
            Self.exit(withError: code == 0 ? nil : ExitCode(code))
        } catch {
            Self.exit(withError: error)
        }
    }
}

/// A command of ours: it does its work in `perform`, which `Jianfu.runFromCommandLine` awaits.
protocol JianfuSubcommand: ParsableCommand {
    func perform() async -> Int32
}

/// The options every command that opens the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The SQLite database file (ignored when DATABASE_URL is set).", valueName: "path"))
    var database = "jianfu.sqlite"

    @Option(help: ArgumentHelp("The folder of templates, styles and policy profiles (default: ./Resources, else beside the binary or above it; or JIANFU_RESOURCES).", valueName: "dir"))
    var resources: String?

    var serverOptions: ServerOptions { .fromEnvironment(dbPath: database, resourcesDirectory: resources) }
}

extension JianfuSubcommand {
    /// Runs an operation; a failure is one line on standard error and exit code 1, never a stack trace.
    func reporting(_ operation: () async throws -> Int32) async -> Int32 {
        do {
            return try await operation()
        } catch {
            FileHandle.standardError.write(Data("jianfu: \(error)\n".utf8))
            return 1
        }
    }
}

struct Serve: JianfuSubcommand {
    static let configuration = CommandConfiguration(abstract: "Serve the pages and the API.")

    @Flag(help: "Create the demo district (its people, classes and a term of homework) if the database is empty, and print its accounts.")
    var demo = false

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "The address to listen on.")
    var hostname = "127.0.0.1"

    @Option(help: ArgumentHelp("Start the clock at this moment (2026-11-25T10:00:00+08:00) instead of now, running on from it: a demo or a browser test of a given school day.",
                               valueName: "moment"))
    var clock: String?

    @OptionGroup var database: DatabaseOptions

    func perform() async -> Int32 {
        await reporting {
            var options = database.serverOptions
            if let clock {
                guard let start = ISO8601DateFormatter().date(from: clock) else { throw ValidationError("--clock: \(clock) is not a moment like 2026-11-25T10:00:00+08:00") }
                options.clockStart = start
            }
            return try await ServerCommands.serve(options: options, demo: demo, hostname: hostname, port: port)
        }
    }
}

struct Migrate: JianfuSubcommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database's tables up to date, then stop.")

    @OptionGroup var database: DatabaseOptions

    func perform() async -> Int32 {
        await reporting { try await ServerCommands.migrate(options: database.serverOptions) }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import data from files.", subcommands: [Roster.self])

    struct Roster: JianfuSubcommand {
        static let configuration = CommandConfiguration(
            abstract: "Import class, pupil or teaching lists (CSV as Excel saves it: UTF-8 or GB18030).",
            discussion: "A file with any bad row writes nothing and lists every bad row with its line number."
        )

        @Argument(help: ArgumentHelp("The CSV files, each with the headers of one of the three templates.", valueName: "file"))
        var files: [String]

        @Option(help: ArgumentHelp("The district's code (needed when the database holds more than one).", valueName: "code"))
        var district: String?

        @Option(help: ArgumentHelp("The school of rows that name none (学校名称).", valueName: "name"))
        var school: String?

        @OptionGroup var database: DatabaseOptions

        func perform() async -> Int32 {
            await reporting {
                try await ServerCommands.importRoster(files: files, districtCode: district, school: school, options: database.serverOptions)
            }
        }
    }
}

struct RebuildAggregates: JianfuSubcommand {
    static let configuration = CommandConfiguration(abstract: "Recompute the dashboards' sums (e.g. after a calendar change).")

    @OptionGroup var database: DatabaseOptions

    func perform() async -> Int32 {
        await reporting { try await ServerCommands.rebuildAggregates(options: database.serverOptions) }
    }
}

struct Backup: JianfuSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database while the server keeps serving; never overwrites a file."
    )

    @Argument(help: ArgumentHelp("Where to write the copy.", valueName: "path"))
    var path: String

    @OptionGroup var database: DatabaseOptions

    func perform() async -> Int32 {
        await reporting { try await ServerCommands.backup(to: path, options: database.serverOptions) }
    }
}

struct Restore: JianfuSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a checked backup in place of the SQLite database (stop the server first); the replaced file is kept beside it."
    )

    @Argument(help: ArgumentHelp("The backup to restore.", valueName: "path"))
    var path: String

    @OptionGroup var database: DatabaseOptions

    func perform() async -> Int32 {
        await reporting { try await ServerCommands.restore(from: path, options: database.serverOptions) }
    }
}

struct BenchData: JianfuSubcommand {
    static let configuration = CommandConfiguration(abstract: "Generate a synthetic district for load runs (see bench/README.md).")

    @Option(help: ArgumentHelp("small, district or large.", valueName: "scale"))
    var scale = "small"

    @Option(help: "The generator's seed: the same seed gives the same district.")
    var seed: UInt64 = 1

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard ServerCommands.benchScales.contains(scale) else {
            throw ValidationError("--scale takes one of \(ServerCommands.benchScales.joined(separator: ", "))")
        }
    }

    func perform() async -> Int32 {
        await reporting { try await ServerCommands.benchData(scale: scale, seed: seed, options: database.serverOptions) }
    }
}
