import Testing
@testable import JianfuCore

/// The allocation of limited programs: its stated rules hold for every seed, and the lottery favours nobody.
@Suite struct AllocationTests {
    /// A school's sign-up: `pupils` pupils ranking up to three of `programs` programs of `places` places each, every
    /// fifth pupil in a priority group; drawn from `seed`, so every case is a different sign-up.
    static func signUp(seed: UInt64, pupils: Int = 60, programs: Int = 5, places: Int = 8) -> ([RankedChoices], [String: Int]) {
        var rng = SeededGenerator(seed: seed &* 7919)
        let ids = (0..<programs).map { "p\($0)" }
        let applications = (0..<pupils).map { n in
            let count = 1 + Int(rng.below(3))
            var choices: [String] = []
            while choices.count < count {
                let pick = ids[Int(rng.below(UInt64(programs)))]
                if !choices.contains(pick) { choices.append(pick) }
            }
            return RankedChoices(pupil: "s\(n)", choices: choices, priority: n % 5 == 0)
        }
        return (applications, Dictionary(uniqueKeysWithValues: ids.map { ($0, places) }))
    }

    @Test func theRulesHoldForEverySeed() {
        for seed in UInt64(1)...300 {
            let (applications, capacity) = Self.signUp(seed: seed)
            let result = Allocation.run(applications, capacity: capacity, seed: seed)
            let byPupil = Dictionary(uniqueKeysWithValues: applications.map { ($0.pupil, $0) })
            let taken = Dictionary(grouping: result.placed.values, by: { $0 }).mapValues(\.count)
            // No program over its places; nobody placed where they did not ask.
            for (program, count) in taken { #expect(count <= capacity[program]!, "seed \(seed): \(program) over capacity") }
            for (pupil, program) in result.placed { #expect(byPupil[pupil]!.choices.contains(program), "seed \(seed)") }
            for application in applications {
                let got = result.placed[application.pupil].flatMap { application.choices.firstIndex(of: $0) } ?? application.choices.count
                // Nothing wasted: every choice ranked above what a pupil got is full.
                for better in application.choices.prefix(got) {
                    #expect(taken[better, default: 0] == capacity[better]!, "seed \(seed): \(application.pupil) skipped a free \(better)")
                }
                // Whoever got nothing waits on each of their choices.
                if result.placed[application.pupil] == nil {
                    for program in application.choices { #expect(result.waiting[program]?.contains(application.pupil) == true) }
                }
            }
            // A priority pupil is never beaten to a first choice by a pupil outside the groups: the places went in the
            // first round, to priority pupils who ranked it first.
            for application in applications where application.priority && result.placed[application.pupil] != application.choices[0] {
                let first = application.choices[0]
                let holders = result.placed.filter { $0.value == first }.map(\.key)
                #expect(holders.allSatisfy { byPupil[$0]!.priority && byPupil[$0]!.choices[0] == first },
                        "seed \(seed): \(application.pupil) lost \(first) to a pupil outside the groups")
            }
            // The recorded order: priority pupils first, and drawing again from the seed gives the same result.
            let priorityCount = applications.filter(\.priority).count
            #expect(result.order.prefix(priorityCount).allSatisfy { byPupil[$0]!.priority })
            #expect(Allocation.run(applications.reversed(), capacity: capacity, seed: seed) == result)
        }
    }

    @Test func aPupilWithoutAnEarlierChoiceComesBeforeAnyonesLaterOne() {
        // Both want p0 first (one place); the loser's second choice p1 is also the third pupil's second choice.
        let applications = [RankedChoices(pupil: "a", choices: ["p0", "p1"]), RankedChoices(pupil: "b", choices: ["p0", "p1"]),
                            RankedChoices(pupil: "c", choices: ["p2", "p1"])]
        for seed in UInt64(1)...50 {
            let result = Allocation.run(applications, capacity: ["p0": 1, "p1": 1, "p2": 1], seed: seed)
            #expect(Set(result.placed.keys) == ["a", "b", "c"])
            #expect(result.placed["c"] == "p2")
            #expect(Set([result.placed["a"], result.placed["b"]]) == ["p0", "p1"])
        }
    }

    @Test func theLotteryFavoursNobody() {
        // Ten pupils for one place, drawn 5,000 times: each wins about 500 times.
        let applications = (0..<10).map { RankedChoices(pupil: "s\($0)", choices: ["p"]) }
        var wins: [String: Int] = [:]
        for seed in UInt64(1)...5000 {
            let result = Allocation.run(applications, capacity: ["p": 1], seed: seed)
            wins[result.placed.first { $0.value == "p" }!.key, default: 0] += 1
            #expect(result.waiting["p"]?.count == 9)
        }
        #expect(wins.count == 10)
        // 500 ± 5 standard deviations (√(5000 · 0.1 · 0.9) ≈ 21).
        #expect(wins.values.allSatisfy { (395...605).contains($0) }, "\(wins)")
    }

    @Test func anUnbiasedDrawBelowABound() {
        var rng = SeededGenerator(seed: 42)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<30_000 { counts[Int(rng.below(3))] += 1 }
        #expect(counts.allSatisfy { (9_600...10_400).contains($0) }, "\(counts)")
    }
}
