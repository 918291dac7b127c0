/// One pupil's ranked choices of the limited programs, as sign-up closed.
public struct RankedChoices: Equatable, Sendable {
    public let pupil: String
    /// Program ids, most wanted first.
    public let choices: [String]
    /// In a group the district names for priority (AS-12: left-behind and migrant children).
    public let priority: Bool

    public init(pupil: String, choices: [String], priority: Bool = false) {
        self.pupil = pupil
        self.choices = choices
        self.priority = priority
    }
}

/// What the allocation decided: who has a place where, and who waits where, in order.
public struct AllocationResult: Equatable, Sendable {
    /// Pupil → the program they were placed in.
    public var placed: [String: String]
    /// Program → the pupils waiting for it, first to be promoted first.
    public var waiting: [String: [String]]
    /// The lottery's order of the pupils, as drawn: the record of how the places were given.
    public var order: [String]
}

/// The allocation of limited programs when sign-up closes, stated so that it can be checked:
///
/// 1. Pupils are drawn in a seeded lottery (the seed is recorded with the run, so anyone can draw it again); pupils in
///    a priority group come before the others, and the lottery orders each group.
/// 2. Round by round of choice: in round k every pupil still without a place, in the lottery's order, takes their k-th
///    choice if it has a free place. So a pupil who got none of their earlier choices comes before anyone's later ones.
/// 3. Each pupil gets at most one place; a pupil who got no place waits on each of their choices, in the lottery's order.
public enum Allocation {
    public static func run(_ applications: [RankedChoices], capacity: [String: Int], seed: UInt64) -> AllocationResult {
        var rng = SeededGenerator(seed: seed)
        // Sorting first makes the draw independent of the order applications were read in.
        let sorted = applications.sorted { $0.pupil < $1.pupil }
        let drawn = lottery(sorted.filter(\.priority), &rng) + lottery(sorted.filter { !$0.priority }, &rng)
        var free = capacity
        var placed: [String: String] = [:]
        let rounds = drawn.map(\.choices.count).max() ?? 0
        for round in 0..<rounds {
            for application in drawn where placed[application.pupil] == nil && round < application.choices.count {
                let program = application.choices[round]
                if let left = free[program], left > 0 {
                    free[program] = left - 1
                    placed[application.pupil] = program
                }
            }
        }
        var waiting: [String: [String]] = [:]
        for application in drawn where placed[application.pupil] == nil {
            for program in application.choices where capacity[program] != nil {
                waiting[program, default: []].append(application.pupil)
            }
        }
        return AllocationResult(placed: placed, waiting: waiting, order: drawn.map(\.pupil))
    }

    /// Fisher–Yates with an unbiased draw of each index, written out so that a seed always gives the same order
    /// (the standard library does not promise its shuffle's algorithm).
    static func lottery<T>(_ items: [T], _ rng: inout SeededGenerator) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(rng.below(UInt64(i + 1))))
        }
        return items
    }
}

/// SplitMix64: a small generator whose output depends only on its seed, on every platform and Swift version, so that
/// a recorded lottery can be drawn again and a demo district is always the same.
public struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound, every value equally likely: draws that would favour the low values are drawn again.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let value = next()
            if value < limit { return value % bound }
        }
    }
}
