import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The survey engine as its users meet it: a school puts a questionnaire to its families, a parent answers once, the
/// school reads the results with the response rate; those outside the audience do not see it.
@Suite struct SurveyTests {
    struct Created: Decodable { let id: String }
    struct Summary: Decodable { let id: String; let title: String; let answered: Bool?; let responses: Int? }
    struct List: Decodable { let toAnswer: [Summary]; let managed: [Summary] }
    struct Detail: Decodable {
        struct For: Decodable { let studentId: String?; let name: String; let answered: Bool }
        let survey: Summary
        let answerFor: [For]
    }
    struct Results: Decodable {
        struct Question: Decodable {
            struct Count: Decodable { let label: String; let count: Int }
            let id: String
            let answered: Int
            let counts: [Count]
            let mean: Double?
            let texts: [String]
        }
        let audience: Int
        let responses: Int
        let ratePercent: Int?
        let questions: [Question]
    }

    /// A satisfaction survey of 第一实验小学's families, open on the demo's day (25 November).
    static func satisfaction(_ school: UUID, respondents: String = "parents", anonymous: Bool = true, closesOn: String = "2026-12-10") -> String {
        #"""
        {"title":"课后服务满意度","schoolId":"\#(school)","respondents":"\#(respondents)","scope":"school","anonymous":\#(anonymous),
         "opensOn":"2026-11-20","closesOn":"\#(closesOn)","questions":[
          {"id":"overall","kind":"scale","text":"总体满意度"},
          {"id":"best","kind":"single","text":"孩子最喜欢的活动","options":["体育","艺术","阅读"]},
          {"id":"say","kind":"text","text":"意见建议","required":false}]}
        """#
    }

    static func put(_ app: Application, _ json: String) async throws -> String {
        let created = try await app.api(.POST, "/api/v1/surveys", token: try await app.token("principal"), json: json)
        #expect(created.status == .created, "\(created.text)")
        return try created.json(Created.self).id
    }

    @Test func aParentAnswersOnceAndTheSchoolReadsTheResultsWithTheRate() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let id = try await Self.put(app, Self.satisfaction(school))
            let parent = try await app.token("parent")
            let before = try await app.api(.GET, "/api/v1/surveys", token: parent).json(List.self)
            #expect(before.toAnswer.map(\.id) == [id] && before.toAnswer[0].answered == false && before.managed.isEmpty)
            // An answer outside the options is refused naming the question, in the parent's language.
            let wrong = try await app.api(.POST, "/api/v1/surveys/\(id)/responses", token: parent, json: #"{"answers":{"overall":5,"best":"编程"}}"#)
            #expect(wrong.status == .unprocessableEntity && wrong.errorCode == "invalid_response")
            #expect(wrong.errorMessage == "“孩子最喜欢的活动”的答案不在选项中。")
            let outside = try await app.api(.POST, "/api/v1/surveys/\(id)/responses", token: parent, json: #"{"answers":{"overall":7,"best":"体育"}}"#,
                                            language: "en")
            #expect(outside.status == .unprocessableEntity && outside.errorMessage == "Answer “总体满意度” from 1 to 5.")
            let odd = try await app.api(.POST, "/api/v1/surveys/\(id)/responses", token: parent, json: #"{"answers":{"overall":{"x":1},"best":"体育"}}"#)
            #expect(odd.status == .unprocessableEntity && odd.errorCode == "invalid_input")
            let saved = try await app.api(.POST, "/api/v1/surveys/\(id)/responses", token: parent, json: #"{"answers":{"overall":4,"best":"阅读","say":"希望多些户外活动"}}"#)
            #expect(saved.status == .created)
            let again = try await app.api(.POST, "/api/v1/surveys/\(id)/responses", token: parent, json: #"{"answers":{"overall":1,"best":"体育"}}"#)
            #expect(again.status == .conflict && again.errorCode == "already_answered")
            #expect(try await app.api(.GET, "/api/v1/surveys", token: parent).json(List.self).toAnswer[0].answered == true)

            let results = try await app.api(.GET, "/api/v1/surveys/\(id)/results", token: try await app.token("principal")).json(Results.self)
            let families = try await Guardianship.query(on: app.db).join(Student.self, on: \Guardianship.$studentId == \Student.$id)
                .filter(Student.self, \.$schoolId == school).all().map(\.guardianId)
            #expect(results.audience == Set(families).count && results.audience > 1)
            #expect(results.responses == 1 && results.ratePercent == SurveyResults.ratePercent(responses: 1, audience: results.audience))
            let overall = try #require(results.questions.first { $0.id == "overall" })
            #expect(overall.mean == 4 && overall.counts.map(\.count) == [0, 0, 0, 1, 0])
            #expect(results.questions.first { $0.id == "best" }?.counts.map(\.count) == [0, 0, 1])
            #expect(results.questions.first { $0.id == "say" }?.texts == ["希望多些户外活动"])
            // Anonymous: the response keeps neither who gave it nor when in the day.
            let row = try #require(try await SurveyResponse.query(on: app.db).first())
            #expect(row.respondentId == nil && row.studentId == nil && row.submittedAt == nil && row.submittedOn == "2026-11-25")
        }
    }

    @Test func thoseOutsideTheAudienceNeitherSeeNorAnswerAndOnlyManagersReadResults() async throws {
        try await TestApp.withApp { app in
            // The demo's own questionnaires (a parent meeting's feedback form) are there before the test's.
            let demoSurveys = Set(try await Survey.query(on: app.db).all().compactMap { $0.id?.uuidString })
            let id = try await Self.put(app, Self.satisfaction(try await app.schoolId("第一实验小学")))
            // A teacher is not a family of the school; another school's administrator is not its administrator.
            for user in ["teacher", "principal2"] {
                let token = try await app.token(user)
                #expect(try await app.api(.GET, "/api/v1/surveys/\(id)", token: token).status == .notFound, "\(user)")
                #expect(try await app.api(.GET, "/api/v1/surveys/\(id)/results", token: token).status == .notFound, "\(user)")
                #expect(try await app.api(.GET, "/api/v1/surveys", token: token).json(List.self).toAnswer.isEmpty, "\(user)")
            }
            let parent = try await app.token("parent")
            #expect(try await app.api(.GET, "/api/v1/surveys/\(id)/results", token: parent).status == .notFound)
            // The bureau reads it; a principal may not put a survey to another school.
            #expect(try await app.api(.GET, "/api/v1/surveys", token: try await app.token("bureau")).json(List.self).managed.map(\.id).filter { !demoSurveys.contains($0) } == [id])
            let elsewhere = try await app.api(.POST, "/api/v1/surveys", token: try await app.token("principal"),
                                              json: Self.satisfaction(try await app.schoolId("第一中学")))
            #expect(elsewhere.status == .forbidden)
            #expect(try await app.api(.POST, "/api/v1/surveys", token: parent, json: Self.satisfaction(try await app.schoolId("第一实验小学"))).status == .forbidden)
        }
    }

    @Test func aQuestionnaireThatCannotBeAnsweredIsRefusedWithTheReason() async throws {
        try await TestApp.withApp { app in
            // The demo's own questionnaires (a parent meeting's feedback form) are there before the test's.
            let demoSurveys = try await Survey.query(on: app.db).count()
            let school = try await app.schoolId("第一实验小学")
            let principal = try await app.token("principal")
            let oneOption = #"{"title":"调查","schoolId":"\#(school)","respondents":"parents","scope":"school","anonymous":true,"opensOn":"2026-11-20","closesOn":"2026-12-10","questions":[{"id":"q","kind":"single","text":"喜欢吗","options":["喜欢"]}]}"#
            let refused = try await app.api(.POST, "/api/v1/surveys", token: principal, json: oneOption, language: "en")
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_survey")
            #expect(refused.errorMessage == "Choice question “q” needs at least two different options.")
            let backwards = Self.satisfaction(school, closesOn: "2026-11-01")
            let dates = try await app.api(.POST, "/api/v1/surveys", token: principal, json: backwards)
            #expect(dates.status == .unprocessableEntity && dates.errorMessage == "截止日期不能早于开始日期。")
            #expect(try await Survey.query(on: app.db).count() == demoSurveys)
        }
    }

    @Test func aClosedSurveyTakesNoMoreAnswers() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let json = Self.satisfaction(school, closesOn: "2026-11-24")
            let id = try await Self.put(app, json)
            let late = try await app.api(.POST, "/api/v1/surveys/\(id)/responses", token: try await app.token("parent"), json: #"{"answers":{"overall":5,"best":"体育"}}"#)
            #expect(late.status == .unprocessableEntity && late.errorCode == "survey_not_open")
            #expect(try await SurveyResponse.query(on: app.db).count() == 0)
            #expect(try await SurveyRespondent.query(on: app.db).count() == 0)
        }
    }

    @Test func aNamedPupilsSurveyKeepsForWhomAndItsExportIsAudited() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let id = try await Self.put(app, Self.satisfaction(school, respondents: "pupils", anonymous: false))
            let parent = try await app.token("parent")
            let detail = try await app.api(.GET, "/api/v1/surveys/\(id)", token: parent).json(Detail.self)
            let child = try #require(detail.answerFor.first)
            #expect(detail.answerFor.count == 1 && child.studentId != nil && !child.answered)
            // On the page, as the parent's phone would send it.
            let visitor = try await Visitor.signedIn(app, as: "parent")
            let page = try await visitor.get("/surveys/\(id)")
            #expect(page.status == .ok && page.text.contains("孩子最喜欢的活动") && page.text.contains("实名"))
            let missing = try await visitor.post("/surveys/\(id)", form: ["q_best": "体育"])
            #expect(missing.status == .unprocessableEntity && missing.text.contains("请回答：总体满意度"))
            let answered = try await visitor.post("/surveys/\(id)", form: ["q_overall": "5", "q_best": "体育"])
            #expect(answered.status == .ok && answered.text.contains("感谢您的填写"))
            let row = try #require(try await SurveyResponse.query(on: app.db).first())
            let parentId = try await app.userId("parent")
            #expect(row.studentId?.uuidString == child.studentId && row.respondentId == parentId)

            let manager = try await Visitor.signedIn(app, as: "principal")
            let results = try await manager.get("/surveys/\(id)/results")
            #expect(results.status == .ok && results.text.contains("课后服务满意度"))
            let csv = try await manager.get("/surveys/\(id)/results.csv")
            #expect(csv.status == .ok && csv.text.hasPrefix("\u{FEFF}") && csv.text.contains("体育"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "survey.export").count() == 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "survey.respond").count() == 1)
        }
    }

    @Test func aSchoolsGroupSurveyTakesOnlyItsOwnPupils() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let own = try #require(try await Student.query(on: app.db).filter(\.$schoolId == school).first()?.id)
            let other = try #require(try await Student.query(on: app.db).filter(\.$schoolId == (try await app.schoolId("城关小学"))).first()?.id)
            func group(_ ids: [UUID]) -> String {
                #"{"title":"围棋社家长问卷","schoolId":"\#(school)","respondents":"parents","scope":"group","group":[\#(ids.map { "\"\($0)\"" }.joined(separator: ","))],"anonymous":true,"opensOn":"2026-11-20","closesOn":"2026-12-10","questions":[{"id":"overall","kind":"scale","text":"总体满意度"}]}"#
            }
            let principal = try await app.token("principal")
            let stranger = try await app.api(.POST, "/api/v1/surveys", token: principal, json: group([own, other]))
            #expect(stranger.status == .unprocessableEntity && stranger.errorCode == "invalid_audience")
            #expect(try await app.api(.POST, "/api/v1/surveys", token: principal, json: group([])).errorCode == "invalid_audience")
            #expect(try await app.api(.POST, "/api/v1/surveys", token: principal, json: group([own])).status == .created)
        }
    }

    @Test func aHugeNumberIsAClearRefusalNotACrash() async throws {
        try await TestApp.withApp { app in
            let id = try await Self.put(app, Self.satisfaction(try await app.schoolId("第一实验小学")))
            let parent = try await app.token("parent")
            let huge = try await app.api(.POST, "/api/v1/surveys/\(id)/responses", token: parent, json: #"{"answers":{"overall":1e300,"best":"体育"}}"#)
            #expect(huge.status == .unprocessableEntity && huge.errorCode == "invalid_response")
            let visitor = try await Visitor.signedIn(app, as: "parent")
            let page = try await visitor.post("/surveys/\(id)", form: ["q_overall": "inf", "q_best": "体育"])
            #expect(page.status == .unprocessableEntity && page.text.contains("请在 1 到 5 之间选择"))
        }
    }
}
