import Foundation
import JianfuCore
import Testing

/// A class's weekly timetable against the curriculum plan, each rule held by a test named after its id, on the national
/// profile's numbers, under 六三制 and 五四制.
@Suite struct TimetableRuleTests {
    let plan = try! PolicyProfile.load(contentsOf: Fixture.nationalProfileURL).schoolDay

    static func time(_ text: String) -> TimeOfDay { TimeOfDay(hhmm: text)! }

    /// Six 40-minute lessons a day from 8:20 with a 30-minute 大课间 after the second.
    static let slots = [("08:20", "09:00"), ("09:10", "09:50"), ("10:20", "11:00"), ("11:10", "11:50"), ("14:00", "14:40"), ("14:50", "15:30")]

    /// The junior stage's 45-minute lessons, from 8:00.
    static let juniorSlots = [("08:00", "08:45"), ("08:55", "09:40"), ("10:20", "11:05"), ("11:15", "12:00"), ("14:00", "14:45"), ("14:55", "15:40")]

    /// Thirty lessons for grade 3–6, with three of PE and one each of labour and 综合实践活动.
    static let courses = Array(repeating: "语文", count: 8) + Array(repeating: "数学", count: 6) + Array(repeating: "英语", count: 3)
        + ["道德与法治", "道德与法治", "科学", "科学", "体育与健康", "体育与健康", "体育与健康", "音乐", "音乐", "美术", "美术", "劳动", "综合实践活动"]

    static func week(_ courses: [String] = courses, slots: [(String, String)] = slots, longBreak: (String, String)? = ("09:50", "10:20"),
                     longBreakDays: Set<Int> = [1, 2, 3, 4, 5]) -> [TimetablePeriod] {
        var periods: [TimetablePeriod] = []
        for (index, course) in courses.enumerated() {
            let slot = slots[index % slots.count]
            periods.append(TimetablePeriod(weekday: index / slots.count + 1, start: time(slot.0), end: time(slot.1), course: course))
        }
        if let longBreak {
            for day in longBreakDays.sorted() {
                periods.append(TimetablePeriod(weekday: day, start: time(longBreak.0), end: time(longBreak.1), course: nil, activity: "大课间"))
            }
        }
        return periods
    }

    func shortfalls(_ periods: [TimetablePeriod], grade: Int = 4, system: SchoolSystem = .sixThree) -> [TimetableProblem] {
        TimetableCheck.shortfalls(periods, grade: grade, system: system, plan: plan)
    }

    func codes(_ problems: [TimetableProblem]) -> [String] { problems.map { "\($0.rule) \($0.code)" } }

    @Test func aWeekAsThePlanSaysHasNoShortfall() {
        #expect(shortfalls(Self.week()).isEmpty)
        #expect(TimetableCheck.refusals(Self.week(), grade: 4, system: .sixThree, plan: plan).isEmpty)
    }

    @Test func CP03_theWeeksLessonsAreCountedByTheGradesBand() {
        let short = shortfalls(Self.week(Array(Self.courses.dropFirst())))
        #expect(short.contains(TimetableProblem(rule: "CP-03", code: "weeklyPeriodsShort", args: ["29", "30"])))
        // Grade 2 is planned for 26, so thirty is over; grade 7 for 34, so thirty is short.
        #expect(codes(shortfalls(Self.week(), grade: 2)).contains("CP-03 weeklyPeriodsOver"))
        #expect(shortfalls(Self.week(slots: Self.juniorSlots), grade: 7).contains(TimetableProblem(rule: "CP-03", code: "weeklyPeriodsShort", args: ["30", "34"])))
    }

    @Test func CP03_underFiveFourGradeSixIsJuniorAndPlannedForThirtyFour() {
        #expect(shortfalls(Self.week(), grade: 6, system: .sixThree).isEmpty)
        let fiveFour = shortfalls(Self.week(slots: Self.juniorSlots), grade: 6, system: .fiveFour)
        #expect(fiveFour.contains(TimetableProblem(rule: "CP-03", code: "weeklyPeriodsShort", args: ["30", "34"])))
    }

    @Test func CP04_longAndShortLessonsAreAllowedWhileTheWeeksTimeHolds() {
        // Twenty lessons of an hour are the week's 1,200 minutes (30 × 40): 长短课 as the plan allows.
        let hours = [("08:20", "09:20"), ("10:20", "11:20"), ("14:00", "15:00"), ("15:10", "16:10")]
        let twenty = Array(Self.courses.prefix(15)) + ["体育与健康", "体育与健康", "体育与健康", "劳动", "综合实践活动"]
        #expect(shortfalls(Self.week(twenty, slots: hours)).isEmpty)
        let nineteen = Array(twenty.dropFirst())
        #expect(shortfalls(Self.week(nineteen, slots: hours)).contains(TimetableProblem(rule: "CP-04", code: "weeklyTimeShort", args: ["1140", "1200"])))
        // Junior lessons are 45 minutes: thirty-four of 40 minutes fall short of the week's 1,530.
        let junior = Self.courses + ["数学", "语文", "英语", "道德与法治"]
        let sevenSlots = Self.slots + [("15:40", "16:20")]
        #expect(shortfalls(Self.week(junior, slots: sevenSlots), grade: 8).contains(TimetableProblem(rule: "CP-04", code: "weeklyTimeShort", args: ["1360", "1530"])))
    }

    @Test func PE01_theLowerGradesHaveFourLessonsOfPEAndTheOthersThree() {
        #expect(shortfalls(Self.week(), grade: 2).contains(TimetableProblem(rule: "PE-01", code: "peShort", args: ["3", "4"])))
        var two = Self.courses
        two[two.firstIndex(of: "体育与健康")!] = "语文"
        #expect(shortfalls(Self.week(two)).contains(TimetableProblem(rule: "PE-01", code: "peShort", args: ["2", "3"])))
        // 体育 is how many schools write it.
        var written = Self.courses
        written[written.firstIndex(of: "体育与健康")!] = "体育"
        #expect(shortfalls(Self.week(written)).isEmpty)
    }

    @Test func CP06_labourAndComprehensivePracticeEachHaveALessonAWeek() {
        var noLabour = Self.courses
        noLabour[noLabour.firstIndex(of: "劳动")!] = "数学"
        #expect(codes(shortfalls(Self.week(noLabour))) == ["CP-06 labourShort"])
        var noPractice = Self.courses
        noPractice[noPractice.firstIndex(of: "综合实践活动")!] = "数学"
        #expect(shortfalls(Self.week(noPractice)) == [TimetableProblem(rule: "CP-06", code: "practiceShort", args: ["0", "1"])])
    }

    @Test func CP08_aCourseIsTaughtOnlyInItsGrades() {
        let english = TimetableCheck.refusals(Self.week(), grade: 2, system: .sixThree, plan: plan)
        #expect(english.first == TimetableProblem(rule: "CP-08", code: "courseGrade", args: ["15", "英语", "2"]))
        var physics = Self.courses
        physics[0] = "物理"
        #expect(codes(TimetableCheck.refusals(Self.week(physics), grade: 6, system: .sixThree, plan: plan)) == ["CP-08 courseGrade"])
        // Under 五四制 grade 6 is junior, where physics is taught.
        #expect(TimetableCheck.refusals(Self.week(physics), grade: 6, system: .fiveFour, plan: plan).isEmpty)
        var it = Self.courses
        it[0] = "信息科技"
        #expect(codes(TimetableCheck.refusals(Self.week(it), grade: 9, system: .sixThree, plan: plan)) == ["CP-08 courseGrade"])
    }

    @Test func PE04_everySchoolDayHasAThirtyMinuteLongBreak() {
        #expect(shortfalls(Self.week(longBreakDays: [1, 2, 4, 5])) == [TimetableProblem(rule: "PE-04", code: "longBreakShort", args: ["3", "30"])])
        #expect(codes(shortfalls(Self.week(longBreak: ("09:50", "10:10")))) == ["PE-04 longBreakShort"])
    }

    @Test func SL02_theFirstPeriodBeginsNoEarlierThanTheStagesTimeAsAGuideline() {
        let early = [("08:00", "08:40")] + Self.slots.dropFirst()
        let problems = shortfalls(Self.week(slots: early))
        #expect(problems == [TimetableProblem(rule: "SL-02", code: "startsEarly", args: ["1,2,3,4,5", "08:00", "08:20"], guideline: true)])
        #expect(TimetableCheck.meets(problems))
        // 8:00 is the junior time: grade 6 starting then is early under 六三制 and on time under 五四制.
        #expect(codes(shortfalls(Self.week(slots: early), grade: 6, system: .sixThree)).contains("SL-02 startsEarly"))
        #expect(!codes(shortfalls(Self.week(slots: early), grade: 6, system: .fiveFour)).contains("SL-02 startsEarly"))
    }

    @Test func aPeriodOverlappingAnotherOrATeacherInTwoPlacesIsRefused() {
        var periods = Self.week()
        periods.append(TimetablePeriod(weekday: 1, start: Self.time("08:50"), end: Self.time("09:30"), course: "音乐"))
        #expect(TimetableCheck.refusals(periods, grade: 4, system: .sixThree, plan: plan)
            == [TimetableProblem(rule: "", code: "overlap", args: [String(periods.count), "1"])])

        let mine = [TimetablePeriod(weekday: 2, start: Self.time("08:20"), end: Self.time("09:00"), course: "数学", teacher: "t1")]
        let theirs = OtherTimetable(className: "四年级2班", periods: [TimetablePeriod(weekday: 2, start: Self.time("08:30"), end: Self.time("09:10"), course: "数学", teacher: "t1")])
        #expect(TimetableCheck.refusals(mine, grade: 4, system: .sixThree, plan: plan, otherClasses: [theirs])
            == [TimetableProblem(rule: "", code: "teacherClash", args: ["1", "四年级2班", "2", "08:30"])])
        let elsewhere = OtherTimetable(className: "四年级2班", periods: [TimetablePeriod(weekday: 2, start: Self.time("09:10"), end: Self.time("09:50"), course: "数学", teacher: "t1")])
        #expect(TimetableCheck.refusals(mine, grade: 4, system: .sixThree, plan: plan, otherClasses: [elsewhere]).isEmpty)
    }

    @Test func aPeriodThatEndsBeforeItStartsOrIsNeitherLessonNorActivityIsRefused() {
        let periods = [TimetablePeriod(weekday: 6, start: Self.time("09:00"), end: Self.time("08:20"), course: nil)]
        #expect(codes(TimetableCheck.refusals(periods, grade: 4, system: .sixThree, plan: plan)) == [" weekday", " endsBeforeStart", " lessonOrActivity"])
    }

    @Test func CP05_eachGroupsShareOfTheYearIsWeightedByItsGradesTeachingWeeks() {
        let shares = CurriculumShare.year(of: [(4, Self.week())], plan: plan)
        let chinese = shares.first { $0.group == "语文" }!
        // 8 of 30 lessons: 26.7 %, above 20–22 %.
        #expect(chinese.permille == 267 && !chinese.within)
        let pe = shares.first { $0.group == "体育与健康" }!
        #expect(pe.permille == 100 && pe.within)
        // Grade 9 teaches 33 weeks and grade 8 35: a 语文 lesson a week in grade 9 only weighs 33 / 68 of one in both.
        let one = [TimetablePeriod(weekday: 1, start: Self.time("08:20"), end: Self.time("09:00"), course: "语文")]
        let other = [TimetablePeriod(weekday: 1, start: Self.time("08:20"), end: Self.time("09:00"), course: "数学")]
        let split = CurriculumShare.year(of: [(9, one), (8, other)], plan: plan)
        #expect(split.first { $0.group == "语文" }!.lessons == 33)
        #expect(split.first { $0.group == "语文" }!.permille == 485)
        // Two classes of grade 8, one teaching 语文 and one 数学: the grade is one pupil's year, half of each.
        let grade8 = CurriculumShare.year(of: [(8, one), (8, other), (9, one)], plan: plan)
        #expect(grade8.first { $0.group == "语文" }!.lessons == 51 && grade8.first { $0.group == "数学" }!.lessons == 18)
    }
}
