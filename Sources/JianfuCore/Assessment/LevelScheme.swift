/// The levels results are reported in (EX-09): a score is never shown to
/// anyone but the class's own staff; pupils and parents see its level.
public struct LevelScheme: Codable, Sendable, Equatable {
    public struct Level: Codable, Sendable, Equatable {
        public let code: String
        public let zh: String
        public let en: String
        /// The least share of the full mark, in percent, that reaches this level.
        public let minPercent: Int
    }

    public let rule: String
    public let source: String
    public let wording: String
    public let minimumLevels: Int
    /// Highest first.
    public let levels: [Level]

    public func level(code: String) -> Level? {
        levels.first { $0.code == code }
    }

    /// The level a score reaches on a paper of `fullMarks`.
    public func level(score: Double, fullMarks: Int) -> Level {
        let percent = fullMarks > 0 ? score * 100 / Double(fullMarks) : 0
        return levels.first { percent >= Double($0.minPercent) } ?? levels[levels.count - 1]
    }

    /// Why the scheme cannot be used, or nil.
    func problem(maximumLevels: Int) -> String? {
        guard minimumLevels >= 2, levels.count >= minimumLevels, levels.count <= maximumLevels else {
            return "needs between \(minimumLevels) and \(maximumLevels) levels (has \(levels.count))"
        }
        guard Set(levels.map(\.code)).count == levels.count else { return "level codes must differ" }
        for (higher, lower) in zip(levels, levels.dropFirst()) where higher.minPercent <= lower.minPercent {
            return "minPercent must fall from level to level (\(higher.code) \(higher.minPercent), \(lower.code) \(lower.minPercent))"
        }
        guard levels.last?.minPercent == 0, (levels.first?.minPercent ?? 0) <= 100 else {
            return "the lowest level must start at 0 and the highest at most at 100"
        }
        return nil
    }
}

/// Who attaches a two-way specification table and what its columns are.
public struct SpecificationRule: Codable, Sendable, Equatable {
    public struct CognitiveLevel: Codable, Sendable, Equatable {
        public let zh: String
        public let en: String
    }

    public let rule: String
    public let source: String
    public let wording: String
    public let fromGrade: Int
    public let cognitiveLevels: [CognitiveLevel]

    /// Whether a test takes a table: end-of-term paper tests from `fromGrade` up.
    public func applies(kind: TestKind?, paper: Bool, grade: Int) -> Bool {
        kind == .final && paper && grade >= fromGrade
    }
}
