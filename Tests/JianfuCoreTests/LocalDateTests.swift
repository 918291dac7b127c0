import Foundation
import Testing
@testable import JianfuCore

@Suite struct LocalDateTests {
    @Test func parsesAndFormatsISODates() {
        #expect(LocalDate(iso: "2026-11-25")?.iso == "2026-11-25")
        #expect(LocalDate(year: 2027, month: 1, day: 5)?.iso == "2027-01-05", "months and days keep their leading zero")
        #expect(LocalDate(iso: "2026-02-29") == nil)
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "26-11-25") == nil)
        #expect(LocalDate(iso: "2026-11-25T00:00") == nil)
    }

    @Test func knowsWeekdaysAndArithmetic() {
        let wednesday = LocalDate(iso: "2026-11-25")!
        #expect(wednesday.weekday == 3)
        #expect(wednesday.adding(days: 3).weekday == 6)
        #expect(wednesday.adding(days: 3).isWeekend)
        #expect(wednesday.adding(days: 7).iso == "2026-12-02")
        #expect(LocalDate(iso: "2026-12-31")!.adding(days: 1).iso == "2027-01-01")
        #expect(LocalDate(dayNumber: wednesday.dayNumber) == wednesday)
    }

    @Test func todayIsTheDistrictsDateNotUTC() {
        // 2026-11-24 23:30 UTC is already 07:30 on the 25th in Beijing.
        let instant = Date(timeIntervalSince1970: 1_795_563_000)
        #expect(LocalDate.today(in: TimeZone(identifier: "UTC")!, now: instant).iso == "2026-11-24")
        #expect(LocalDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: instant).iso == "2026-11-25")
    }

    @Test func calendarKnowsHolidaysAndMakeUpDays() {
        let calendar = SchoolCalendar(
            startsOn: LocalDate(iso: "2026-09-01")!, endsOn: LocalDate(iso: "2027-01-22")!,
            holidays: [LocalDate(iso: "2026-10-01")!, LocalDate(iso: "2026-10-02")!],
            makeUpWorkdays: [LocalDate(iso: "2026-10-10")!])
        #expect(calendar.isTeachingDay(LocalDate(iso: "2026-09-01")!))
        #expect(!calendar.isTeachingDay(LocalDate(iso: "2026-10-01")!))
        #expect(!calendar.isTeachingDay(LocalDate(iso: "2026-10-03")!), "a Saturday")
        #expect(calendar.isTeachingDay(LocalDate(iso: "2026-10-10")!), "a Saturday made a working day")
        #expect(!calendar.isTeachingDay(LocalDate(iso: "2026-08-31")!), "before the term")
        #expect(calendar.teachingDays(from: LocalDate(iso: "2026-09-28")!, through: LocalDate(iso: "2026-10-04")!).map(\.iso)
                == ["2026-09-28", "2026-09-29", "2026-09-30"])
    }

    @Test func gradesMapToStagesBySchoolSystem() {
        #expect(SchoolSystem.sixThree.band(ofGrade: 2) == .primaryLower)
        #expect(SchoolSystem.sixThree.band(ofGrade: 6) == .primaryUpper)
        #expect(SchoolSystem.sixThree.band(ofGrade: 7) == .junior)
        #expect(SchoolSystem.fiveFour.band(ofGrade: 5) == .primaryUpper)
        #expect(SchoolSystem.fiveFour.band(ofGrade: 6) == .junior)
        #expect(SchoolStage.junior.grades(in: .sixThree) == 7...9)
        #expect(SchoolStage.junior.grades(in: .fiveFour) == 6...9)
        #expect(SchoolStage.primary.grades(in: .fiveFour) == 1...5)
    }
}
