import Foundation
import Testing
@testable import JianfuCore

@Suite struct ReportTests {
    let profile: PolicyProfile
    init() throws { profile = try PolicyProfile.load(contentsOf: Fixture.nationalProfileURL) }

    func rules(_ band: GradeBand) -> LoadRules {
        LoadRules(profile: profile, calendar: SchoolCalendar(startsOn: LocalDate(iso: "2026-09-01")!, endsOn: LocalDate(iso: "2027-01-22")!), band: band)
    }

    func item(_ minutes: Int, on day: String, through due: String? = nil, kind: HomeworkKind = .written) -> HomeworkItem {
        HomeworkItem(subjectId: UUID(), kind: kind, minutes: minutes, assignedOn: LocalDate(iso: day)!, dueOn: LocalDate(iso: due ?? day)!)
    }

    @Test func aClassDayTallyCountsWrittenMinutesStatusesAndBands() {
        let day = LocalDate(iso: "2026-11-25")!
        let entries: [ClassDayTally.Entry] = [
            .init(item: item(20, on: "2026-11-25"), status: .published, overridden: false),
            .init(item: item(15, on: "2026-11-25"), status: .pending, overridden: true),
            .init(item: item(30, on: "2026-11-25", kind: .oral), status: .published, overridden: false),
            .init(item: item(40, on: "2026-11-25"), status: .inactive, overridden: false),
            .init(item: item(20, on: "2026-11-24", through: "2026-11-26"), status: .published, overridden: false),
        ]
        let tally = ClassDayTally.of(day, entries: entries, reports: [.init(minutes: 50, tooMuch: false), .init(minutes: 70, tooMuch: true)], rules: rules(.primaryUpper))
        #expect(tally.filedItems == 3)
        #expect(tally.writtenMinutes == 45)
        #expect(tally.publishedMinutes == 30)
        #expect(tally.pending == 1 && tally.overrides == 1)
        #expect(tally.overCap == 0 && tally.loadFull == 1 && tally.loadLight == 0)
        #expect(tally.feedbackCount == 2 && tally.feedbackMinutes == 120 && tally.tooMuch == 1 && tally.feedbackEstimate == 60)
        let lower = ClassDayTally.of(day, entries: [entries[0]], reports: [], rules: rules(.primaryLower))
        #expect(lower.overCap == 1, "any written homework in grades 1–2 is over the cap of 0")
        #expect(ClassDayTally(columns: tally.columns) == tally)
    }

    @Test func aBandMeetsTheCapOnAverage() {
        #expect(BandLoad(band: .primaryUpper, classDays: 10, writtenMinutes: 600, capMinutes: 60).meetsCap)
        #expect(!BandLoad(band: .primaryUpper, classDays: 10, writtenMinutes: 601, capMinutes: 60).meetsCap)
        #expect(BandLoad(band: .junior, classDays: 4, writtenMinutes: 300, capMinutes: 90).averageMinutes == 75)
        #expect(!BandLoad(band: .primaryLower, classDays: 100, writtenMinutes: 5, capMinutes: 0).meetsCap)
        #expect(BandLoad(band: .junior, classDays: 0, writtenMinutes: 0, capMinutes: 90).averageMinutes == nil)
    }

    @Test func halfMonthsEndOnTheFifteenthAndTheLastDay() {
        let november = HalfMonth(containing: LocalDate(iso: "2026-11-25")!)
        #expect(november.from.iso == "2026-11-16" && november.through.iso == "2026-11-30")
        #expect(HalfMonth(containing: LocalDate(iso: "2027-02-20")!).through.iso == "2027-02-28")
        #expect(HalfMonth(containing: LocalDate(iso: "2028-02-20")!).through.iso == "2028-02-29")
        #expect(HalfMonth.lastEnded(onOrBefore: LocalDate(iso: "2026-11-25")!).from.iso == "2026-11-01")
        #expect(HalfMonth.lastEnded(onOrBefore: LocalDate(iso: "2026-11-15")!).through.iso == "2026-11-15")
        #expect(HalfMonth(containing: LocalDate(iso: "2026-12-03")!).previous.from.iso == "2026-11-16")
    }
}
