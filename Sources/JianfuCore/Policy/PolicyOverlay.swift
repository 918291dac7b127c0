import Foundation
import Yams

/// A region's profile written as what it changes in another (`extends`, usually `national`): each value with the
/// regional rule that sets it, and phrases it adds to the content rules. Loaded on top of its base and checked against
/// it: a region may tighten any value, and may loosen only what the base marks as a guideline.
public struct PolicyOverlay: Codable, Sendable, Equatable {
    public let id: String
    public let extends: String
    public let version: String
    public let title: LocalizedTitle
    public let values: [String: RuledValue]
    /// Extra phrases for the base's content rules, by rule id (`HW-14: [微信群提交]`).
    public let contentPhrases: [String: [String]]?

    public static func load(yaml text: String, file: String) throws(PolicyProfileError) -> PolicyOverlay {
        try decodeYAML(PolicyOverlay.self, from: text, file: file)
    }

    /// Whether a profile file is an overlay: it names the profile it extends.
    public static func isOverlay(yaml text: String) -> Bool {
        struct Probe: Decodable { let extends: String? }
        return (try? YAMLDecoder().decode(Probe.self, from: text))?.extends != nil
    }

    /// The base with the region's values, or the first value the region may not set, naming the file, key and rule.
    public func applied(to base: PolicyProfile, file: String) throws(PolicyProfileError) -> PolicyProfile {
        func fail(_ key: String, _ problem: String) -> PolicyProfileError { PolicyProfileError(file: file, key: key, problem: problem) }
        var profile = base
        profile.id = id
        profile.version = version
        profile.title = title
        for key in values.keys.sorted() {
            let value = values[key]!
            guard let direction = PolicyAdjustment.adjustable[key], let current = base.ruledValues.first(where: { $0.key == key })?.value else {
                throw fail("values.\(key)", "is not a value a region may set (known: \(PolicyAdjustment.adjustable.keys.sorted().joined(separator: ", ")))")
            }
            guard let requested = value.value, requested >= 0 else { throw fail("values.\(key)", "needs a number of at least 0") }
            guard !value.rule.trimmingCharacters(in: .whitespaces).isEmpty, !value.source.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("values.\(key)", "needs the regional rule's id and source")
            }
            if let national = current.value, !current.guideline {
                let looser = direction == .atMost ? requested > national : direction == .atLeast && requested < national
                if looser {
                    throw fail("values.\(key)", "loosens \(current.rule) of \(base.id) (\(national) → \(requested)); a region may only tighten a mandatory value")
                }
            }
            profile.replace(key, with: value)
        }
        for (rule, phrases) in (contentPhrases ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let index = profile.homework.contentRules.firstIndex(where: { $0.rule == rule }) else {
                throw fail("contentPhrases.\(rule)", "\(base.id) has no content rule \(rule)")
            }
            profile.homework.contentRules[index].phrases += phrases
        }
        try profile.validate(file: file)
        return profile
    }
}
