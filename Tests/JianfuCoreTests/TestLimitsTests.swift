import Foundation
import Testing
@testable import JianfuCore

@Suite struct TestLimitsTests {
    let profile: PolicyProfile
    let autumn = TestTerm(startsOn: LocalDate(iso: "2026-09-01")!, endsOn: LocalDate(iso: "2027-01-22")!)
    let spring = TestTerm(startsOn: LocalDate(iso: "2027-02-22")!, endsOn: LocalDate(iso: "2027-07-02")!)
    let day = LocalDate(iso: "2026-12-10")!

    init() throws {
        profile = try PolicyProfile.load(contentsOf: Fixture.nationalProfileURL)
    }

    func check(_ kind: TestKind, paper: Bool = true, grade: Int, system: SchoolSystem = .sixThree, on date: LocalDate? = nil,
               term: TestTerm? = nil, existing: [PlannedTest] = [], profile: PolicyProfile? = nil, title: String = "",
               organiser: TestOrganiser = .school, source: PaperSource? = nil) -> TestCheck {
        TestLimits(profile: profile ?? self.profile, system: system, grade: grade)
            .check(PlannedTest(kind: kind, paper: paper, heldOn: date ?? day, title: title, organiser: organiser, paperSource: source),
                   existing: existing, term: term ?? autumn)
    }

    func test(_ kind: TestKind, paper: Bool = true) -> PlannedTest { PlannedTest(kind: kind, paper: paper, heldOn: day) }

    @Test func gradesOneAndTwoHaveNoPaperTests() {
        let refused = check(.final, grade: 2).refusal
        #expect(refused?.rule.rule == "EX-01")
        #expect(refused?.limit == 0)
        #expect(check(.final, paper: false, grade: 2) == .allowed(warnings: []))
        #expect(check(.nonPaper, paper: false, grade: 1) == .allowed(warnings: []))
    }

    @Test func oneFinalPerSubjectPerTerm() {
        #expect(check(.final, grade: 4) == .allowed(warnings: []))
        let second = check(.final, grade: 4, existing: [test(.final)]).refusal
        #expect(second?.rule.rule == "EX-02")
        #expect(second?.existing == 1)
        #expect(check(.final, grade: 8, existing: [test(.midterm)]) == .allowed(warnings: []))
    }

    @Test func midTermsOnlyInJuniorGradesAndAtMostOne() {
        #expect(check(.midterm, grade: 5).refusal?.key == "tests.midtermsPerTermPrimary")
        #expect(check(.midterm, grade: 7) == .allowed(warnings: []))
        #expect(check(.midterm, grade: 7, existing: [test(.midterm)]).refusal?.rule.rule == "EX-03")
        // Under 五四制 grade 6 is junior and may hold one.
        #expect(check(.midterm, grade: 6, system: .fiveFour) == .allowed(warnings: []))
        #expect(check(.midterm, grade: 6, system: .sixThree).refusal != nil)
    }

    @Test func EX04_noUnitQuizOrDisguisedTestsOnPaperOrNot() {
        #expect(check(.unit, grade: 5).refusal?.rule.rule == "EX-04")
        #expect(check(.unit, paper: false, grade: 5).refusal?.rule.rule == "EX-04")
        #expect(check(.quiz, paper: false, grade: 8).refusal?.rule.rule == "EX-04")
        // A kind cannot carry a weekly test past the rule: the title gives it away, on paper or not.
        for title in ["第三单元测验", "数学限时练习", "期中学情调研", "第5周周测"] {
            #expect(check(.final, grade: 5, title: title).refusal?.rule.rule == "EX-04", "\(title)")
            #expect(check(.nonPaper, paper: false, grade: 5, title: title).refusal?.rule.rule == "EX-04", "\(title)")
        }
        #expect(check(.final, grade: 5, title: "2026学年第一学期期末考试") == .allowed(warnings: []))
        // The non-paper end-of-term evaluation is one a term, not a weekly test without paper.
        #expect(check(.nonPaper, paper: false, grade: 8, existing: [test(.nonPaper, paper: false)]).refusal?.key == "tests.nonPaperEvaluationsPerTerm")
    }

    @Test func EX01_gradesOneAndTwoKeepTheirNonPaperEndOfTermEvaluation() {
        #expect(check(.nonPaper, paper: false, grade: 1, title: "期末游园闯关") == .allowed(warnings: []))
        #expect(check(.final, paper: true, grade: 1).refusal?.rule.rule == "EX-01")
    }

    @Test func EX05_regionalTestsOnlyInTheGraduatingGrade() {
        for grade in [3, 6, 7, 8] {
            #expect(check(.final, grade: grade, organiser: .district).refusal?.rule.rule == "EX-05", "grade \(grade)")
            #expect(check(.final, grade: grade, organiser: .other).refusal?.rule.rule == "EX-05", "grade \(grade)")
        }
        #expect(check(.final, grade: 9, organiser: .district) == .allowed(warnings: []))
        #expect(check(.final, grade: 6, system: .fiveFour, organiser: .district).refusal?.rule.rule == "EX-05", "grade 6 is junior under 五四制 but not graduating")
        #expect(check(.final, grade: 8, organiser: .school) == .allowed(warnings: []))
        #expect(check(.final, grade: 8, organiser: .class) == .allowed(warnings: []))
    }

    @Test func EX13_noBoughtPapers() {
        #expect(check(.final, grade: 5, source: .purchased).refusal?.rule.rule == "EX-13")
        #expect(check(.final, grade: 5, source: .school) == .allowed(warnings: []))
        #expect(check(.final, grade: 5, source: .authorityBank) == .allowed(warnings: []))
    }

    @Test func mocksOnlyInGradeNineSecondTermOneOrTwo() {
        #expect(check(.mock, grade: 8, term: spring).refusal?.rule.rule == "EX-06")
        #expect(check(.mock, grade: 9, term: autumn).refusal?.limit == 0)
        let late = LocalDate(iso: "2027-06-10")!
        #expect(check(.mock, grade: 9, on: late, term: spring) == .allowed(warnings: []))
        let twoAlready = [PlannedTest(kind: .mock, paper: true, heldOn: late), PlannedTest(kind: .mock, paper: true, heldOn: late)]
        #expect(check(.mock, grade: 9, on: late, term: spring, existing: twoAlready).refusal?.existing == 2)
    }

    @Test func EX06_anEarlyMockIsRefused() {
        let early = LocalDate(iso: "2027-03-10")!
        let result = check(.mock, grade: 9, on: early, term: spring)
        #expect(result.refusal?.key == "tests.mockWindowWeeks")
        #expect(result.refusal?.rule.rule == "EX-06")
        #expect(!profile.tests.mockWindowWeeks.guideline, "EX-06 is HARD in the catalogue")
    }

    @Test func aDistrictThatTightensIsHeldToItsOwnLimit() throws {
        let tighter = try PolicyAdjustment(values: ["tests.midtermsPerTermJunior": 0]).applied(to: profile)
        #expect(check(.midterm, grade: 8, profile: tighter).refusal?.limit == 0)
        #expect(throws: PolicyAdjustment.Problem.self) { try PolicyAdjustment(values: ["tests.mocksGraduatingYear": 3]).applied(to: profile) }
    }

    @Test func scoresConvertToTheProfilesLevels() {
        let scheme = profile.tests.levelScheme
        #expect(scheme.levels.count == 4)
        #expect(scheme.level(score: 100, fullMarks: 100).code == "A")
        #expect(scheme.level(score: 85, fullMarks: 100).code == "A")
        #expect(scheme.level(score: 84.5, fullMarks: 100).code == "B")
        #expect(scheme.level(score: 102, fullMarks: 120).code == "A")
        #expect(scheme.level(score: 89, fullMarks: 150).code == "D")
        #expect(scheme.level(score: 90, fullMarks: 150).code == "C")
        #expect(scheme.level(score: 0, fullMarks: 100).code == "D")
        #expect(scheme.level(code: "E") == nil)
    }

    @Test func aLevelSchemeOutOfOrderStopsTheProfile() throws {
        let text = try String(contentsOf: Fixture.nationalProfileURL, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "minPercent: 70", with: "minPercent: 90")
        let error = #expect(throws: PolicyProfileError.self) { try PolicyProfile.load(yaml: broken, file: "p.yaml") }
        #expect(error?.key == "tests.levelScheme")
    }

    @Test func specificationTotalsAreChecked() {
        let good = SpecificationTable(rows: [
            .init(point: "分数的意义", cells: [10, 20, 10, 0], total: 40),
            .init(point: "小数加减", cells: [10, 20, 20, 10], total: 60),
        ], total: 100)
        #expect(good.problem(levels: 4, fullMarks: 100) == nil)
        #expect(good.columnTotals == [20, 40, 30, 10])
        #expect(good.problem(levels: 4, fullMarks: 120) == .notTheFullMark(total: 100, fullMarks: 120))
        let badRow = SpecificationTable(rows: [.init(point: "方程", cells: [10, 20, 10, 5], total: 40)], total: 40)
        #expect(badRow.problem(levels: 4, fullMarks: 40) == .rowDoesNotAddUp(row: 1, stated: 40, sum: 45))
        let badTotal = SpecificationTable(rows: [.init(point: "方程", cells: [10, 20, 10, 0], total: 40)], total: 50)
        #expect(badTotal.problem(levels: 4, fullMarks: 50) == .rowsDoNotAddUp(stated: 50, sum: 40))
        #expect(SpecificationTable(rows: [], total: 0).problem(levels: 4, fullMarks: 100) == .noRows)
        #expect(SpecificationTable(rows: [.init(point: " ", cells: [1, 1, 1, 1], total: 4)], total: 4).problem(levels: 4, fullMarks: 4) == .unnamedPoint(row: 1))
        #expect(SpecificationTable(rows: [.init(point: "a", cells: [1, 1], total: 2)], total: 2).problem(levels: 4, fullMarks: 2) == .wrongCellCount(row: 1, expected: 4))
        #expect(SpecificationTable(rows: [.init(point: "a", cells: [-1, 1, 0, 0], total: 0)], total: 0).problem(levels: 4, fullMarks: 0) == .negativeCell(row: 1))
        #expect(SpecificationTable(rows: [.init(point: "a", cells: [0.5, 0.5, 0.5, 0.5], total: 2)], total: 2).problem(levels: 4, fullMarks: 2) == nil)
    }
}
