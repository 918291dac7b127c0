import Testing
@testable import JianfuCore

/// A register's rules over the autumn term of 2026: the National Day week (10-01..10-07) off, Sunday 09-27 and
/// Saturday 10-10 made up (调休), and a program on Mondays and Wednesdays.
@Suite struct AttendanceRulesTests {
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
    static let calendar = SchoolCalendar(startsOn: day("2026-09-01"), endsOn: day("2027-01-22"),
                                         holidays: Set((1...7).map { day(String(format: "2026-10-%02d", $0)) }),
                                         makeUpWorkdays: [day("2026-09-27"), day("2026-10-10")])
    static let mondayWednesday: Set<Int> = [1, 3]

    static func check(_ date: String, today: String = "2026-12-03", present: [String] = ["a"], absent: [String] = [],
                      enrolled: Set<String> = ["a", "b"]) throws(AttendanceProblem) {
        try AttendanceRules.check(date: day(date), today: day(today), weekdays: mondayWednesday, calendar: calendar, enrolled: enrolled,
                                  present: present, absent: absent)
    }

    @Test func aSessionOnItsDayIsMarked() throws {
        try Self.check("2026-12-02", present: ["a"], absent: ["b"])
        // Today's session can be marked while it runs.
        try Self.check("2026-12-02", today: "2026-12-02")
    }

    @Test func noRegisterAheadOrOnADayWithoutTheSession() {
        #expect(throws: AttendanceProblem.future(Self.day("2026-12-07"))) { try Self.check("2026-12-07") }
        // Thursday is not one of its days; the holiday Monday is not a teaching day; a make-up Saturday keeps no program.
        #expect(throws: AttendanceProblem.noSession(Self.day("2026-12-03"))) { try Self.check("2026-12-03") }
        #expect(throws: AttendanceProblem.noSession(Self.day("2026-10-05"))) { try Self.check("2026-10-05") }
        #expect(throws: AttendanceProblem.noSession(Self.day("2026-10-10"))) { try Self.check("2026-10-10") }
    }

    @Test func onlyTheEnrolledAndEachOnce() {
        #expect(throws: AttendanceProblem.notEnrolled(["z"])) { try Self.check("2026-12-02", present: ["a", "z"]) }
        #expect(throws: AttendanceProblem.markedTwice(["a"])) { try Self.check("2026-12-02", present: ["a"], absent: ["a"]) }
    }

    @Test func theRegisterOpensOnTheLatestSession() {
        func latest(_ today: String) -> LocalDate? {
            AttendanceRules.latestSession(onOrBefore: Self.day(today), weekdays: Self.mondayWednesday, calendar: Self.calendar)
        }
        #expect(latest("2026-12-02") == Self.day("2026-12-02"))
        // Thursday and Saturday open Wednesday's register; Tuesday opens Monday's.
        #expect(latest("2026-12-03") == Self.day("2026-12-02"))
        #expect(latest("2026-12-05") == Self.day("2026-12-02"))
        #expect(latest("2026-12-08") == Self.day("2026-12-07"))
        // After the National Day week the latest session is the Wednesday before it.
        #expect(latest("2026-10-07") == Self.day("2026-09-30"))
        // Before the term's first session there is none.
        #expect(latest("2026-08-31") == nil)
    }
}
