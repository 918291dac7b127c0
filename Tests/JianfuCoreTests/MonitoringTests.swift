import Foundation
import JianfuCore
import Testing

/// The five-managements monitoring: the questionnaire built from the profile's targets by stage (SL-01, SL-03, PE-03,
/// PH-01/02), answers held to their ranges, and the share of answers within each target.
@Suite struct MonitoringTests {
    let monitoring = try! PolicyProfile.load(contentsOf: Fixture.nationalProfileURL).schoolDay.monitoring

    /// The keys and their arguments, as a reader could not see them: the test reads what the core asks for.
    static func text(_ key: String, _ args: [String]) -> String { ([key] + args).joined(separator: "|") }

    @Test func theTargetsComeFromTheProfileByStage() {
        let primary = FiveManagementsMonitoring.targets(monitoring, stage: .primary)
        let junior = FiveManagementsMonitoring.targets(monitoring, stage: .junior)
        #expect(primary.sleepMinutes == 600 && junior.sleepMinutes == 540, "SL-01: 10 h and 9 h")
        #expect(primary.bedtime.hhmm == "21:20" && junior.bedtime.hhmm == "22:00", "SL-03")
        #expect(primary.activityInSchoolMinutes == 60 && primary.activityOutOfSchoolMinutes == 60, "PE-03: an hour in school, an hour out")
        #expect(monitoring.sleepMinutes.primary.rule == "SL-01" && monitoring.bedtime.junior.rule == "SL-03" && monitoring.phone.rule == "PH-01")
    }

    @Test func theBedtimeQuestionAsksAboutTheStagesOwnTarget() {
        let questions = FiveManagementsMonitoring.questions(FiveManagementsMonitoring.targets(monitoring, stage: .junior), text: Self.text)
        #expect(questions.map(\.id) == MonitoringQuestion.allCases.map(\.rawValue))
        let bedtime = questions.first { $0.id == "bedtime" }!
        #expect(bedtime.options == ["bedtime.byTarget|22:00", "bedtime.soonAfter|22:00|22:30", "bedtime.later|22:30"])
        let sleep = questions.first { $0.id == "sleep" }!
        #expect(sleep.kind == .number && sleep.minimum == 0 && sleep.maximum == 24)
        try! SurveyRules.check(questions, opensOn: LocalDate(iso: "2026-12-01")!, closesOn: LocalDate(iso: "2026-12-15")!)
    }

    @Test func anAnswerOutsideItsRangeIsRefusedByName() {
        let questions = FiveManagementsMonitoring.questions(FiveManagementsMonitoring.targets(monitoring, stage: .primary), text: Self.text)
        var answers: [String: SurveyAnswer] = ["sleep": .number(9.5), "bedtime": .choice([questions[1].options[0]]), "activityInSchool": .number(70),
                                               "activityOutOfSchool": .number(40), "reading": .number(30), "phone": .choice([questions[5].options[0]])]
        let day = LocalDate(iso: "2026-12-03")!, opens = LocalDate(iso: "2026-12-01")!, closes = LocalDate(iso: "2026-12-15")!
        try! SurveyRules.check(answers, to: questions, today: day, opensOn: opens, closesOn: closes)
        answers["sleep"] = .number(30)
        #expect(throws: SurveyResponseProblem.outOfRange("sleep", minimum: 0, maximum: 24)) {
            try SurveyRules.check(answers, to: questions, today: day, opensOn: opens, closesOn: closes)
        }
        answers["sleep"] = .number(9)
        answers["reading"] = .number(-5)
        #expect(throws: SurveyResponseProblem.outOfRange("reading", minimum: 0, maximum: 720)) {
            try SurveyRules.check(answers, to: questions, today: day, opensOn: opens, closesOn: closes)
        }
    }

    @Test func aRangeOnlyOnANumberQuestionAndTheRightWayRound() {
        let opens = LocalDate(iso: "2026-12-01")!
        #expect(throws: SurveyDefinitionProblem.badRange("q")) {
            try SurveyRules.check([SurveyQuestion(id: "q", kind: .number, text: "几小时", minimum: 5, maximum: 1)], opensOn: opens, closesOn: opens)
        }
        #expect(throws: SurveyDefinitionProblem.badRange("q")) {
            try SurveyRules.check([SurveyQuestion(id: "q", kind: .scale, text: "满意度", maximum: 3)], opensOn: opens, closesOn: opens)
        }
    }

    @Test func theSharesCountTheAnswersWithinEachTarget() {
        let targets = FiveManagementsMonitoring.targets(monitoring, stage: .primary)
        let questions = FiveManagementsMonitoring.questions(targets, text: Self.text)
        let bed = questions[1].options, phone = questions[5].options
        let responses: [[String: SurveyAnswer]] = [
            // 10 h is the target itself: within. An hour in and out of school: within.
            ["sleep": .number(10), "bedtime": .choice([bed[0]]), "activityInSchool": .number(60), "activityOutOfSchool": .number(60),
             "reading": .number(30), "phone": .choice([phone[0]])],
            // A phone brought with the school's consent is within PH-02; half past nine is after 21:20.
            ["sleep": .number(9.5), "bedtime": .choice([bed[1]]), "activityInSchool": .number(45), "activityOutOfSchool": .number(90),
             "reading": .number(20), "phone": .choice([phone[1]])],
            ["sleep": .number(8), "bedtime": .choice([bed[2]]), "activityInSchool": .number(60), "activityOutOfSchool": .number(0),
             "phone": .choice([phone[2]])],
        ]
        let figures = FiveManagementsMonitoring.tally(responses, questions: questions, targets: targets)
        #expect(figures.responses == 3)
        #expect(figures.sleep == .init(answered: 3, within: 1) && figures.sleep.percent == 33)
        #expect(figures.bedtime == .init(answered: 3, within: 1))
        #expect(figures.activityInSchool == .init(answered: 3, within: 2) && figures.activityInSchool.percent == 67)
        #expect(figures.activityOutOfSchool == .init(answered: 3, within: 2))
        #expect(figures.phone == .init(answered: 3, within: 2))
        #expect(figures.readingMeanMinutes == 25, "the mean of the two who answered")
        #expect(FiveManagementsMonitoring.Figures.none.sleep.percent == nil, "no answers: no share, not 0 %")
        #expect((figures + figures).sleep == .init(answered: 6, within: 2))
    }

    @Test func juniorSleepIsHeldToNineHours() {
        let targets = FiveManagementsMonitoring.targets(monitoring, stage: .junior)
        let questions = FiveManagementsMonitoring.questions(targets, text: Self.text)
        let figures = FiveManagementsMonitoring.tally([["sleep": .number(9)], ["sleep": .number(8.9)]], questions: questions, targets: targets)
        #expect(figures.sleep == .init(answered: 2, within: 1))
        #expect(figures.bedtime.answered == 0, "unanswered questions are not counted against the target")
    }
}
