import Foundation
import Testing
@testable import JianfuCore

@Suite struct LoadTests {
    let profile = try! PolicyProfile.load(contentsOf: Fixture.nationalProfileURL)
    // Wednesday 2026-11-25; Saturday 28th and Sunday 29th are off; 1 December is a holiday.
    let calendar = SchoolCalendar(startsOn: LocalDate(iso: "2026-09-01")!, endsOn: LocalDate(iso: "2027-01-22")!,
                                  holidays: [LocalDate(iso: "2026-12-01")!], makeUpWorkdays: [LocalDate(iso: "2026-12-05")!])
    let maths = UUID()
    let chinese = UUID()
    let english = UUID()

    func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    func rules(_ band: GradeBand, profile: PolicyProfile? = nil) -> LoadRules {
        LoadRules(profile: profile ?? self.profile, calendar: calendar, band: band)
    }

    func item(_ subject: UUID, _ minutes: Int, kind: HomeworkKind = .written, on assigned: String = "2026-11-25", due: String = "2026-11-26",
              optional: Bool = false, tier: String? = nil) -> HomeworkItem {
        HomeworkItem(subjectId: subject, kind: kind, optional: optional, tier: tier, minutes: minutes, assignedOn: day(assigned), dueOn: day(due))
    }

    @Test func sumsAllSubjectsOfTheDay() {
        let load = rules(.primaryUpper).load(of: [item(maths, 20), item(chinese, 25), item(english, 10)], on: day("2026-11-25"))
        #expect(load.countedMinutes == 55)
        #expect(load.capMinutes == 60)
        #expect(load.remainingMinutes == 5)
        #expect(load.bySubject.first == SubjectMinutes(subjectId: chinese, minutes: 25))
    }

    @Test func eachBandHasItsCap() {
        let existing = [item(maths, 50)]
        #expect(rules(.primaryUpper).load(of: existing, on: day("2026-11-25")).isOverCap == false)
        if case .exceeds(_, let cap, let planned, let requested, _) = CapCheck.evaluate(adding: item(chinese, 15), to: existing, rules: rules(.primaryUpper)) {
            #expect((cap, planned, requested) == (60, 50, 15))
        } else { Issue.record("grade 3–6 cap of 60 not enforced") }
        guard case .fits = CapCheck.evaluate(adding: item(chinese, 40), to: existing, rules: rules(.junior)) else {
            Issue.record("junior cap is 90"); return
        }
        guard case .exceeds = CapCheck.evaluate(adding: item(chinese, 41), to: existing, rules: rules(.junior)) else {
            Issue.record("junior cap of 90 not enforced"); return
        }
    }

    @Test func grades1and2TakeNoWrittenHomeworkHomeButOtherKindsAreFine() {
        guard case .exceeds(_, 0, 0, 5, _) = CapCheck.evaluate(adding: item(maths, 5), to: [], rules: rules(.primaryLower)) else {
            Issue.record("written homework in grade 1–2 must break the cap of 0"); return
        }
        guard case .fits = CapCheck.evaluate(adding: item(chinese, 15, kind: .reading), to: [], rules: rules(.primaryLower)) else {
            Issue.record("reading is not written homework"); return
        }
        #expect(rules(.primaryLower).load(of: [item(chinese, 15, kind: .oral), item(maths, 10, kind: .exercise)], on: day("2026-11-25")).countedMinutes == 0)
    }

    @Test func multiDayWorkIsSpreadOverItsTeachingDays() {
        // Set Wednesday, due next Wednesday: worked Wed, Thu, Fri, Mon, Tue (weekend skipped, 1 Dec is a holiday).
        let project = item(maths, 50, on: "2026-11-25", due: "2026-12-02")
        let r = rules(.primaryUpper)
        #expect(r.workingDays(of: project).map(\.iso) == ["2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30"])
        #expect(r.minutes(of: project, on: day("2026-11-25")) == 13)
        #expect(r.minutes(of: project, on: day("2026-11-30")) == 12)
        #expect(r.minutes(of: project, on: day("2026-11-28")) == 0)
        #expect(r.workingDays(of: project).map { r.minutes(of: project, on: $0) }.reduce(0, +) == 50)
    }

    @Test func spreadingLetsAProjectFitWhereOneDayWouldNot() {
        let existing = [item(chinese, 40, on: "2026-11-26", due: "2026-11-27")]
        let oneDay = item(maths, 30, on: "2026-11-26", due: "2026-11-27")
        let spread = item(maths, 30, on: "2026-11-25", due: "2026-11-28")
        guard case .exceeds = CapCheck.evaluate(adding: oneDay, to: existing, rules: rules(.primaryUpper)) else { Issue.record("70 > 60"); return }
        guard case .fits(let loads) = CapCheck.evaluate(adding: spread, to: existing, rules: rules(.primaryUpper)) else { Issue.record("10 a day fits"); return }
        #expect(loads.map(\.countedMinutes) == [10, 50, 10])
    }

    @Test func HW02_optionalWrittenWorkCountsAndLayeredWorkCountsItsLongestTier() {
        let items = [item(maths, 20, tier: "A"), item(maths, 35, tier: "B"), item(maths, 45, tier: "C"), item(chinese, 30, optional: true)]
        #expect(rules(.primaryUpper).load(of: items, on: day("2026-11-25")).countedMinutes == 45 + 30)
        // Two layered tasks of one subject: a pupil on tier B does both B parts.
        let twoTasks = [item(maths, 10, tier: "A"), item(maths, 25, tier: "B"), item(maths, 15, tier: "A"), item(maths, 5, tier: "B")]
        #expect(rules(.primaryUpper).load(of: twoTasks, on: day("2026-11-25")).countedMinutes == 30)
        // A shorter tier beside a longer one adds nothing; a longer one adds what it is longer by.
        guard case .fits = CapCheck.evaluate(adding: item(maths, 30, tier: "A"), to: [item(maths, 45, tier: "C"), item(chinese, 15)],
                                             rules: rules(.primaryUpper)) else { Issue.record("tier A under tier C adds nothing"); return }
        guard case .exceeds = CapCheck.evaluate(adding: item(maths, 50, tier: "B"), to: [item(maths, 45, tier: "C"), item(chinese, 15)],
                                                rules: rules(.primaryUpper)) else { Issue.record("a longer tier counts"); return }
    }

    @Test func HW01_gradesOneAndTwoTakeNoOptionalOrLayeredWrittenWorkAndNoOverride() {
        for extra in [item(maths, 5, optional: true), item(maths, 5, tier: "C")] {
            let check = CapCheck.evaluate(adding: extra, to: [], rules: rules(.primaryLower))
            guard case .exceeds(_, 0, _, _, _) = check else { Issue.record("\(extra) in grade 1–2"); return }
            #expect(!check.isOverridable, "HW-01 is a ban, not a cap a school can override")
        }
        #expect(CapCheck.evaluate(adding: item(maths, 50), to: [item(chinese, 30)], rules: rules(.primaryUpper)).isOverridable)
    }

    @Test func makeUpWorkdayIsATeachingDay() {
        let saturday = item(maths, 20, on: "2026-12-05", due: "2026-12-07")
        #expect(rules(.junior).workingDays(of: saturday).map(\.iso) == ["2026-12-05"])
    }

    @Test func HW04_weekendWorkIsNotCappedNationallyButADistrictNumberHoldsItPerDayOfTheBreak() throws {
        let friday = [item(maths, 40, on: "2026-11-27", due: "2026-11-30")]
        let more = item(chinese, 40, on: "2026-11-27", due: "2026-11-30")
        guard case .fits = CapCheck.evaluate(adding: more, to: friday, rules: rules(.junior)) else { Issue.record("80 ≤ 90 on Friday"); return }
        // 40 minutes a day over Saturday and Sunday allow 80; 30 a day allow 60.
        let forty = try PolicyAdjustment(values: ["homework.weekendAndHoliday": 40]).applied(to: profile)
        guard case .fits = CapCheck.evaluate(adding: more, to: friday, rules: rules(.junior, profile: forty)) else { Issue.record("80 ≤ 2 × 40"); return }
        let thirty = try PolicyAdjustment(values: ["homework.weekendAndHoliday": 30]).applied(to: profile)
        guard case .exceedsBreak(let start, 60, 40, 40) = CapCheck.evaluate(adding: more, to: friday, rules: rules(.junior, profile: thirty)) else {
            Issue.record("30 minutes a day of a two-day weekend not enforced"); return
        }
        #expect(start.iso == "2026-11-28")
    }

    @Test func HW04_aTotalForTheBreakIsOneNumberWhateverItsLength() throws {
        var total = try PolicyAdjustment(values: ["homework.weekendAndHoliday": 60]).applied(to: profile)
        total.homework.weekendAndHolidayBasis = .perBreak
        let friday = [item(maths, 40, on: "2026-11-27", due: "2026-11-30")]
        guard case .exceedsBreak(_, 60, 40, 40) = CapCheck.evaluate(adding: item(chinese, 40, on: "2026-11-27", due: "2026-11-30"), to: friday,
                                                                   rules: rules(.junior, profile: total)) else {
            Issue.record("a total of 60 for the weekend not enforced"); return
        }
    }

    @Test func HW04_everyBreakAnItemSpansIsChecked() throws {
        // Friday 27 November to Wednesday 2 December spans the weekend and the holiday of 1 December.
        let strict = try PolicyAdjustment(values: ["homework.weekendAndHoliday": 30]).applied(to: profile)
        let holidayWork = [item(maths, 25, on: "2026-11-30", due: "2026-12-02")]
        let long = item(chinese, 20, on: "2026-11-27", due: "2026-12-02")
        #expect(calendar.breaks(after: day("2026-11-27"), before: day("2026-12-02")).map(\.start.iso) == ["2026-11-28", "2026-12-01"])
        guard case .exceedsBreak(let start, 30, 25, 20) = CapCheck.evaluate(adding: long, to: holidayWork, rules: rules(.junior, profile: strict)) else {
            Issue.record("the second break was not checked"); return
        }
        #expect(start.iso == "2026-12-01")
    }

    @Test func aTightenedDistrictCapIsTheCap() throws {
        let strict = try PolicyAdjustment(values: ["homework.writtenCap.primaryUpper": 45]).applied(to: profile)
        guard case .exceeds(_, 45, 30, 20, _) = CapCheck.evaluate(adding: item(chinese, 20), to: [item(maths, 30)], rules: rules(.primaryUpper, profile: strict)) else {
            Issue.record("45-minute district cap not enforced"); return
        }
    }
}

@Suite struct ReviewChainTests {
    @Test(arguments: [false, true], [false, true])
    func everyCombinationWalksItsStepsInOrder(subjectLeader: Bool, headTeacher: Bool) {
        for academicOffice in [false, true] {
            let chain = ReviewChain(subjectLeader: subjectLeader, headTeacher: headTeacher, academicOffice: academicOffice)
            var expected: [ReviewStep] = []
            if subjectLeader { expected.append(.subjectLeader) }
            if headTeacher { expected.append(.headTeacher) }
            if academicOffice { expected.append(.academicOffice) }
            var walked: [ReviewStep] = []
            var step = chain.firstStep
            while let current = step {
                walked.append(current)
                step = chain.step(after: current)
            }
            #expect(walked == expected)
        }
    }

    @Test func textComparison() {
        #expect(HomeworkText.normalised("练习册 第12页，1-5题。") == HomeworkText.normalised("练习册第12页 1-5题"))
    }
}
