import Foundation
import JianfuCore
import Testing

/// 综合素质评价's chain, public display and monthly summaries, by hand.
@Suite struct QualityEvaluationTests {
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    @Test func theChainRunsFromThePupilToTheSchoolThroughTheStepsTheSchoolKeeps() {
        let full = EvaluationChain(group: true, classReview: true)
        #expect(full.steps == [.selfReview, .group, .classReview, .school])
        #expect(full.stage(after: .selfReview) == .group)
        #expect(full.stage(after: .classReview) == .school)
        #expect(full.stage(after: .school) == .approved)
        let short = EvaluationChain(group: false, classReview: false)
        #expect(short.stage(after: .selfReview) == .school, "without group and class steps the school reviews next")
        #expect(short.stage(after: .group) == nil, "a step the school does not keep leads nowhere")
        #expect(short.stage(after: .approved) == nil)
    }

    @Test func aDisplayCountsWorkingDaysSkippingWeekendsAndHolidaysAndKeepingMakeUpDays() {
        // Thursday 2026-12-31 to 2027-01-08: New Year's Day a holiday, Sunday the 3rd a make-up working day.
        let calendar = SchoolCalendar(startsOn: Self.day("2026-09-01"), endsOn: Self.day("2027-01-15"), holidays: [Self.day("2027-01-01")],
                                      makeUpWorkdays: [Self.day("2027-01-03")])
        // 31 Dec (1), [1 Jan holiday, 2 Jan Saturday], 3 Jan make-up (2), 4 (3), 5 (4), 6 (5).
        #expect(EvaluationDisplay.lastDay(start: Self.day("2026-12-31"), workingDays: 5, calendar: calendar) == Self.day("2027-01-06"))
        // Begun on a Saturday, the first day counted is Monday.
        #expect(EvaluationDisplay.lastDay(start: Self.day("2026-12-05"), workingDays: 1, calendar: calendar) == Self.day("2026-12-07"))
        // A display begun in the term's last days runs on past its end.
        #expect(EvaluationDisplay.lastDay(start: Self.day("2027-01-14"), workingDays: 5, calendar: calendar) == Self.day("2027-01-20"))
    }

    @Test func objectionsAreTakenWhileTheDisplayIsOpenAndTheClassIsSealedOnlyAfterItAndEveryAnswer() {
        let start = Self.day("2026-12-01"), last = Self.day("2026-12-07")
        #expect(EvaluationDisplay.phase(start: nil, lastDay: nil, sealed: false, today: start) == .notStarted)
        #expect(EvaluationDisplay.phase(start: start, lastDay: last, sealed: false, today: Self.day("2026-11-30")) == .notStarted)
        let open = EvaluationDisplay.phase(start: start, lastDay: last, sealed: false, today: last)
        #expect(open == .open(until: last), "the last day is still open")
        let ended = EvaluationDisplay.phase(start: start, lastDay: last, sealed: false, today: Self.day("2026-12-08"))
        #expect(ended == .ended(on: last))
        #expect(EvaluationDisplay.sealProblems(phase: open, openObjections: 0) == [.stillOpen(until: last)])
        #expect(EvaluationDisplay.sealProblems(phase: ended, openObjections: 2) == [.openObjections(2)])
        #expect(EvaluationDisplay.sealProblems(phase: ended, openObjections: 0).isEmpty)
        #expect(EvaluationDisplay.sealProblems(phase: .sealed, openObjections: 0) == [.alreadySealed])
    }

    @Test func aDisplayStartsOnlyWhenEveryPupilIsApprovedAndTheDistrictHasSetItsLength() {
        #expect(EvaluationDisplay.startProblems(pupils: 40, approved: 40, alreadyStarted: false, workingDays: 5).isEmpty)
        #expect(EvaluationDisplay.startProblems(pupils: 40, approved: 37, alreadyStarted: false, workingDays: 5) == [.notApproved(3)])
        #expect(EvaluationDisplay.startProblems(pupils: 40, approved: 40, alreadyStarted: false, workingDays: nil) == [.noLength])
        #expect(EvaluationDisplay.startProblems(pupils: 40, approved: 40, alreadyStarted: true, workingDays: 5) == [.alreadyStarted])
    }

    @Test func monthlySummariesAreDueForEachMonthTheTermHasReached() {
        let start = Self.day("2026-09-01"), end = Self.day("2027-01-22")
        #expect(EvaluationMonths.due(termStart: start, termEnd: end, today: Self.day("2026-11-25")) == ["2026-09", "2026-10", "2026-11"])
        #expect(EvaluationMonths.due(termStart: start, termEnd: end, today: Self.day("2027-03-01")).suffix(2) == ["2026-12", "2027-01"],
                "a term that is over is due through its last month, across the new year")
        #expect(EvaluationMonths.due(termStart: start, termEnd: end, today: Self.day("2026-08-20")).isEmpty)
    }
}
