import Foundation
import Testing
@testable import JianfuCore

/// The 5+2 check rule by rule, over a plan a primary school might write: grade 3, lessons end 15:30, the basic
/// session 15:40–16:40 and an activity 16:40–17:40, delayed care to 18:30, Monday to Friday.
@Suite struct AfterSchoolPlanTests {
    let profile: PolicyProfile

    init() throws {
        profile = try PolicyProfile.load(contentsOf: Fixture.nationalProfileURL)
    }

    func t(_ text: String) -> TimeOfDay { TimeOfDay(hhmm: text)! }

    func day(_ weekday: Int, basic: (String, String) = ("15:40", "16:40"), activity: (String, String)? = ("16:40", "17:40"),
             care: Bool = true) -> [ServiceSession] {
        var sessions = [ServiceSession(weekday: weekday, start: t(basic.0), end: t(basic.1), kind: .basic)]
        if let activity { sessions.append(ServiceSession(weekday: weekday, start: t(activity.0), end: t(activity.1), kind: .activity)) }
        if care { sessions.append(ServiceSession(weekday: weekday, start: t("17:40"), end: t("18:30"), kind: .delayedCare)) }
        return sessions
    }

    func plan(_ sessions: [ServiceSession], grade: Int = 3, lessonsEnd: String? = "15:30", fee: ServiceFee = .none) -> ServicePlan {
        ServicePlan(grades: [GradePlan(grade: grade, lessonsEnd: lessonsEnd.map(t), sessions: sessions)], fee: fee)
    }

    func check(_ plan: ServicePlan, grades: [Int] = [3], offWork: String? = "17:30", latestStudy: String? = nil) -> PlanCheckResult {
        var rules = profile.afterSchool
        rules.endNotBeforeOffWork.value = offWork.map { t($0).minutes }
        rules.eveningStudyLatestEnd.value = latestStudy.map { t($0).minutes }
        return PlanCheck(rules: rules, system: .sixThree, schoolGrades: grades).check(plan)
    }

    var week: [ServiceSession] { (1...5).flatMap { day($0) } }

    @Test func aFullWeekMeets() {
        let result = check(plan(week))
        #expect(result.meets)
        #expect(result.problems == [])
        #expect(result.notes == [])
    }

    @Test func fewerThanFiveDaysNamesEachMissingWeekday() {
        let result = check(plan((1...3).flatMap { day($0) }))
        #expect(!result.meets)
        #expect(result.problems == [PlanProblem(.dayWithoutService, rule: "AS-02", grade: 3, weekday: 4),
                                    PlanProblem(.dayWithoutService, rule: "AS-02", grade: 3, weekday: 5)])
    }

    @Test func aDayUnderTwoHoursIsShort() {
        // Friday: the basic session only, 15:40–16:40, an hour.
        let sessions = (1...4).flatMap { day($0) } + day(5, activity: nil)
        let result = check(plan(sessions), offWork: nil)
        #expect(result.problems == [PlanProblem(.shortDay, rule: "AS-02", grade: 3, weekday: 5, figures: ["60", "120"])])
    }

    @Test func overlappingSessionsCountOnce() {
        // The activity overlaps the basic session by half an hour: 15:40–17:10 is 90 minutes, not 120.
        let sessions = (1...4).flatMap { day($0) } + day(5, activity: ("16:10", "17:10"))
        #expect(check(plan(sessions), offWork: nil).problems.map(\.figures) == [["90", "120"]])
        #expect(PlanCheck.coveredMinutes([ServiceSession(weekday: 1, start: t("15:00"), end: t("16:00"), kind: .basic),
                                          ServiceSession(weekday: 1, start: t("15:30"), end: t("15:45"), kind: .activity)],
                                         from: nil) == 60)
    }

    @Test func endingBeforeTheOffWorkTime() {
        // The district's off-work time is 18:00; the service ends 17:40 every day.
        let result = check(plan(week), offWork: "18:00")
        #expect(result.problems.count == 5)
        #expect(result.problems.allSatisfy { $0.kind == .endsBeforeOffWork && $0.rule == "AS-01" && $0.figures == ["17:40", "18:00"] })
    }

    @Test func withoutADistrictOffWorkTimeTheCheckSaysItCannotTell() {
        let result = check(plan(week), offWork: nil)
        #expect(result.meets)
        #expect(result.notes == [.offWorkTimeNotSet])
    }

    @Test func aDayWithoutDelayedCare() {
        let sessions = (1...4).flatMap { day($0) } + day(5, care: false)
        #expect(check(plan(sessions)).problems == [PlanProblem(.noDelayedCare, rule: "AS-03", grade: 3, weekday: 5)])
    }

    @Test func lunchSupervisionIsNotService() {
        // Monday's "basic session" at lunch time, 12:00–14:00: it does not count, and the day is short.
        let sessions = [ServiceSession(weekday: 1, start: t("12:00"), end: t("14:00"), kind: .basic),
                        ServiceSession(weekday: 1, start: t("17:40"), end: t("18:30"), kind: .delayedCare)]
            + (2...5).flatMap { day($0) }
        let result = check(plan(sessions), offWork: nil)
        #expect(result.problems == [
            PlanProblem(.duringSchoolDay, rule: "AS-09", grade: 3, weekday: 1, figures: ["12:00", "15:30"]),
            PlanProblem(.shortDay, rule: "AS-02", grade: 3, weekday: 1, figures: ["0", "120"]),
        ])
    }

    @Test func withoutTheLessonsEndTheScopeCannotBeChecked() {
        let result = check(plan(week, lessonsEnd: nil))
        #expect(result.problems == [PlanProblem(.lessonsEndMissing, rule: "AS-09", grade: 3)])
    }

    @Test func eveningStudyIsNotServiceAndOnlyForJuniorGrades() {
        // Grade 3 with evening study on Monday: refused as AS-04; it adds nothing to the day's service time either.
        let study = ServiceSession(weekday: 1, start: t("19:00"), end: t("20:40"), kind: .eveningStudy)
        #expect(check(plan(week + [study])).problems == [PlanProblem(.eveningStudyNotJunior, rule: "AS-04", grade: 3, weekday: 1)])
        // Grade 8, the district's latest end 20:30 (LOC-06): 20:40 is too late.
        let junior = check(plan(week + [study], grade: 8), grades: [8], latestStudy: "20:30")
        #expect(junior.problems == [PlanProblem(.eveningStudyTooLate, rule: "LOC-06", grade: 8, weekday: 1, figures: ["20:40", "20:30"])])
        // Evening study alone is no service.
        let onlyStudy = check(plan((1...5).map { ServiceSession(weekday: $0, start: t("19:00"), end: t("20:30"), kind: .eveningStudy) }, grade: 8),
                              grades: [8])
        #expect(onlyStudy.problems == [PlanProblem(.gradeWithoutService, rule: "AS-02", grade: 8)])
    }

    @Test func everyGradeOfTheSchoolNeedsService() {
        let result = check(plan(week), grades: [3, 4])
        #expect(result.problems == [PlanProblem(.gradeWithoutService, rule: "AS-02", grade: 4)])
    }

    @Test func aFeeNeedsWaivers() {
        let charged = ServiceFee(free: false, yuanPerMonth: 150, waiver: " ")
        #expect(check(plan(week, fee: charged)).problems == [PlanProblem(.feeWithoutWaiver, rule: "AS-10")])
        let waived = ServiceFee(free: false, yuanPerMonth: 150, waiver: "低保家庭、建档立卡家庭免收")
        #expect(check(plan(week, fee: waived)).meets)
    }

    @Test func theDistrictsMinimumTightensTheDay() throws {
        var tightened = profile.afterSchool
        tightened.minMinutesPerDay.value = 150
        tightened.endNotBeforeOffWork.value = nil
        let result = PlanCheck(rules: tightened, system: .sixThree, schoolGrades: [3]).check(plan(week))
        #expect(result.problems.count == 5)
        #expect(result.problems.allSatisfy { $0.kind == .shortDay && $0.figures == ["120", "150"] })
    }

    @Test func malformedPlansAreRefusedBeforeTheCheck() {
        #expect(throws: ServicePlanInvalid.gradeNotInSchool(7)) { try plan(week, grade: 7).validate(schoolGrades: [3]) }
        let backwards = [ServiceSession(weekday: 2, start: t("17:00"), end: t("16:00"), kind: .basic)]
        #expect(throws: ServicePlanInvalid.endNotAfterStart(grade: 3, weekday: 2)) { try plan(backwards).validate(schoolGrades: [3]) }
        let saturday = [ServiceSession(weekday: 6, start: t("09:00"), end: t("11:00"), kind: .activity)]
        #expect(throws: ServicePlanInvalid.badWeekday(grade: 3, weekday: 6)) { try plan(saturday).validate(schoolGrades: [3]) }
        #expect(throws: ServicePlanInvalid.feeOnFreeService) {
            try plan(week, fee: ServiceFee(free: true, yuanPerMonth: 100, waiver: "")).validate(schoolGrades: [3])
        }
        #expect(throws: ServicePlanInvalid.feeMissing) {
            try plan(week, fee: ServiceFee(free: false, yuanPerMonth: nil, waiver: "x")).validate(schoolGrades: [3])
        }
        #expect(TimeOfDay(hhmm: "24:00") == nil)
        #expect(TimeOfDay(hhmm: "7:5") == nil)
        #expect(TimeOfDay(hhmm: "7:05")?.hhmm == "07:05")
    }

    @Test func programsMayNotShareARoomOrAPersonAtOnce() {
        let chess = ProgramSlot(name: "围棋", weekdays: [1, 3], start: t("16:40"), end: t("17:40"), room: "302 教室", staffKey: "a")
        let choir = ProgramSlot(name: "合唱", weekdays: [3], start: t("17:00"), end: t("18:00"), room: "302教室", staffKey: "b")
        #expect(ProgramRules.clash(of: choir, with: [chess]) == .room(other: "围棋", weekday: 3))
        let sameTeacher = ProgramSlot(name: "书法", weekdays: [1], start: t("17:30"), end: t("18:00"), room: "美术室", staffKey: "a")
        #expect(ProgramRules.clash(of: sameTeacher, with: [chess]) == .staff(other: "围棋", weekday: 1))
        // Back to back is no clash.
        let after = ProgramSlot(name: "书法", weekdays: [1], start: t("17:40"), end: t("18:20"), room: "302教室", staffKey: "a")
        #expect(ProgramRules.clash(of: after, with: [chess]) == nil)
    }

    @Test func aProgramMeetsOnlyOnThePlansDays() {
        let sessions = (1...4).flatMap { day($0) }
        #expect(ProgramRules.outsidePlan(grades: [3], weekdays: [2, 5], plan: plan(sessions))! == (3, 5))
        #expect(ProgramRules.outsidePlan(grades: [3], weekdays: [1, 4], plan: plan(sessions)) == nil)
    }

    @Test func newLessonsAreRefusedAsAS06() {
        let findings = ContentCheck.findings(in: "数学拓展：提前讲新课，每周刷题两次", rules: profile.afterSchool.contentRules)
        #expect(findings.map(\.rule.rule) == ["AS-06"])
        #expect(ContentCheck.findings(in: "围棋兴趣小组：对弈与复盘", rules: profile.afterSchool.contentRules).isEmpty)
    }

    @Test func theDistrictsOffWorkTimeIsATimeOfDay() throws {
        #expect(profile.afterSchool.endNotBeforeOffWork.value == nil)
        let adjusted = try PolicyAdjustment(values: ["afterSchool.endNotBeforeOffWork": 17 * 60 + 30]).applied(to: profile)
        #expect(adjusted.afterSchool.endNotBeforeOffWork.value == 1050)
        #expect(throws: PolicyAdjustment.Problem.notATime(key: "afterSchool.endNotBeforeOffWork")) {
            try PolicyAdjustment(values: ["afterSchool.endNotBeforeOffWork": 1500]).applied(to: profile)
        }
    }
}
