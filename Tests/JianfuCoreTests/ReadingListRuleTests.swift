import Foundation
import JianfuCore
import Testing

/// A title for a school's recommended reading list, by rule id: every standard confirmed (RD-03), clear of the negative
/// list (RD-04), and no price nor a way to buy (RD-05).
@Suite struct ReadingListRuleTests {
    let standards = try! PolicyProfile.load(contentsOf: Fixture.nationalProfileURL).schoolDay.reading.standards.items
    static let today = LocalDate(iso: "2026-11-25")!

    func draft(_ change: (inout ReadingTitleDraft) -> Void = { _ in }) -> ReadingTitleDraft {
        var d = ReadingTitleDraft(title: "昆虫记", author: "法布尔", publisher: "人民文学出版社", fromGrade: 4, toGrade: 6, reviewer: "图书推荐审核小组",
                                  reviewedOn: LocalDate(iso: "2026-10-10"), standards: ["主题鲜明", "内容积极", "可读性强", "启智增慧"],
                                  clearOfNegativeList: true, note: "观察自然")
        change(&d)
        return d
    }

    func check(_ d: ReadingTitleDraft) throws(ReadingTitleProblem) {
        try ReadingListRules.check(d, standards: standards, grades: 1...6, today: Self.today)
    }

    @Test func aReviewedTitleWithinTheSchoolsGradesIsListed() throws {
        #expect(standards == ["主题鲜明", "内容积极", "可读性强", "启智增慧"])
        try check(draft())
    }

    @Test func RD03_everyStandardMustBeConfirmed() {
        #expect(throws: ReadingTitleProblem.standardNotConfirmed("可读性强")) { try check(draft { $0.standards.remove("可读性强") }) }
    }

    @Test func RD04_theNegativeListMustBeRuledOut() {
        #expect(throws: ReadingTitleProblem.negativeListNotConfirmed) { try check(draft { $0.clearOfNegativeList = false }) }
    }

    @Test func RD05_noPriceAndNoWayToBuy() {
        #expect(throws: ReadingTitleProblem.commercial("note")) { try check(draft { $0.note = "团购价 25 元" }) }
        #expect(throws: ReadingTitleProblem.commercial("note")) { try check(draft { $0.note = "见 https://item.example.com/123" }) }
        #expect(throws: ReadingTitleProblem.commercial("publisher")) { try check(draft { $0.publisher = "京东自营" }) }
    }

    @Test func theReviewIsDatedAndTheGradesAreTheSchools() {
        #expect(throws: ReadingTitleProblem.missing("reviewedOn")) { try check(draft { $0.reviewedOn = nil }) }
        #expect(throws: ReadingTitleProblem.reviewedInFuture) { try check(draft { $0.reviewedOn = LocalDate(iso: "2026-11-26") }) }
        #expect(throws: ReadingTitleProblem.badGrades) { try check(draft { $0.toGrade = 7 }) }
        #expect(throws: ReadingTitleProblem.badGrades) { try check(draft { $0.fromGrade = 5; $0.toGrade = 4 }) }
        #expect(throws: ReadingTitleProblem.missing("reviewer")) { try check(draft { $0.reviewer = "  " }) }
    }
}
