import Foundation
import JianfuCore
import Vapor

/// The profiles loaded and validated at boot, and each district's adjusted view of one.
struct PolicyStore: Sendable {
    let profiles: [String: PolicyProfile]

    /// Loads every `*.yaml` in the directory; any malformed one stops the server.
    static func load(directory: String) throws -> PolicyStore {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var profiles: [String: PolicyProfile] = [:]
        for file in files {
            let profile = try PolicyProfile.load(contentsOf: file)
            profiles[profile.id] = profile
        }
        guard profiles["national"] != nil else {
            throw PolicyProfileError(file: url.appendingPathComponent("national.yaml").path, key: "", problem: "the national profile is required")
        }
        return PolicyStore(profiles: profiles)
    }

    /// The profile the district chose, before its own values.
    func base(for district: District) -> PolicyProfile {
        profiles[district.policyProfile] ?? profiles["national"]!
    }

    /// The district's own tightened values, as stored.
    static func adjustments(of district: District) -> [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(district.policyAdjustments.utf8))) ?? [:]
    }

    /// The district's profile with its own tightened values applied.
    func profile(for district: District) throws -> PolicyProfile {
        try PolicyAdjustment(values: Self.adjustments(of: district)).applied(to: base(for: district))
    }
}

extension Application {
    private struct PolicyStoreKey: StorageKey {
        typealias Value = PolicyStore
    }

    var policies: PolicyStore {
        get { storage[PolicyStoreKey.self]! }
        set { storage[PolicyStoreKey.self] = newValue }
    }
}
