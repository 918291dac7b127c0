import Foundation

/// Where a published table disagrees with itself, and what the bureau may decide about it.
public struct TableDiscrepancy: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// An indicator's stated points differ from the sum of its parts' stated points.
        case sumOfParts
        /// Two indicators carry the same code.
        case duplicateCode
        /// A code in a numbered run is not in the table (B1…B5, B7: no B6).
        case missingCode
        /// An indicator scored by achievements that may be added up, without saying whether they stop at its points.
        case uncappedAchievements
    }

    /// Stable across loads of the same table: "sum:A2", "duplicate:B5", "missing:B6", "cap:C17".
    public let key: String
    public let kind: Kind
    public let code: String
    public let stated: Double?
    public let sumOfParts: Double?
    /// What the bureau may decide; the first is not a default, only the first listed.
    public var choices: [TableDecision] {
        switch kind {
        case .sumOfParts: [.parts, .stated]
        case .duplicateCode, .missingCode: [.asPublished]
        case .uncappedAchievements: [.capped, .uncapped]
        }
    }
}

/// The bureau's word on a discrepancy.
public enum TableDecision: String, Codable, Sendable, CaseIterable {
    /// The indicator is worth what its parts add up to.
    case parts
    /// The stated points stand: its parts' scores are scaled to them.
    case stated
    /// Kept as published (a label, not a number).
    case asPublished
    /// Achievements count up to the indicator's points.
    case capped
    /// Achievements count in full, past the indicator's points.
    case uncapped
}

extension AssessmentTable {
    public var discrepancies: [TableDiscrepancy] {
        var found: [TableDiscrepancy] = []
        let firstLevel = indicators.compactMap(\.points).reduce(0, +)
        if let statedTotal, indicators.allSatisfy({ $0.points != nil }), !Self.same(statedTotal, firstLevel) {
            found.append(TableDiscrepancy(key: "sum:total", kind: .sumOfParts, code: "total", stated: statedTotal, sumOfParts: firstLevel))
        }
        for node in nodes where !node.indicator.isLeaf {
            let parts = node.indicator.children ?? []
            guard let stated = node.indicator.points, parts.allSatisfy({ $0.points != nil }) else { continue }
            let sum = parts.compactMap(\.points).reduce(0, +)
            if !Self.same(stated, sum) {
                found.append(TableDiscrepancy(key: "sum:\(node.key)", kind: .sumOfParts, code: node.key, stated: stated, sumOfParts: sum))
            }
        }
        var codes: [String: Int] = [:]
        for node in nodes { codes[node.indicator.code, default: 0] += 1 }
        for (code, count) in codes.sorted(by: { $0.key < $1.key }) where count > 1 {
            found.append(TableDiscrepancy(key: "duplicate:\(code)", kind: .duplicateCode, code: code, stated: nil, sumOfParts: nil))
        }
        // Numbered runs: the letters' numbers should run 1…n without a gap.
        var runs: [String: Set<Int>] = [:]
        for code in codes.keys {
            let letters = code.prefix { $0.isLetter }
            if let number = Int(code.dropFirst(letters.count)), !letters.isEmpty { runs[String(letters), default: []].insert(number) }
        }
        for (letters, numbers) in runs.sorted(by: { $0.key < $1.key }) {
            for missing in 1...(numbers.max() ?? 1) where !numbers.contains(missing) {
                found.append(TableDiscrepancy(key: "missing:\(letters)\(missing)", kind: .missingCode, code: "\(letters)\(missing)", stated: nil,
                                              sumOfParts: nil))
            }
        }
        for node in leaves where node.indicator.achievements?.isEmpty == false {
            found.append(TableDiscrepancy(key: "cap:\(node.key)", kind: .uncappedAchievements, code: node.key, stated: node.indicator.points,
                                          sumOfParts: nil))
        }
        return found
    }

    static func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.000_001 }
}

/// One school's ratings on a table for a term: a level per indicator rated by level, and the count of each
/// achievement per indicator scored by achievements.
public struct SchoolRatings: Sendable, Equatable {
    public var levels: [String: Int]
    public var achievements: [String: [String: Int]]

    public init(levels: [String: Int] = [:], achievements: [String: [String: Int]] = [:]) {
        self.levels = levels
        self.achievements = achievements
    }
}

public enum RatingProblem: Error, Equatable, Sendable {
    case unknownCode(String)
    case levelNotInScheme(code: String, level: Int)
    /// A level for an indicator scored by achievements, or achievements for one rated by level.
    case wrongKind(String)
    case unknownAchievement(code: String, key: String)
    case negativeCount(String)
    /// Discrepancies that change the points and that the bureau has not decided: nothing is totalled on a guess.
    case undecided([String])
}

/// A school's points on a table: each indicator's score and the most it could have scored, under the bureau's
/// decisions. Every figure is the table's own arithmetic; nothing is rounded until it is shown.
public struct AssessmentScore: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let key: String
        public let score: Double
        public let maximum: Double
        /// Leaves only: whether it was rated this term.
        public let rated: Bool
    }

    public let lines: [Line]
    public let total: Double
    public let maximum: Double
    public let rated: Int
    public let toRate: Int

    public func line(_ key: String) -> Line? { lines.first { $0.key == key } }
}

public enum AssessmentScoring {
    /// Checks what an assessor entered against the table: codes, levels in its scheme, achievements it lists.
    public static func check(_ ratings: SchoolRatings, on table: AssessmentTable) throws(RatingProblem) {
        try Scorer(table).check(ratings)
    }

    /// The decisions scoring needs: those of discrepancies that change points (sums and caps), not yet decided.
    public static func undecided(_ table: AssessmentTable, decisions: [String: TableDecision]) -> [String] {
        table.discrepancies.filter { $0.kind == .sumOfParts || $0.kind == .uncappedAchievements }
            .filter { decision in decisions[decision.key].map { decision.choices.contains($0) } != true }.map(\.key)
    }

    public static func score(_ ratings: SchoolRatings, on table: AssessmentTable, decisions: [String: TableDecision]) throws(RatingProblem)
        -> AssessmentScore {
        try Scorer(table, decisions: decisions).score(ratings)
    }

    /// A table's tree walked once, for scoring many schools on it (the bureau's list of every school, this term and last).
    public struct Scorer: Sendable {
        let table: AssessmentTable
        let decisions: [String: TableDecision]
        let nodes: [AssessmentTable.Node]
        let children: [String: [AssessmentTable.Node]]
        let leaves: [String: AssessmentTable.Indicator]
        /// Discrepancies that change points and are not decided yet: scoring waits for the bureau.
        let pending: [String]

        public init(_ table: AssessmentTable, decisions: [String: TableDecision] = [:]) {
            self.table = table
            self.decisions = decisions
            nodes = table.nodes
            children = Dictionary(grouping: nodes.filter { $0.parentKey != nil }, by: { $0.parentKey! })
            leaves = Dictionary(nodes.filter { $0.indicator.isLeaf }.map { ($0.indicator.code, $0.indicator) }, uniquingKeysWith: { first, _ in first })
            pending = AssessmentScoring.undecided(table, decisions: decisions)
        }

        public func check(_ ratings: SchoolRatings) throws(RatingProblem) {
            for (code, level) in ratings.levels.sorted(by: { $0.key < $1.key }) {
                guard let leaf = leaves[code] else { throw .unknownCode(code) }
                guard leaf.achievements == nil else { throw .wrongKind(code) }
                guard table.level(level) != nil else { throw .levelNotInScheme(code: code, level: level) }
            }
            for (code, counts) in ratings.achievements.sorted(by: { $0.key < $1.key }) {
                guard let leaf = leaves[code] else { throw .unknownCode(code) }
                guard let listed = leaf.achievements else { throw .wrongKind(code) }
                for (key, count) in counts.sorted(by: { $0.key < $1.key }) {
                    guard listed.contains(where: { $0.key == key }) else { throw .unknownAchievement(code: code, key: key) }
                    guard count >= 0 else { throw .negativeCount(code) }
                }
            }
        }

        public func score(_ ratings: SchoolRatings) throws(RatingProblem) -> AssessmentScore {
            try check(ratings)
            guard pending.isEmpty else { throw .undecided(pending) }
            var lines: [AssessmentScore.Line] = []
            var rated = 0, toRate = 0

            func leaf(_ node: AssessmentTable.Node) -> (Double, Double) {
                let points = node.indicator.points ?? 0
                toRate += 1
                if let listed = node.indicator.achievements {
                    let counts = ratings.achievements[node.indicator.code]
                    var sum = 0.0
                    for achievement in listed { sum += Double(counts?[achievement.key] ?? 0) * achievement.points }
                    let capped = decisions["cap:\(node.key)"] == .capped
                    if counts != nil { rated += 1 }
                    lines.append(.init(key: node.key, score: capped ? min(sum, points) : sum, maximum: points, rated: counts != nil))
                    return (capped ? min(sum, points) : sum, points)
                }
                let level = ratings.levels[node.indicator.code].flatMap(table.level)
                if level != nil { rated += 1 }
                let score = points * (level?.factor ?? 0)
                lines.append(.init(key: node.key, score: score, maximum: points, rated: level != nil))
                return (score, points)
            }

            // A node's parts in reading order (keys are unique, codes may not be).
            func walk(_ node: AssessmentTable.Node) -> (Double, Double) {
                guard !node.indicator.isLeaf else { return leaf(node) }
                let index = lines.count
                var score = 0.0, maximum = 0.0
                for child in children[node.key] ?? [] {
                    let (s, m) = walk(child)
                    score += s
                    maximum += m
                }
                if decisions["sum:\(node.key)"] == .stated, let stated = node.indicator.points, maximum > 0 {
                    score *= stated / maximum
                    maximum = stated
                }
                lines.insert(.init(key: node.key, score: score, maximum: maximum, rated: false), at: index)
                return (score, maximum)
            }

            var total = 0.0, maximum = 0.0
            for top in nodes where top.parentKey == nil {
                let (s, m) = walk(top)
                total += s
                maximum += m
            }
            if decisions["sum:total"] == .stated, let stated = table.statedTotal, maximum > 0 {
                total *= stated / maximum
                maximum = stated
            }
            return AssessmentScore(lines: lines, total: total, maximum: maximum, rated: rated, toRate: toRate)
        }
    }
}
