import ArgumentParser
import Foundation
@testable import JianfuCommands
import Testing

/// `jianfu --help` and every command's `--help` give usage; a wrong option is a one-line error with the usage; the
/// README lists every command exactly as `--help` prints its usage.
@Suite struct CommandLineTests {
    static let commands: [any ParsableCommand.Type] = [Serve.self, Migrate.self, Import.Roster.self, RebuildAggregates.self,
                                                       Backup.self, Restore.self, BenchData.self]

    /// Runs the built `jianfu` (beside the test bundle) as a person at the terminal would.
    func jianfu(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("jianfu")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func helpIsHelpForEveryCommand() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["--help"], ["backup", "--help"], ["restore", "--help"], ["serve", "--help"], ["import", "roster", "--help"],
                          ["bench-data", "--help"], ["migrate", "--help"], ["rebuild-aggregates", "--help"]] {
            let (status, output) = try jianfu(arguments, in: folder)
            #expect(status == 0, "\(arguments)")
            #expect(output.contains("USAGE: jianfu"), "\(arguments): \(output)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [], "help created no database and no backup")
    }

    @Test func aWrongOptionIsAShortErrorWithTheUsage() throws {
        let (status, output) = try jianfu(["serve", "--prot", "80"], in: FileManager.default.temporaryDirectory)
        #expect(status == 64)
        let lines = output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("Error: Unknown option '--prot'") == true, "\(output)")
        #expect(lines.count <= 3 && output.contains("Usage: jianfu serve"), "\(output)")
        let scale = try jianfu(["bench-data", "--scale", "huge"], in: FileManager.default.temporaryDirectory)
        #expect(scale.status == 64 && scale.output.contains("small, district, large"), "\(scale.output)")
    }

    @Test func aMissingResourcesFolderIsOneClearLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try jianfu(["migrate", "--resources", folder.path + "/nowhere"], in: folder)
        #expect(status == 1)
        #expect(output == "jianfu: the resources folder \(folder.path)/nowhere has no Views/, Policy/, Public/ in it\n")
    }

    @Test func theReadmeListsEveryCommandAsItsHelpDoes() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        for command in Self.commands {
            let usage = try #require(Jianfu.helpMessage(for: command, columns: 1000).split(separator: "\n").first { $0.hasPrefix("USAGE: ") })
                .dropFirst("USAGE: ".count)
            #expect(readme.contains("    " + usage + "\n"), "README.md lacks the line `\(usage)`")
        }
    }
}
