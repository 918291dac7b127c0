import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The term's satisfaction survey through the survey engine: the school puts it, families answer on their phones, the
/// school reads it per program and the bureau per school, each with its response rate.
@Suite struct AfterSchoolSatisfactionTests {
    struct Line: Decodable { let surveyId: String; let programId: String?; let programName: String?; let respondents: String; let responses: Int
        let audience: Int; let ratePercent: Int?; let meanOverall: Double? }
    struct School: Decodable { let termName: String; let surveys: [Line] }
    struct District: Decodable {
        struct Row: Decodable { let schoolName: String; let families: Line?; let pupils: Line?; let programSurveys: Int }
        let schools: [Row]
    }
    struct Mine: Decodable { struct S: Decodable { let id: String; let title: String }; let toAnswer: [S] }

    static let dates = #"{"opensOn":"2026-11-25","closesOn":"2026-12-09"}"#

    @Test func theSchoolPutsTheTermsQuestionnairesAndReadsThemPerProgram() async throws {
        try await TestApp.withApp { app in
            // The demo's own questionnaires (a parent meeting's feedback form) are there before the test's.
            let demoSurveys = try await Survey.query(on: app.db).count()
            let school = try await app.schoolId("第一实验小学")
            let principal = try await app.token("principal")
            let path = "/api/v1/schools/\(school)/after-school/satisfaction"
            let started = try await app.api(.POST, path, token: principal, json: Self.dates)
            #expect(started.status == .created)
            let programs = try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).all()
            let withPupils = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$schoolId == school)
                .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all().map(\.programId)
            let surveys = try started.json(School.self).surveys
            // The school's families and pupils, and the families of each program that has pupils.
            #expect(surveys.count == 2 + Set(withPupils).count && Set(withPupils).count > 1)
            #expect(surveys.prefix(2).allSatisfy { $0.programId == nil } && Set(surveys.prefix(2).map(\.respondents)) == ["parents", "pupils"])
            #expect(Set(surveys.compactMap(\.programName)).isSubset(of: Set(programs.map(\.name))))

            // The demo child stays for the basic session: the parent is asked about the school, for the child, and about that program.
            let parent = try await app.token("parent")
            let mine = try await app.api(.GET, "/api/v1/surveys", token: parent).json(Mine.self)
            let basic = try #require(programs.first { AfterSchoolService.isBasic($0) })
            let basicSurvey = try #require(surveys.first { $0.programId == basic.id!.uuidString })
            #expect(Set(mine.toAnswer.map(\.id)).isSuperset(of: [surveys[0].surveyId, surveys[1].surveyId, basicSurvey.surveyId]))
            let families = try #require(surveys.first { $0.programId == nil && $0.respondents == "parents" })
            let pupils = try #require(surveys.first { $0.programId == nil && $0.respondents == "pupils" })
            let answer = #"{"answers":{"overall":4,"homework":5,"activities":4,"safety":5,"burden":"减轻了"}}"#
            #expect(try await app.api(.POST, "/api/v1/surveys/\(families.surveyId)/responses", token: parent, json: answer).status == .created)
            #expect(try await app.api(.POST, "/api/v1/surveys/\(pupils.surveyId)/responses", token: parent, json: #"{"answers":{"overall":5,"homework":3}}"#)
                .status == .created)
            #expect(try await app.api(.POST, "/api/v1/surveys/\(basicSurvey.surveyId)/responses", token: parent,
                                      json: #"{"answers":{"overall":3,"again":"愿意"}}"#).status == .created)

            let read = try await app.api(.GET, path, token: principal).json(School.self).surveys
            let readFamilies = try #require(read.first { $0.surveyId == families.surveyId })
            #expect(readFamilies.responses == 1 && readFamilies.meanOverall == 4 && readFamilies.audience > 100)
            #expect(read.first { $0.surveyId == pupils.surveyId }?.meanOverall == 5)
            let readBasic = try #require(read.first { $0.surveyId == basicSurvey.surveyId })
            // The basic session's families: those of its enrolled pupils, fewer than the school's.
            #expect(readBasic.meanOverall == 3 && readBasic.audience > 1 && readBasic.audience < readFamilies.audience)
            #expect(read.filter { $0.surveyId != families.surveyId && $0.surveyId != pupils.surveyId && $0.surveyId != basicSurvey.surveyId }
                .allSatisfy { $0.responses == 0 && $0.meanOverall == nil })

            // Once a term.
            let again = try await app.api(.POST, path, token: principal, json: Self.dates)
            #expect(again.status == .conflict && again.errorCode == "satisfaction_started" && again.errorMessage == "本学期的满意度调查已经开展。")
            #expect(try await Survey.query(on: app.db).count() == demoSurveys + surveys.count)
        }
    }

    @Test func twoStartsAtTheSameMomentPutTheQuestionnairesOnce() async throws {
        try await TestApp.withApp { app in
            // The demo's own questionnaires (a parent meeting's feedback form) are there before the test's.
            let demoSurveys = try await Survey.query(on: app.db).count()
            let school = try await app.schoolId("第一实验小学")
            let principal = try await app.token("principal")
            let path = "/api/v1/schools/\(school)/after-school/satisfaction"
            async let first = app.api(.POST, path, token: principal, json: Self.dates)
            async let second = app.api(.POST, path, token: principal, json: Self.dates)
            let answers = try await [first, second]
            // One is put; the other is told it has been, whichever engine ran them side by side.
            #expect(answers.map(\.status.code).sorted() == [201, 409])
            let put = try #require(answers.first { $0.status == .created })
            #expect(try await Survey.query(on: app.db).count() == demoSurveys + (try put.json(School.self)).surveys.count)
        }
    }

    @Test func questionnairesPutTwiceBeforeTheIndexKeepTheEarliestAsTheTermsAndLoseNoAnswer() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            #expect(try await app.api(.POST, "/api/v1/schools/\(school)/after-school/satisfaction", token: try await app.token("principal"),
                                      json: Self.dates).status == .created)
            // As the race left some databases before migration 021: the families' questionnaire put a second time, later.
            try await AddTopicUniqueIndex().revert(on: app.db)
            let first = try #require(try await Survey.query(on: app.db).filter(\.$schoolId == school).filter(\.$topicId == school)
                .filter(\.$respondents == "parents").first())
            let twin = Survey()
            (twin.districtId, twin.schoolId, twin.title, twin.respondents, twin.scope) = (first.districtId, school, first.title, first.respondents, first.scope)
            (twin.anonymous, twin.opensOn, twin.closesOn, twin.questions) = (true, first.opensOn, first.closesOn, first.questions)
            (twin.topic, twin.topicId, twin.termId, twin.createdBy) = (first.topic, first.topicId, first.termId, first.createdBy)
            try await twin.create(on: app.db)
            twin.createdAt = first.createdAt!.addingTimeInterval(1)
            try await twin.save(on: app.db)

            try await AddTopicUniqueIndex().prepare(on: app.db)
            #expect(try await Survey.find(first.id, on: app.db)?.topic == first.topic, "the earliest stays the term's")
            let kept = try #require(try await Survey.find(twin.id, on: app.db), "the later one is kept, with whatever was answered")
            #expect(kept.topic == nil)
        }
    }

    @Test func theBureauReadsEverySchoolsSatisfactionWithItsRate() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let started = try await app.api(.POST, "/api/v1/schools/\(school)/after-school/satisfaction", token: try await app.token("principal"),
                                            json: Self.dates).json(School.self)
            let families = try #require(started.surveys.first { $0.programId == nil && $0.respondents == "parents" })
            #expect(try await app.api(.POST, "/api/v1/surveys/\(families.surveyId)/responses", token: try await app.token("parent"),
                                      json: #"{"answers":{"overall":5,"homework":5,"activities":5,"safety":5,"burden":"没有变化"}}"#).status == .created)
            let district = try await app.api(.GET, "/api/v1/after-school/satisfaction", token: try await app.token("bureau")).json(District.self)
            let first = try #require(district.schools.first { $0.schoolName == "第一实验小学" })
            #expect(first.families?.responses == 1 && first.families?.meanOverall == 5 && first.pupils?.responses == 0)
            #expect(first.families?.ratePercent == SurveyResults.ratePercent(responses: 1, audience: families.audience))
            #expect(first.programSurveys == started.surveys.count - 2)
            // Schools that have not started it are listed as such, not left out.
            #expect(district.schools.count == 12 && district.schools.filter { $0.families == nil }.count == 11)

            let page = try await Visitor.signedIn(app, as: "bureau").get("/after-school/satisfaction")
            #expect(page.status == .ok && page.text.contains("5.0 / 5") && page.text.contains("未开展"))
        }
    }

    @Test func onThePageTheSchoolStartsItAndAMistakenDateIsExplained() async throws {
        try await TestApp.withApp { app in
            // The demo's own questionnaires (a parent meeting's feedback form) are there before the test's.
            let demoSurveys = try await Survey.query(on: app.db).count()
            let school = try await app.schoolId("第一实验小学")
            let visitor = try await Visitor.signedIn(app, as: "principal")
            let path = "/after-school/schools/\(school)/satisfaction"
            let empty = try await visitor.get(path)
            #expect(empty.status == .ok && empty.text.contains("开展满意度调查") && empty.text.contains("2026-12-09"))
            let backwards = try await visitor.post(path, form: ["opensOn": "2026-12-01", "closesOn": "2026-11-30"])
            #expect(backwards.status == .unprocessableEntity && backwards.text.contains("截止日期不能早于开始日期。"))
            #expect(try await Survey.query(on: app.db).count() == demoSurveys)
            let done = try await visitor.post(path, form: ["opensOn": "2026-11-25", "closesOn": "2026-12-09"])
            #expect(done.status == .ok && done.text.contains("家长在“问卷”中填写") && done.text.contains("全校"))
            #expect(!done.text.contains("as-sat-start"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.satisfaction.start").count() == 1)
            // A teacher of the school reads neither the page nor the results.
            #expect(try await Visitor.signedIn(app, as: "teacher").get(path).status == .notFound)
        }
    }

    @Test func theServedDemoHasTheTermsSurveyAboutHalfAnsweredAndLeavesTheDemoParentToAnswer() async throws {
        try await TestApp.withApp { app in
            let district = try #require(try await JianfuServer.District.query(on: app.db).filter(\.$code == "demo").first())
            // As the served demo seeds it: in one write transaction.
            try await app.db.writeTransaction { tx in try await AfterSchoolDomain.seedDemoHistory(district, today: TestApp.demoToday, policies: app.policies, on: tx) }
            let schools = try await app.api(.GET, "/api/v1/after-school/satisfaction", token: try await app.token("bureau")).json(District.self).schools
            let started = schools.filter { $0.families != nil }
            #expect(started.count == 9 && schools.count == 12)
            #expect(started.allSatisfy { ($0.families?.ratePercent ?? 0) >= 35 && ($0.families?.ratePercent ?? 100) <= 65 })
            #expect(started.allSatisfy { ($0.families?.meanOverall ?? 0) > 3.5 && ($0.pupils?.responses ?? 0) > 0 })
            let parent = try await app.token("parent")
            let open = try await app.api(.GET, "/api/v1/surveys", token: parent).json(Mine.self).toAnswer
            let families = try #require(open.first { $0.title.contains("家长满意度调查") && !$0.title.contains("“") })
            let answered = try await app.api(.POST, "/api/v1/surveys/\(families.id)/responses", token: parent,
                                             json: #"{"answers":{"overall":5,"homework":5,"activities":5,"safety":5,"burden":"减轻了"}}"#)
            #expect(answered.status == .created)
        }
    }
}
