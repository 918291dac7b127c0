import Foundation

extension PolicyProfile {
    /// 优质均衡 (教督〔2017〕6号): the seven resource indicators with their primary and junior thresholds, the rule a
    /// school passes by, the limits of the county's coefficients of variation, and the class-size limits.
    public struct Balance: Codable, Sendable, Equatable {
        public let indicators: [IndicatorStandard]
        public let pass: PassRule
        public let variation: StageLimits
        /// 所有小学、初中每个班级学生数分别不超过45人、50人.
        public let classSize: StageCounts
        /// 大班额 and 超大班额: the sizes from which a class is one.
        public let largeClasses: LargeClasses
        /// 平行编班's default tolerance between classes' mean scores.
        public let placement: PlacementDefault
    }

    public struct PlacementDefault: Codable, Sendable, Equatable {
        public let tolerance: Double
        public let rule: String
        public let source: String
        public let wording: String
    }

    /// One indicator as the standard defines it: a figure of the school per hundred pupils or per pupil.
    public struct IndicatorStandard: Codable, Sendable, Equatable {
        public enum Per: String, Codable, Sendable {
            case hundredPupils
            case pupil
        }

        public let code: String
        public let name: String
        /// The figure it is computed from, one of `ResourceFigures`' keys.
        public let figure: String
        public let per: Per
        /// As the standard writes it: "人/百生", "平方米/生", "元/生", "间/百生".
        public let unit: String
        public let primary: Double
        public let junior: Double
        public let rule: String
        public let source: String
        public let wording: String

        public func threshold(_ stage: Stage) -> Double { stage == .primary ? primary : junior }
    }

    /// 每所学校至少6项指标达到上述要求，余项不能低于要求的85%.
    public struct PassRule: Codable, Sendable, Equatable {
        public let indicatorsMet: Int
        public let othersAtLeastPercent: Int
        public let rule: String
        public let source: String
        public let wording: String
    }

    public struct StageLimits: Codable, Sendable, Equatable {
        public let primary: Double
        public let junior: Double
        public let rule: String
        public let source: String
        public let wording: String

        public func limit(_ stage: Stage) -> Double { stage == .primary ? primary : junior }
    }

    public struct StageCounts: Codable, Sendable, Equatable {
        public let primary: Int
        public let junior: Int
        public let rule: String
        public let source: String
        public let wording: String

        public func limit(_ stage: Stage) -> Int { stage == .primary ? primary : junior }
    }

    public struct LargeClasses: Codable, Sendable, Equatable {
        public let large: Int
        public let huge: Int
        public let rule: String
        public let source: String
        public let wording: String
    }
}

/// A school's (or a nine-year school's part's) figures for a year, as the school reports them.
public struct ResourceFigures: Codable, Sendable, Equatable {
    public static let keys = ["pupils", "teachersAboveQualification", "keyTeachers", "peArtTeachers", "teachingArea", "sportsArea", "equipmentValue",
                              "multimediaRooms"]

    public var values: [String: Double]

    public init(_ values: [String: Double]) { self.values = values }

    public var pupils: Double { values["pupils"] ?? 0 }

    /// Why figures cannot be taken: a figure missing, negative or not a number, or no pupils.
    public enum Problem: Error, Equatable, Sendable {
        case missing(String)
        case negative(String)
        case noPupils
    }

    public func check() throws(Problem) {
        for key in Self.keys {
            guard let value = values[key] else { throw .missing(key) }
            guard value.isFinite, value >= 0 else { throw .negative(key) }
        }
        guard pupils >= 1 else { throw .noPupils }
    }
}

/// One indicator's value at one school against the threshold.
public struct IndicatorValue: Sendable, Equatable {
    public let code: String
    public let value: Double
    public let threshold: Double
    public let unit: String

    public var met: Bool { value >= threshold }
    /// In the indicator's unit; 0 when met.
    public var shortfall: Double { max(0, threshold - value) }
    /// The value as a share of the threshold, in percent.
    public var percentOfThreshold: Double { threshold > 0 ? value / threshold * 100 : 100 }
}

/// How a school stands against the seven indicators and the pass rule.
public struct SchoolStanding: Sendable, Equatable {
    public let values: [IndicatorValue]
    public let passes: Bool
    /// The unmet indicators that fall below the rule's share of their threshold (the ones that fail the school even
    /// when enough others are met).
    public let belowFloor: [String]
    public let metCount: Int
}

public enum ResourceIndicators {
    /// The indicator's value at a school from its figures: per hundred pupils or per pupil.
    public static func value(_ standard: PolicyProfile.IndicatorStandard, _ figures: ResourceFigures) -> Double {
        let figure = figures.values[standard.figure] ?? 0
        guard figures.pupils > 0 else { return 0 }
        return standard.per == .hundredPupils ? figure / figures.pupils * 100 : figure / figures.pupils
    }

    public static func standing(_ figures: ResourceFigures, stage: Stage, balance: PolicyProfile.Balance) -> SchoolStanding {
        let values = balance.indicators.map { s in IndicatorValue(code: s.code, value: value(s, figures), threshold: s.threshold(stage), unit: s.unit) }
        let met = values.filter(\.met).count
        let floor = Double(balance.pass.othersAtLeastPercent)
        let below = values.filter { !$0.met && $0.percentOfThreshold < floor }.map(\.code)
        return SchoolStanding(values: values, passes: met >= balance.pass.indicatorsMet && below.isEmpty, belowFloor: below, metCount: met)
    }
}

/// The coefficient of variation (差异系数) of one indicator across a stage's schools, as the standard computes it:
/// each school weighted by its pupils. X̄ = Σ PᵢXᵢ / P, S = √(Σ (Pᵢ/P)(Xᵢ − X̄)²), CV = S / X̄. The unweighted
/// coefficient (every school counting alike) is not the standard's and is not computed here.
public struct Variation: Sendable, Equatable {
    public let mean: Double
    public let deviation: Double
    public let coefficient: Double
    /// Each school's part of Σ (Pᵢ/P)(Xᵢ − X̄)², in the order given: the schools that pull the coefficient most.
    public let contributions: [Double]

    /// `schools`: each school's pupils and value. Nil for no pupils or a zero mean.
    public static func of(_ schools: [(pupils: Double, value: Double)]) -> Variation? {
        let total = schools.reduce(0) { $0 + $1.pupils }
        guard total > 0 else { return nil }
        let mean = schools.reduce(0) { $0 + $1.pupils * $1.value } / total
        guard mean > 0 else { return nil }
        let contributions = schools.map { $0.pupils / total * ($0.value - mean) * ($0.value - mean) }
        let deviation = contributions.reduce(0, +).squareRoot()
        return Variation(mean: mean, deviation: deviation, coefficient: deviation / mean, contributions: contributions)
    }
}

/// One class against the size limits.
public enum ClassSizeStanding: String, Sendable, Equatable, CaseIterable {
    case within
    /// Over the stage's limit (45, 50) but under 大班额.
    case over
    case large
    case huge

    public static func of(_ size: Int, stage: Stage, balance: PolicyProfile.Balance) -> ClassSizeStanding {
        if size >= balance.largeClasses.huge { return .huge }
        if size >= balance.largeClasses.large { return .large }
        return size > balance.classSize.limit(stage) ? .over : .within
    }
}
