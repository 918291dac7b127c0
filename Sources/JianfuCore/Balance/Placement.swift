import Foundation

/// One incoming pupil for 平行编班: entrance scores, sex, and what the family chose.
public struct PlacementPupil: Codable, Sendable, Equatable {
    public enum Sex: String, Codable, Sendable {
        case m, f
    }

    public let ref: String
    public let sex: Sex
    public let scores: [String: Double]
    /// Spread across classes, like every other trait the classes must share.
    public let specialNeeds: Bool
    /// Twins and siblings: the pupils of one `together` group share a class, those of one `apart` group never do.
    public let together: String?
    public let apart: String?

    public init(ref: String, sex: Sex, scores: [String: Double], specialNeeds: Bool = false, together: String? = nil, apart: String? = nil) {
        self.ref = ref
        self.sex = sex
        self.scores = scores
        self.specialNeeds = specialNeeds
        self.together = together
        self.apart = apart
    }

    public var total: Double { scores.values.reduce(0, +) }
}

/// What a placement must hold (EX-15: no class is a fast or key class), each with what was found.
public enum PlacementProblem: Equatable, Sendable {
    case sizes(spread: Int)
    case sexes(spread: Int)
    case specialNeeds(spread: Int)
    /// A subject's (or the total's, "") class means differ by more than the tolerance.
    case means(subject: String, spread: Double)
    case together(String)
    case apart(String)
}

/// Why a cohort cannot be placed at all.
public enum PlacementInputProblem: Error, Equatable, Sendable {
    case tooFewClasses
    case tooFewPupils
    case duplicateRef(String)
    /// A pupil lacks a subject others have, or gives a score that is not a number between 0 and the bound.
    case badScore(ref: String, subject: String)
    case badTolerance
}

/// The balance of a set of classes, computed from the classes alone: the check shown beside a placement's result.
public struct PlacementCheck: Equatable, Sendable {
    public let sizes: [Int]
    public let boys: [Int]
    public let girls: [Int]
    public let specialNeeds: [Int]
    /// Per subject (and "" for the total), each class's mean, in the classes' order.
    public let means: [String: [Double]]
    public let togetherBroken: [String]
    public let apartBroken: [String]

    public static func of(_ classes: [[Int]], _ pupils: [PlacementPupil]) -> PlacementCheck {
        let subjects = Placement.subjects(of: pupils)
        var means: [String: [Double]] = [:]
        for subject in subjects + [""] {
            means[subject] = classes.map { members in
                guard !members.isEmpty else { return 0 }
                return members.reduce(0) { $0 + (subject.isEmpty ? pupils[$1].total : pupils[$1].scores[subject] ?? 0) } / Double(members.count)
            }
        }
        var classOf: [Int: Int] = [:]
        for (c, members) in classes.enumerated() { for p in members { classOf[p] = c } }
        let together = Dictionary(grouping: pupils.indices.filter { pupils[$0].together != nil }, by: { pupils[$0].together! })
        let apart = Dictionary(grouping: pupils.indices.filter { pupils[$0].apart != nil }, by: { pupils[$0].apart! })
        return PlacementCheck(
            sizes: classes.map(\.count), boys: classes.map { $0.filter { pupils[$0].sex == .m }.count },
            girls: classes.map { $0.filter { pupils[$0].sex == .f }.count }, specialNeeds: classes.map { $0.filter { pupils[$0].specialNeeds }.count },
            means: means,
            togetherBroken: together.filter { Set($0.value.map { classOf[$0] }).count > 1 }.keys.sorted(),
            apartBroken: apart.filter { Set($0.value.map { classOf[$0] }).count < $0.value.count }.keys.sorted())
    }

    static func spread(_ values: [Int]) -> Int { (values.max() ?? 0) - (values.min() ?? 0) }
    static func spread(_ values: [Double]) -> Double { (values.max() ?? 0) - (values.min() ?? 0) }

    /// What falls short: sizes, boys and girls, special needs within one of each other; every mean within the tolerance;
    /// every family's choice kept.
    public func problems(tolerance: Double) -> [PlacementProblem] {
        var found: [PlacementProblem] = []
        if Self.spread(sizes) > 1 { found.append(.sizes(spread: Self.spread(sizes))) }
        let sexSpread = max(Self.spread(boys), Self.spread(girls))
        if sexSpread > 1 { found.append(.sexes(spread: sexSpread)) }
        if Self.spread(specialNeeds) > 1 { found.append(.specialNeeds(spread: Self.spread(specialNeeds))) }
        for subject in means.keys.sorted() {
            let spread = Self.spread(means[subject] ?? [])
            if spread > tolerance + 1e-9 { found.append(.means(subject: subject, spread: spread)) }
        }
        found += togetherBroken.map(PlacementProblem.together) + apartBroken.map(PlacementProblem.apart)
        return found
    }
}

/// 平行编班 (EX-15): an incoming grade placed into classes of equal size (±1) with boys and girls, pupils with special
/// needs, and every subject's mean score balanced within a tolerance, keeping each family's choice for twins and
/// siblings. Reproducible: the same pupils, classes and seed give the same classes.
public enum Placement {
    public static let maxScore = 1000.0

    public struct Result: Equatable, Sendable {
        /// Each class's pupils, as indices into the input, in input order.
        public let classes: [[Int]]
        public let check: PlacementCheck
        /// Empty when every requirement holds; otherwise what could not be met, for the school to see.
        public let unmet: [PlacementProblem]
    }

    static func subjects(of pupils: [PlacementPupil]) -> [String] { Array(Set(pupils.flatMap(\.scores.keys))).sorted() }

    public static func validate(_ pupils: [PlacementPupil], classCount: Int, tolerance: Double) throws(PlacementInputProblem) {
        guard classCount >= 2 else { throw .tooFewClasses }
        guard pupils.count >= classCount else { throw .tooFewPupils }
        guard tolerance.isFinite, tolerance >= 0 else { throw .badTolerance }
        var seen: Set<String> = []
        let subjects = subjects(of: pupils)
        for pupil in pupils {
            guard seen.insert(pupil.ref).inserted else { throw .duplicateRef(pupil.ref) }
            for subject in subjects {
                guard let score = pupil.scores[subject], score.isFinite, score >= 0, score <= maxScore else { throw .badScore(ref: pupil.ref, subject: subject) }
            }
        }
    }

    public static func place(_ pupils: [PlacementPupil], classCount k: Int, tolerance: Double, seed: UInt64) throws(PlacementInputProblem) -> Result {
        try validate(pupils, classCount: k, tolerance: tolerance)
        var rng = SeededGenerator(seed: seed)
        let subjects = subjects(of: pupils)
        let dims = subjects.count + 1
        func score(_ p: Int, _ d: Int) -> Double { d == subjects.count ? pupils[p].total : pupils[p].scores[subjects[d]] ?? 0 }
        // A seeded tie-break, so that equal scores do not fall by input order.
        let tie = pupils.indices.map { _ in rng.next() }

        var members = Array(repeating: [Int](), count: k)
        var sums = Array(repeating: Array(repeating: 0.0, count: dims), count: k)
        var boys = Array(repeating: 0, count: k), girls = Array(repeating: 0, count: k), special = Array(repeating: 0, count: k)
        var apartIn = Array(repeating: Set<String>(), count: k)
        func put(_ p: Int, _ c: Int) {
            members[c].append(p)
            for d in 0..<dims { sums[c][d] += score(p, d) }
            if pupils[p].sex == .m { boys[c] += 1 } else { girls[c] += 1 }
            if pupils[p].specialNeeds { special[c] += 1 }
            if let a = pupils[p].apart { apartIn[c].insert(a) }
        }
        func take(_ p: Int, _ c: Int) {
            members[c].removeAll { $0 == p }
            for d in 0..<dims { sums[c][d] -= score(p, d) }
            if pupils[p].sex == .m { boys[c] -= 1 } else { girls[c] -= 1 }
            if pupils[p].specialNeeds { special[c] -= 1 }
            if let a = pupils[p].apart, !members[c].contains(where: { pupils[$0].apart == a }) { apartIn[c].remove(a) }
        }
        func allows(_ p: Int, _ c: Int) -> Bool { pupils[p].apart.map { !apartIn[c].contains($0) } ?? true }
        func spread(_ values: [Int]) -> Int { values.max()! - values.min()! }

        // Twins and siblings who stay together go first, as one, each group to the emptiest class.
        let groups = Dictionary(grouping: pupils.indices.filter { pupils[$0].together != nil }, by: { pupils[$0].together! })
        for key in groups.keys.sorted() {
            let group = groups[key]!
            let c = (0..<k).min { (members[$0].count, $0) < (members[$1].count, $1) }!
            for p in group { put(p, c) }
        }
        // Then everyone else, highest total first: pupils with special needs to the class with fewest of them, each
        // pupil to the class with fewest of their sex, then fewest pupils, then the lowest total so far.
        let singles = pupils.indices.filter { pupils[$0].together == nil }
            .sorted { (pupils[$0].specialNeeds ? 0 : 1, -pupils[$0].total, tie[$0]) < (pupils[$1].specialNeeds ? 0 : 1, -pupils[$1].total, tie[$1]) }
        for p in singles {
            let candidates = (0..<k).filter { allows(p, $0) }
            let pool = candidates.isEmpty ? Array(0..<k) : candidates
            let c = pool.min { a, b in
                func key(_ c: Int) -> (Int, Int, Int, Double) {
                    (pupils[p].specialNeeds ? special[c] : 0, pupils[p].sex == .m ? boys[c] : girls[c], members[c].count, sums[c][dims - 1])
                }
                return key(a) < key(b)
            }!
            put(p, c)
        }

        // Families' groups can leave a class one or two over, or short of one sex: single pupils move from the fullest
        // class to the emptiest (of the sex the fullest has more of), then boys and girls trade places, until each
        // count is within one, or nothing more can move.
        let movable = Set(singles)
        for _ in 0..<pupils.count {
            let big = (0..<k).max { (members[$0].count, $0) < (members[$1].count, $1) }!, small = (0..<k).min { (members[$0].count, $0) < (members[$1].count, $1) }!
            guard members[big].count - members[small].count > 1 else { break }
            let surplus: PlacementPupil.Sex = boys[big] - boys[small] >= girls[big] - girls[small] ? .m : .f
            guard let p = members[big].filter({ movable.contains($0) && allows($0, small) && !pupils[$0].specialNeeds })
                .min(by: { (pupils[$0].sex == surplus ? 0 : 1, tie[$0]) < (pupils[$1].sex == surplus ? 0 : 1, tie[$1]) }) else { break }
            take(p, big)
            put(p, small)
        }
        for _ in 0..<pupils.count {
            let byBoys = spread(boys) >= spread(girls)
            guard max(spread(boys), spread(girls)) > 1 else { break }
            let counts = byBoys ? boys : girls
            let many = (0..<k).max { (counts[$0], $0) < (counts[$1], $1) }!, few = (0..<k).min { (counts[$0], $0) < (counts[$1], $1) }!
            let sex: PlacementPupil.Sex = byBoys ? .m : .f
            guard let p = members[many].first(where: { movable.contains($0) && pupils[$0].sex == sex && !pupils[$0].specialNeeds && allows($0, few) }),
                  let q = members[few].first(where: { movable.contains($0) && pupils[$0].sex != sex && !pupils[$0].specialNeeds && allows($0, many) }) else { break }
            take(p, many)
            take(q, few)
            put(p, few)
            put(q, many)
        }

        // Swaps of two pupils alike in sex and needs (sizes and counts stay), kept when they narrow the means.
        func badness() -> Double {
            var total = 0.0
            for d in 0..<dims {
                let means = (0..<k).map { members[$0].isEmpty ? 0 : sums[$0][d] / Double(members[$0].count) }
                let spread = (means.max() ?? 0) - (means.min() ?? 0)
                total += max(0, spread - tolerance) * 1000 + spread
            }
            return total
        }
        var current = badness()
        let swappable = Set(singles)
        let rounds = 40 * pupils.count + 2000
        func mean(_ c: Int, _ d: Int) -> Double { members[c].isEmpty ? 0 : sums[c][d] / Double(members[c].count) }
        for round in 0..<rounds {
            var a = Int(rng.below(UInt64(k))), b = Int(rng.below(UInt64(k)))
            // Three tries in four between the classes furthest apart on the worst mean; the fourth anywhere.
            if round % 4 != 3 {
                let d = (0..<dims).max { d1, d2 in
                    let s1 = (0..<k).map { mean($0, d1) }, s2 = (0..<k).map { mean($0, d2) }
                    return (s1.max()! - s1.min()!) < (s2.max()! - s2.min()!)
                }!
                a = (0..<k).max { mean($0, d) < mean($1, d) }!
                b = (0..<k).min { mean($0, d) < mean($1, d) }!
            }
            guard a != b, !members[a].isEmpty, !members[b].isEmpty else { continue }
            let i = Int(rng.below(UInt64(members[a].count))), j = Int(rng.below(UInt64(members[b].count)))
            let p = members[a][i], q = members[b][j]
            guard swappable.contains(p), swappable.contains(q), pupils[p].sex == pupils[q].sex, pupils[p].specialNeeds == pupils[q].specialNeeds else { continue }
            // The apart groups hold after the swap.
            if let g = pupils[p].apart, g != pupils[q].apart, members[b].contains(where: { $0 != q && pupils[$0].apart == g }) { continue }
            if let g = pupils[q].apart, g != pupils[p].apart, members[a].contains(where: { $0 != p && pupils[$0].apart == g }) { continue }
            func move(_ from: Int, _ to: Int, _ x: Int) { for d in 0..<dims { sums[from][d] -= score(x, d); sums[to][d] += score(x, d) } }
            move(a, b, p)
            move(b, a, q)
            members[a][i] = q
            members[b][j] = p
            let next = badness()
            if next < current - 1e-12 {
                current = next
            } else {
                move(a, b, q)
                move(b, a, p)
                members[a][i] = p
                members[b][j] = q
            }
        }
        let classes = members.map { $0.sorted() }
        let check = PlacementCheck.of(classes, pupils)
        return Result(classes: classes, check: check, unmet: check.problems(tolerance: tolerance))
    }
}
