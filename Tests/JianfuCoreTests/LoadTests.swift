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

    @Test func layeredWorkCountsTheBasicLayerAndOptionalWorkDoesNotCount() {
        let items = [item(maths, 20, tier: "A"), item(maths, 35, tier: "B"), item(maths, 45, tier: "C"), item(chinese, 30, optional: true)]
        #expect(rules(.primaryUpper).load(of: items, on: day("2026-11-25")).countedMinutes == 20)
    }

    @Test func makeUpWorkdayIsATeachingDay() {
        let saturday = item(maths, 20, on: "2026-12-05", due: "2026-12-07")
        #expect(rules(.junior).workingDays(of: saturday).map(\.iso) == ["2026-12-05"])
    }

    @Test func weekendWorkIsNotCappedNationallyButADistrictNumberHoldsIt() throws {
        let friday = [item(maths, 40, on: "2026-11-27", due: "2026-11-30")]
        let more = item(chinese, 40, on: "2026-11-27", due: "2026-11-30")
        guard case .fits = CapCheck.evaluate(adding: more, to: friday, rules: rules(.junior)) else { Issue.record("80 ≤ 90 on Friday"); return }
        let strict = try PolicyAdjustment(values: ["homework.weekendAndHoliday": 60]).applied(to: profile)
        guard case .exceedsBreak(let start, 60, 40, 40) = CapCheck.evaluate(adding: more, to: friday, rules: rules(.junior, profile: strict)) else {
            Issue.record("district weekend cap of 60 not enforced"); return
        }
        #expect(start.iso == "2026-11-28")
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

    @Test func textComparisonAndMarkup() {
        #expect(HomeworkText.normalised("练习册 第12页，1-5题。") == HomeworkText.normalised("练习册第12页 1-5题"))
        #expect(HomeworkText.containsMarkup("<script>alert(1)</script>"))
        #expect(HomeworkText.containsMarkup("读课文<img src=x>"))
        #expect(!HomeworkText.containsMarkup("比较 3 < 5 和 5 > 3"))
    }
}
