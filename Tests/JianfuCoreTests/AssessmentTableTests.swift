import Foundation
@testable import JianfuCore
import Testing

/// Seed 002's table (2023年白山市“质量提升年”活动评估指标体系) as published, and schools scored on it by hand.
@Suite struct AssessmentTableTests {
    static func seed002() throws -> AssessmentTable {
        try AssessmentTable.parse(yaml: String(contentsOf: Fixture.policyURL("assessment/baishan-2023.yaml"), encoding: .utf8))
    }

    /// The bureau's word on each question the table leaves open: the parts stand, C17's achievements stop at 10.
    static let partsStand: [String: TableDecision] = ["sum:A2": .parts, "sum:B5#1": .parts, "sum:B5#2": .parts, "cap:C17": .capped,
                                                      "duplicate:B5": .asPublished, "missing:B6": .asPublished]

    @Test func theTableIsKeptAsPublished() throws {
        let table = try Self.seed002()
        #expect(table.indicators.map(\.code) == ["A1", "A2", "A3"])
        #expect(table.indicators.map(\.points) == [20, 70, 10])
        #expect(table.statedTotal == nil, "the table states no overall total")
        #expect(table.leaves.map(\.indicator.code) == (1...17).map { "C\($0)" })
        #expect(table.leaves.compactMap(\.indicator.points).reduce(0, +) == 99)
        #expect(table.scheme.levels.map(\.weight) == ["1.0", "0.8", "0.5"])
        #expect(table.nodes.first { $0.key == "C5" }?.indicator.content?.first?.contains("校长听课不少于30节") == true)
        #expect(table.nodes.filter { $0.indicator.code == "B5" }.map(\.key) == ["B5#1", "B5#2"])
    }

    @Test func whereItsNumbersDisagreeItSaysExactlyWhere() throws {
        let found = try Self.seed002().discrepancies
        #expect(found.map(\.key) == ["sum:A2", "sum:B5#1", "sum:B5#2", "duplicate:B5", "missing:B6", "cap:C17"])
        let a2 = try #require(found.first { $0.key == "sum:A2" })
        #expect(a2.stated == 70 && a2.sumOfParts == 75, "A2 states 70; its B parts state 15 × 5")
        #expect(found.first { $0.key == "sum:B5#1" }?.sumOfParts == 5)
        #expect(found.first { $0.key == "sum:B5#2" }?.sumOfParts == 19)
    }

    @Test func nothingIsTotalledUntilTheBureauHasDecided() throws {
        let table = try Self.seed002()
        #expect(throws: RatingProblem.undecided(["sum:A2", "sum:B5#1", "sum:B5#2", "cap:C17"])) {
            try AssessmentScoring.score(SchoolRatings(levels: ["C1": 1]), on: table, decisions: [:])
        }
    }

    /// Three schools worked by hand (points × weight; 一等 1.0, 二等 0.8, 三等 0.5).
    @Test func schoolsScoredByHand() throws {
        let table = try Self.seed002()
        let codes = (1...16).map { "C\($0)" }
        // School X: 一等 everywhere; C17 a provincial meeting (5) and a city publication (1).
        let x = SchoolRatings(levels: Dictionary(uniqueKeysWithValues: codes.map { ($0, 1) }),
                              achievements: ["C17": ["meetingProvincial": 1, "publishedCity": 1]])
        let scoredX = try AssessmentScoring.score(x, on: table, decisions: Self.partsStand)
        #expect(scoredX.total == 95 && scoredX.maximum == 99 && scoredX.rated == 17 && scoredX.toRate == 17)

        // School Y: C1 二等 16; B2 15; B3 3 + 4.8 + 3 = 10.8; B4 4 + 4 + 2.5 = 10.5; C11 2.5; C12–C16 5 + 3.2 + 3 + 2.4 + 2 = 15.6;
        // C17 two provincial publications and a national one, 11, capped at 10.
        let y = SchoolRatings(levels: ["C1": 2, "C2": 1, "C3": 1, "C4": 1, "C5": 3, "C6": 2, "C7": 1, "C8": 2, "C9": 2, "C10": 3, "C11": 3,
                                       "C12": 1, "C13": 2, "C14": 1, "C15": 2, "C16": 3],
                              achievements: ["C17": ["publishedProvincial": 2, "publishedNational": 1]])
        let scoredY = try AssessmentScoring.score(y, on: table, decisions: Self.partsStand)
        #expect(abs(scoredY.total - 80.4) < 1e-9)
        #expect(abs(scoredY.line("B3")!.score - 10.8) < 1e-9 && scoredY.line("B5#2")!.maximum == 19)
        var uncapped = Self.partsStand
        uncapped["cap:C17"] = .uncapped
        #expect(abs(try AssessmentScoring.score(y, on: table, decisions: uncapped).total - 81.4) < 1e-9)

        // The stated numbers standing instead: B5#1 2.5 × 15/5 = 7.5, B5#2 15.6 × 15/19, A2 (15 + 10.8 + 10.5 + 7.5 + 15.6 × 15/19) × 70/75.
        var stated = Self.partsStand
        for key in ["sum:A2", "sum:B5#1", "sum:B5#2"] { stated[key] = .stated }
        let scoredStated = try AssessmentScoring.score(y, on: table, decisions: stated)
        let a2 = (15 + 10.8 + 10.5 + 7.5 + 15.6 * 15 / 19) * 70 / 75
        #expect(abs(scoredStated.line("A2")!.score - a2) < 1e-9 && scoredStated.line("A2")!.maximum == 70)
        #expect(abs(scoredStated.total - (16 + a2 + 10)) < 1e-9 && scoredStated.maximum == 100)

        // School Z: 三等 everywhere, C17 not yet rated: 89 × 0.5.
        let z = SchoolRatings(levels: Dictionary(uniqueKeysWithValues: codes.map { ($0, 3) }))
        let scoredZ = try AssessmentScoring.score(z, on: table, decisions: Self.partsStand)
        #expect(scoredZ.total == 44.5 && scoredZ.rated == 16 && scoredZ.line("C17")?.rated == false)
    }

    @Test func ratingsOutsideTheTableOrItsSchemeAreRefused() throws {
        let table = try Self.seed002()
        #expect(throws: RatingProblem.unknownCode("C18")) { try AssessmentScoring.check(SchoolRatings(levels: ["C18": 1]), on: table) }
        #expect(throws: RatingProblem.levelNotInScheme(code: "C2", level: 4)) { try AssessmentScoring.check(SchoolRatings(levels: ["C2": 4]), on: table) }
        #expect(throws: RatingProblem.wrongKind("C17")) { try AssessmentScoring.check(SchoolRatings(levels: ["C17": 1]), on: table) }
        #expect(throws: RatingProblem.unknownAchievement(code: "C17", key: "award")) {
            try AssessmentScoring.check(SchoolRatings(achievements: ["C17": ["award": 1]]), on: table)
        }
    }

    @Test func aTableWhoseSchemeOrWeightsAreUnknownIsRefused() throws {
        let text = try String(contentsOf: Fixture.policyURL("assessment/baishan-2023.yaml"), encoding: .utf8)
        #expect(throws: AssessmentTable.Problem.unknownScheme("percentile")) {
            try AssessmentTable.parse(yaml: text.replacingOccurrences(of: "kind: levels", with: "kind: percentile"))
        }
        #expect(throws: AssessmentTable.Problem.badWeights("高")) {
            try AssessmentTable.parse(yaml: text.replacingOccurrences(of: #"weight: "0.8""#, with: #"weight: "高""#))
        }
        #expect(throws: AssessmentTable.Problem.duplicateLeaf("C3")) {
            try AssessmentTable.parse(yaml: text.replacingOccurrences(of: "code: C4", with: "code: C3"))
        }
    }
}

@Suite struct RectificationRulesTests {
    let visit = LocalDate(iso: "2026-10-12")!

    @Test func theLifeCycleRunsRespondThenAcceptOrReopen() throws {
        #expect(try RectificationRules.next(.open, .respond) == .responded)
        #expect(try RectificationRules.next(.responded, .reopen, reason: "缺少过程性材料") == .reopened)
        #expect(try RectificationRules.next(.reopened, .respond) == .responded)
        #expect(try RectificationRules.next(.responded, .accept) == .accepted)
        #expect(throws: RectificationProblem.reasonRequired) { try RectificationRules.next(.responded, .reopen, reason: " ") }
        #expect(throws: RectificationProblem.notNow(status: .open, action: .accept)) { try RectificationRules.next(.open, .accept) }
        #expect(throws: RectificationProblem.notNow(status: .accepted, action: .respond)) { try RectificationRules.next(.accepted, .respond) }
    }

    @Test func aDeadlineIsNotBeforeTheVisitAndLatenessIsTheSchoolsOnly() throws {
        #expect(throws: RectificationProblem.deadlineBeforeVisit(deadline: visit.adding(days: -1), visit: visit)) {
            try RectificationRules.checkDeadline(visit.adding(days: -1), visit: visit)
        }
        try RectificationRules.checkDeadline(visit, visit: visit)
        let deadline = LocalDate(iso: "2026-11-10")!
        #expect(!RectificationRules.isOverdue(.open, deadline: deadline, today: deadline))
        #expect(RectificationRules.daysOverdue(.open, deadline: deadline, today: LocalDate(iso: "2026-11-25")!) == 15)
        #expect(!RectificationRules.isOverdue(.responded, deadline: deadline, today: LocalDate(iso: "2026-11-25")!), "waiting for the inspector")
        #expect(RectificationRules.isOverdue(.reopened, deadline: deadline, today: LocalDate(iso: "2026-11-11")!))
    }
}

@Suite struct RoutineQuotaTests {
    // 2026-09-01 (Tuesday) to 2027-01-15, off from 1 to 9 October for 国庆.
    let calendar = SchoolCalendar(startsOn: LocalDate(iso: "2026-09-01")!, endsOn: LocalDate(iso: "2027-01-15")!,
                                  holidays: Set((1...9).map { LocalDate(iso: "2026-10-0\($0)")! }))

    @Test func behindIsJudgedByPaceWhileThereIsTimeToCatchUp() {
        let today = LocalDate(iso: "2026-11-25")!
        let total = calendar.teachingDayCount
        let elapsed = calendar.teachingDays(from: calendar.startsOn, through: today).count
        let progress = RoutineQuota.progress(done: 10, quota: 30, calendar: calendar, today: today)
        #expect(progress.expectedByNow == (30 * elapsed + total - 1) / total)
        #expect(progress.behind && !progress.met)
        #expect(!RoutineQuota.progress(done: 25, quota: 30, calendar: calendar, today: today).behind)
        #expect(RoutineQuota.progress(done: 30, quota: 30, calendar: calendar, today: LocalDate(iso: "2027-02-01")!).met)
        #expect(RoutineQuota.progress(done: 29, quota: 30, calendar: calendar, today: LocalDate(iso: "2027-02-01")!).behind, "short at the end")
        let none = RoutineQuota.progress(done: 3, quota: nil, calendar: calendar, today: today)
        #expect(!none.behind && !none.met && none.expectedByNow == nil, "no quota in the profile: nobody is flagged")
    }

    @Test func researchTimeIsCountedForEachEndedTeachingWeek() {
        let weeks = RoutineQuota.endedWeeks(calendar, today: LocalDate(iso: "2026-10-14")!)
        // Weeks of 08-31, 09-07, 09-14, 09-21, 09-28 (teaching on the 28th–30th); 10-05 is all holiday; 10-12 has not ended.
        #expect(weeks.map(\.iso) == ["2026-08-31", "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"])
        let minutes = [LocalDate(iso: "2026-08-31")!: 120, LocalDate(iso: "2026-09-07")!: 90, LocalDate(iso: "2026-09-21")!: 150]
        #expect(RoutineQuota.shortWeeks(minutesByWeek: minutes, weeks: weeks, required: 120).map(\.iso) == ["2026-09-07", "2026-09-14", "2026-09-28"])
        #expect(RoutineQuota.shortWeeks(minutesByWeek: minutes, weeks: weeks, required: nil).isEmpty)
    }
}
