import Foundation
import JianfuCore
import NIOConcurrencyHelpers
import Vapor

/// The profiles loaded and validated at boot, and each district's adjusted view of one.
struct PolicyStore: Sendable {
    let profiles: [String: PolicyProfile]
    /// Published assessment tables (`assessment/*.yaml`) by their id, with the text they were read from: a bureau
    /// loads one of them into its district as it stands.
    var assessmentTables: [String: (text: String, table: AssessmentTable)] = [:]
    /// A district's adjusted profile and decoded history by the stored text they come from: every filing and every
    /// parent's page asks for them, and the text changes only when the bureau changes a value.
    private let adjusted = Memo<PolicyProfile>()
    private let histories = Memo<PolicyHistory>()

    init(profiles: [String: PolicyProfile]) {
        self.profiles = profiles
    }

    /// Loads every `*.yaml` in the directory; any malformed one stops the server.
    static func load(directory: String) throws -> PolicyStore {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        let files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var profiles: [String: PolicyProfile] = [:]
        var overlays: [(file: String, overlay: PolicyOverlay)] = []
        for file in files {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw PolicyProfileError(file: file.path, key: "", problem: "cannot be read: \(error.localizedDescription)")
            }
            if PolicyOverlay.isOverlay(yaml: text) {
                overlays.append((file.path, try PolicyOverlay.load(yaml: text, file: file.path)))
            } else {
                let profile = try PolicyProfile.load(yaml: text, file: file.path)
                profiles[profile.id] = profile
            }
        }
        guard profiles["national"] != nil else {
            throw PolicyProfileError(file: url.appendingPathComponent("national.yaml").path, key: "", problem: "the national profile is required")
        }
        // Regional overlays go on top of the full profile they extend, each checked against it.
        for (file, overlay) in overlays {
            guard let base = profiles[overlay.extends] else {
                throw PolicyProfileError(file: file, key: "extends", problem: "extends \(overlay.extends), which is not a loaded profile")
            }
            guard profiles[overlay.id] == nil else { throw PolicyProfileError(file: file, key: "id", problem: "\(overlay.id) is loaded twice") }
            profiles[overlay.id] = try overlay.applied(to: base, file: file)
        }
        var store = PolicyStore(profiles: profiles)
        store.assessmentTables = try loadAssessmentTables(url.appendingPathComponent("assessment", isDirectory: true))
        return store
    }

    /// A malformed table stops the server naming it, as a malformed profile does.
    private static func loadAssessmentTables(_ url: URL) throws -> [String: (text: String, table: AssessmentTable)] {
        guard let files = try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil) else { return [:] }
        var tables: [String: (text: String, table: AssessmentTable)] = [:]
        for file in files.filter({ $0.pathExtension == "yaml" }) {
            let text = try String(contentsOf: file, encoding: .utf8)
            do {
                let table = try AssessmentTable.parse(yaml: text)
                tables[table.id] = (text, table)
            } catch {
                throw PolicyProfileError(file: file.path, key: "", problem: "is not an assessment table Jianfu can score: \(error)")
            }
        }
        return tables
    }

    /// The profile the district chose, before its own values; one that was not loaded is refused, never replaced.
    func base(for district: District) throws -> PolicyProfile {
        guard let profile = profiles[district.policyProfile] else {
            throw DistrictPolicyError(district: district.code,
                                      problem: "runs on the policy profile \(district.policyProfile), which is not loaded (loaded: \(profiles.keys.sorted().joined(separator: ", ")))")
        }
        return profile
    }

    /// The district's own tightened values, as stored; unreadable ones are refused, never taken as none.
    static func adjustments(of district: District) throws -> [String: Int] {
        guard let values = try? JSONDecoder().decode([String: Int].self, from: Data(district.policyAdjustments.utf8)) else {
            throw DistrictPolicyError(district: district.code, problem: "has policy adjustments that cannot be read: \(district.policyAdjustments)")
        }
        return values
    }

    /// The district's values over time; empty before its first change.
    static func history(of district: District) throws -> PolicyHistory {
        guard let text = district.policyHistory else { return PolicyHistory() }
        guard let history = try? JSONDecoder().decode(PolicyHistory.self, from: Data(text.utf8)) else {
            throw DistrictPolicyError(district: district.code, problem: "has a policy history that cannot be read")
        }
        return history
    }

    /// `history(of:)`, decoded once per stored text.
    func history(of district: District) throws -> PolicyHistory {
        guard let text = district.policyHistory else { return PolicyHistory() }
        return try histories.value(for: text) { try Self.history(of: district) }
    }

    /// The district's profile with its own tightened values applied.
    func profile(for district: District) throws -> PolicyProfile {
        try adjusted.value(for: district.policyProfile + "\u{0}" + district.policyAdjustments) {
            try PolicyAdjustment(values: Self.adjustments(of: district)).applied(to: base(for: district))
        }
    }
}

/// Values made from stored text, kept by that text. A district has one current text, so the table stays small; it
/// is emptied if texts pile up (a bureau changing values all day).
final class Memo<Value: Sendable>: Sendable {
    private let limit = 1_000
    private let table = NIOLockedValueBox([String: Value]())

    func value(for key: String, make: () throws -> Value) throws -> Value {
        if let kept = table.withLockedValue({ $0[key] }) { return kept }
        let made = try make()
        table.withLockedValue { table in
            if table.count >= limit { table = [:] }
            table[key] = made
        }
        return made
    }
}

/// A district's policy settings that Jianfu cannot apply: the app does not start, and no request runs on a guess.
struct DistrictPolicyError: Error, CustomStringConvertible {
    let district: String
    let problem: String
    var description: String { "district \(district) \(problem)" }
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
