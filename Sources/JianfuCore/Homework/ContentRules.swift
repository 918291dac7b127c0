/// What homework text may not ask for, as profile data: each rule lists phrases with its id, source and strength.
/// HW-06 (nothing for parents to do, check or sign), HW-07 (no self-marking), HW-14 (no phone or app, 打卡), HW-09
/// (no punitive work). A district's profile may add phrases; a rule's strength says whether the work is refused or
/// filed with a flag for the reviewer.
public struct ContentRule: Codable, Sendable, Equatable {
    public enum Strength: String, Codable, Sendable {
        /// The filing is refused, quoting the rule.
        case refuse
        /// The filing goes through, flagged for the reviewer and the academic office.
        case flag
    }

    public let rule: String
    public let source: String
    public let wording: String
    public let strength: Strength
    /// Phrases the text may not contain. `…` inside a phrase stands for any text within one sentence:
    /// `错…罚…遍` finds "错一个字罚抄十遍".
    public var phrases: [String]

    public init(rule: String, source: String, wording: String, strength: Strength, phrases: [String]) {
        self.rule = rule
        self.source = source
        self.wording = wording
        self.strength = strength
        self.phrases = phrases
    }
}

/// A phrase of a rule found in a text.
public struct ContentFinding: Sendable, Equatable {
    public let rule: ContentRule
    public let phrase: String
}

public enum ContentCheck {
    /// Every rule the text breaks, with the first phrase that shows it, in the profile's order.
    public static func findings(in text: String, rules: [ContentRule]) -> [ContentFinding] {
        let sentences = sentences(of: text.lowercased())
        return rules.compactMap { rule in
            rule.phrases.first { phrase in sentences.contains { matches(phrase.lowercased(), in: $0) } }
                .map { ContentFinding(rule: rule, phrase: $0) }
        }
    }

    /// The pieces of a phrase, in order, within one sentence; spaces in the text are ignored.
    static func matches(_ phrase: String, in sentence: Substring) -> Bool {
        var rest = sentence.filter { !$0.isWhitespace }[...]
        for piece in phrase.split(separator: "…").map({ $0.filter { !$0.isWhitespace } }) where !piece.isEmpty {
            guard let found = rest.range(of: piece) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    static func sentences(of text: String) -> [Substring] {
        text.split { "。！？；!?;\n".contains($0) }
    }
}
