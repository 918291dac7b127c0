import Testing
import Foundation
@testable import JianfuCore

/// The survey engine's rules: questionnaires as data, responses held to them, results tallied as a reader counts them.
@Suite struct SurveyRulesTests {
    static let questions = [
        SurveyQuestion(id: "overall", kind: .scale, text: "总体满意度"),
        SurveyQuestion(id: "liked", kind: .multiple, text: "孩子喜欢的内容", options: ["作业辅导", "体育", "艺术"]),
        SurveyQuestion(id: "stay", kind: .single, text: "下学期是否继续参加", options: ["是", "否"]),
        SurveyQuestion(id: "hours", kind: .number, text: "孩子每周参加几天", required: false),
        SurveyQuestion(id: "advice", kind: .text, text: "意见和建议", required: false),
    ]
    static let opens = LocalDate(iso: "2026-12-01")!
    static let closes = LocalDate(iso: "2026-12-15")!

    func check(_ answers: [String: SurveyAnswer], on day: String = "2026-12-03") throws(SurveyResponseProblem) {
        try SurveyRules.check(answers, to: Self.questions, today: LocalDate(iso: day)!, opensOn: Self.opens, closesOn: Self.closes)
    }

    static let complete: [String: SurveyAnswer] = ["overall": .number(4), "liked": .choice(["体育", "艺术"]), "stay": .choice(["是"])]

    @Test func aCompleteResponseWithinTheDatesIsAccepted() throws {
        try check(Self.complete)
        try check(Self.complete.merging(["hours": .number(3), "advice": .text("希望增加科学实验")]) { $1 }, on: "2026-12-15")
    }

    @Test func eachAnswerIsHeldToItsQuestion() {
        #expect(throws: SurveyResponseProblem.missing("stay")) { try check(Self.complete.filter { $0.key != "stay" }) }
        #expect(throws: SurveyResponseProblem.missing("overall")) { try check(Self.complete.merging(["overall": .choice([])]) { $1 }) }
        #expect(throws: SurveyResponseProblem.outsideScale("overall")) { try check(Self.complete.merging(["overall": .number(6)]) { $1 }) }
        #expect(throws: SurveyResponseProblem.outsideScale("overall")) { try check(Self.complete.merging(["overall": .number(3.5)]) { $1 }) }
        #expect(throws: SurveyResponseProblem.notAnOption("liked")) { try check(Self.complete.merging(["liked": .choice(["补课"])]) { $1 }) }
        #expect(throws: SurveyResponseProblem.oneChoiceOnly("stay")) { try check(Self.complete.merging(["stay": .choice(["是", "否"])]) { $1 }) }
        #expect(throws: SurveyResponseProblem.notANumber("hours")) { try check(Self.complete.merging(["hours": .text("三")]) { $1 }) }
        #expect(throws: SurveyResponseProblem.unknownQuestion("name")) { try check(Self.complete.merging(["name": .text("张三")]) { $1 }) }
        // Numbers a phone can send but no scale or count holds are refused, not converted (where Int(n) would trap).
        for wild in [Double.infinity, -Double.infinity, 1e300, Double.nan] {
            #expect(throws: SurveyResponseProblem.outsideScale("overall")) { try check(Self.complete.merging(["overall": .number(wild)]) { $1 }) }
        }
        #expect(throws: SurveyResponseProblem.notANumber("hours")) { try check(Self.complete.merging(["hours": .number(1e19)]) { $1 }) }
        #expect(throws: SurveyResponseProblem.notAnOption("liked")) { try check(Self.complete.merging(["liked": .choice(["体育", "体育"])]) { $1 }) }
        let long = String(repeating: "好", count: SurveyRules.maxTextLength + 1)
        #expect(throws: SurveyResponseProblem.tooLong("advice", max: SurveyRules.maxTextLength)) {
            try check(Self.complete.merging(["advice": .text(long)]) { $1 })
        }
    }

    @Test func aSurveyTakesAnswersOnlyBetweenItsDates() {
        #expect(throws: SurveyResponseProblem.notOpenYet) { try check(Self.complete, on: "2026-11-30") }
        #expect(throws: SurveyResponseProblem.closed) { try check(Self.complete, on: "2026-12-16") }
    }

    @Test func aQuestionnaireMustBeAnswerable() {
        let d = LocalDate(iso: "2026-12-01")!
        #expect(throws: SurveyDefinitionProblem.noQuestions) { try SurveyRules.check([], opensOn: d, closesOn: d) }
        #expect(throws: SurveyDefinitionProblem.tooFewOptions("q")) {
            try SurveyRules.check([SurveyQuestion(id: "q", kind: .single, text: "?", options: ["是"])], opensOn: d, closesOn: d)
        }
        #expect(throws: SurveyDefinitionProblem.tooFewOptions("q")) {
            try SurveyRules.check([SurveyQuestion(id: "q", kind: .multiple, text: "?", options: ["是", "是"])], opensOn: d, closesOn: d)
        }
        #expect(throws: SurveyDefinitionProblem.optionsOnOpenQuestion("q")) {
            try SurveyRules.check([SurveyQuestion(id: "q", kind: .scale, text: "?", options: ["1"])], opensOn: d, closesOn: d)
        }
        #expect(throws: SurveyDefinitionProblem.duplicateId("q")) {
            try SurveyRules.check([SurveyQuestion(id: "q", kind: .text, text: "?"), SurveyQuestion(id: "q", kind: .text, text: "!")], opensOn: d, closesOn: d)
        }
        #expect(throws: SurveyDefinitionProblem.emptyText("q")) { try SurveyRules.check([SurveyQuestion(id: "q", kind: .text, text: " ")], opensOn: d, closesOn: d) }
        #expect(throws: SurveyDefinitionProblem.closesBeforeOpening) {
            try SurveyRules.check(Self.questions, opensOn: d, closesOn: d.adding(days: -1))
        }
    }

    @Test func resultsCountEveryOptionAndPointAndTheMean() {
        let responses: [[String: SurveyAnswer]] = [
            ["overall": .number(5), "liked": .choice(["体育", "艺术"]), "stay": .choice(["是"]), "advice": .text("很好")],
            ["overall": .number(4), "liked": .choice(["体育"]), "stay": .choice(["是"])],
            ["overall": .number(3), "liked": .choice(["作业辅导"]), "stay": .choice(["否"]), "hours": .number(5)],
        ]
        let results = SurveyResults.tally(Self.questions, responses)
        #expect(results[0].mean == 4 && results[0].counts.map(\.count) == [0, 0, 1, 1, 1])
        #expect(results[1].counts.map(\.label) == ["作业辅导", "体育", "艺术"] && results[1].counts.map(\.count) == [1, 2, 1])
        #expect(results[2].counts.map(\.count) == [2, 1])
        #expect(results[3].answered == 1 && results[3].mean == 5)
        #expect(results[4].texts == ["很好"])
        #expect(SurveyResults.ratePercent(responses: 3, audience: 8) == 38)
        #expect(SurveyResults.ratePercent(responses: 0, audience: 0) == nil)
    }

    @Test func answersReadBackAsTheyWereGiven() throws {
        let data = try JSONEncoder().encode(Self.complete)
        #expect(try JSONDecoder().decode([String: SurveyAnswer].self, from: data) == Self.complete)
    }
}
