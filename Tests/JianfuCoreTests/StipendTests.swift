import Testing
@testable import JianfuCore

/// The monthly stipend (AS-08) over worked examples: what a school's finance office would work out by hand.
@Suite struct StipendTests {
    static func held(_ key: String, _ kind: ProgramStaffKind = .teacher, program: String = "作业辅导", sessions: Int, minutes: Int) -> HeldSessions {
        HeldSessions(staffKey: key, staffName: "老师" + key, staffKind: kind, programName: program, sessions: sessions, minutesEach: minutes)
    }

    @Test func anHourlyRateIsPaidProRataToTheMinute() {
        // 17 sessions of 100 minutes at 50 yuan an hour: 1,700 minutes = 28⅓ hours = 1,416.666… → 1,416.67 yuan.
        let rates = StipendRates(perHourYuan: 50, perSessionYuan: nil)
        #expect(Stipends.owedFen(sessions: 17, minutes: 1_700, rates: rates) == 141_667)
        #expect(Stipends.yuan(fen: 141_667) == "1416.67")
        // Half a fen rounds up: 1 minute at 1 yuan an hour is 1⅔ fen → 2 fen; 3 minutes at 1 yuan is exactly 5 fen.
        #expect(Stipends.owedFen(sessions: 1, minutes: 1, rates: StipendRates(perHourYuan: 1, perSessionYuan: nil)) == 2)
        #expect(Stipends.owedFen(sessions: 1, minutes: 3, rates: StipendRates(perHourYuan: 1, perSessionYuan: nil)) == 5)
    }

    @Test func aSessionRateCountsSessionsWhateverTheirLength() {
        let rates = StipendRates(perHourYuan: nil, perSessionYuan: 60)
        #expect(Stipends.owedFen(sessions: 12, minutes: 12 * 45, rates: rates) == 72_000)
        #expect(Stipends.owedFen(sessions: 12, minutes: 12 * 120, rates: rates) == 72_000)
        // A district paying both: 10 sessions of 90 minutes at 40/hour and 10/session = 600 + 100 yuan.
        #expect(Stipends.owedFen(sessions: 10, minutes: 900, rates: StipendRates(perHourYuan: 40, perSessionYuan: 10)) == 70_000)
    }

    @Test func oneLinePerPersonAcrossTheirPrograms() {
        let rates = StipendRates(perHourYuan: 60, perSessionYuan: nil)
        let lines = Stipends.lines([
            Self.held("a", program: "作业辅导", sessions: 16, minutes: 60),
            Self.held("a", program: "篮球", sessions: 4, minutes: 90),
            Self.held("b", .retiredTeacher, program: "书法", sessions: 8, minutes: 60),
        ], rates: rates)
        #expect(lines.map(\.staffKey) == ["a", "b"])
        #expect(lines[0].programs == ["作业辅导", "篮球"])
        #expect(lines[0].sessions == 20)
        #expect(lines[0].minutes == 16 * 60 + 4 * 90)
        #expect(lines[0].owedFen == 132_000)
        #expect(lines[1].owedFen == 48_000)
    }

    @Test func volunteersInstitutionsAndUnsetRatesOweNothing() {
        let held = [Self.held("v", .volunteer, sessions: 8, minutes: 60), Self.held("i", .institution, sessions: 8, minutes: 60),
                    Self.held("o", .outsidePerson, sessions: 8, minutes: 60)]
        let paid = Stipends.lines(held, rates: StipendRates(perHourYuan: 50, perSessionYuan: nil))
        #expect(paid.first { $0.staffKey == "v" }?.owedFen == nil)
        #expect(paid.first { $0.staffKey == "i" }?.owedFen == nil)
        #expect(paid.first { $0.staffKey == "o" }?.owedFen == 40_000)
        // Hours are still counted when the district has set no rate: the school can see what will be owed.
        let unset = Stipends.lines(held, rates: StipendRates(perHourYuan: nil, perSessionYuan: nil))
        #expect(unset.allSatisfy { $0.owedFen == nil && $0.minutes == 480 })
    }

    @Test func theNationalProfileSetsNoRate() throws {
        let profile = try PolicyProfile.load(contentsOf: Fixture.nationalProfileURL)
        #expect(profile.afterSchool.stipendPerHour.value == nil)
        #expect(profile.afterSchool.stipendPerHour.rule == "AS-08")
        let district = try PolicyAdjustment(values: ["afterSchool.stipendPerHour": 45]).applied(to: profile)
        #expect(district.afterSchool.stipendPerHour.value == 45)
    }
}
