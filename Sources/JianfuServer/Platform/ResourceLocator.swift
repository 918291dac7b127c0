import Foundation

/// Finds the `Resources` folder (templates, policy profiles, styles) so that a built binary serves from any working
/// directory: the folder named by `--resources` or `JIANFU_RESOURCES`, else `Resources` in the working directory,
/// else one beside the binary or in a folder above it (a binary under `.build/release` finds the checkout's).
public enum ResourceLocator {
    /// What makes a folder Jianfu's resources.
    static let required = ["Views", "Policy", "Public"]

    public struct NotFound: Error, CustomStringConvertible {
        let looked: [String]
        let explicit: Bool

        public var description: String {
            explicit
                ? "the resources folder \(looked[0]) has no \(ResourceLocator.required.joined(separator: "/, "))/ in it"
                : "no Resources folder (with \(ResourceLocator.required.joined(separator: "/, "))/) in \(looked.joined(separator: ", ")); pass --resources DIR or set JIANFU_RESOURCES"
        }
    }

    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              workingDirectory: String = FileManager.default.currentDirectoryPath,
                              executable: String = CommandLine.arguments.first ?? "") throws -> String {
        if let named = explicit ?? environment["JIANFU_RESOURCES"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let path = absolute(named, from: workingDirectory)
            guard isResources(path) else { throw NotFound(looked: [path], explicit: true) }
            return path
        }
        var candidates = [absolute("Resources", from: workingDirectory)]
        var folder = URL(fileURLWithPath: absolute(executable, from: workingDirectory)).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            candidates.append(folder.appendingPathComponent("Resources").path)
            folder.deleteLastPathComponent()
        }
        guard let found = candidates.first(where: isResources) else { throw NotFound(looked: candidates, explicit: false) }
        return found
    }

    static func isResources(_ path: String) -> Bool {
        required.allSatisfy { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isFolder) && isFolder.boolValue
        }
    }

    static func absolute(_ path: String, from workingDirectory: String) -> String {
        let full = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }
}
