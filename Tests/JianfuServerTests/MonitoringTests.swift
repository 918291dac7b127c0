import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The five managements monitored on the demo district: a school's administrators put the term's questionnaire to each
/// grade once, a family answers for its child (out-of-range answers refused, nothing written), and the school and the
/// bureau read the shares within each target beside the homework figures.
@Suite struct FiveManagementsMonitoringTests {
    /// The demo's questionnaires of a school taken away, so that its term can be started again.
    func clear(_ schoolId: UUID, on db: any Database) async throws {
        let ids = try await Survey.query(on: db).filter(\.$schoolId == schoolId).filter(\.$topic ~~ MonitoringService.allTopics).all().map { $0.id! }
        try await SurveyResponse.query(on: db).filter(\.$surveyId ~~ ids).delete()
        try await SurveyRespondent.query(on: db).filter(\.$surveyId ~~ ids).delete()
        try await Survey.query(on: db).filter(\.$id ~~ ids).delete()
    }

    @Test func aSchoolPutsOneQuestionnaireAGradeOnceATerm() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId(DemoDistrict.primaryNames[0])
            try await clear(school, on: app.db)
            let path = "/five-managements/schools/\(school)/monitoring"
            #expect(try await Visitor.signedIn(app, as: "teacher").post(path, form: ["opensOn": "2026-11-25", "closesOn": "2026-12-05"]).status == .notFound)
            #expect(try await Visitor.signedIn(app, as: "bureau").post(path, form: ["opensOn": "2026-11-25", "closesOn": "2026-12-05"]).status == .forbidden)
            let principal = try await Visitor.signedIn(app, as: "principal")
            let backwards = try await principal.post(path, form: ["opensOn": "2026-12-05", "closesOn": "2026-11-25"])
            #expect(backwards.status == .unprocessableEntity)
            #expect(try await Survey.query(on: app.db).filter(\.$schoolId == school).filter(\.$topic ~~ MonitoringService.allTopics).count() == 0,
                    "a refused start writes nothing")
            let started = try await principal.post(path, form: ["opensOn": "2026-11-25", "closesOn": "2026-12-05"])
            #expect(started.status == .seeOther)
            let surveys = try await Survey.query(on: app.db).filter(\.$schoolId == school).filter(\.$topic ~~ MonitoringService.allTopics).all()
            let grades = try await SchoolClass.query(on: app.db).filter(\.$schoolId == school).all().map(\.gradeNumber)
            #expect(surveys.compactMap(\.gradeNumber).sorted() == Set(grades).sorted())
            #expect(surveys.allSatisfy { $0.anonymous && $0.respondentKind == .pupils })
            let grade1 = try #require(surveys.first { $0.gradeNumber == 1 })
            #expect(grade1.questionList.first { $0.id == "bedtime" }?.options.first == "21:20或更早", "the primary stage's SL-03 bedtime")
            #expect(try await principal.post(path, form: ["opensOn": "2026-11-25", "closesOn": "2026-12-05"]).status == .conflict)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "five_managements.monitoring.start")
                .filter(\.$actorId == (try await app.userId("principal"))).count() == 1)
        }
    }

    @Test func aFamilysAnswerIsHeldToItsRangesAndCountsInTheShares() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId(DemoDistrict.primaryNames[0])
            try await clear(school, on: app.db)
            let principal = try await Visitor.signedIn(app, as: "principal")
            #expect(try await principal.post("/five-managements/schools/\(school)/monitoring", form: ["opensOn": "2026-11-25", "closesOn": "2026-12-05"])
                .status == .seeOther)
            let grade4 = try #require(try await Survey.query(on: app.db).filter(\.$schoolId == school).filter(\.$gradeNumber == 4)
                .filter(\.$topic ~~ MonitoringService.allTopics).first())
            let options = Dictionary(grade4.questionList.map { ($0.id, $0.options) }, uniquingKeysWith: { a, _ in a })
            let parent = try await Visitor.signedIn(app, as: "parent")
            let form = try await parent.get("/surveys/\(grade4.id!)")
            #expect(form.status == .ok && form.text.contains("max=\"24\"") && form.text.contains("小时"))
            var answers = ["q_sleep": "30", "q_bedtime": options["bedtime"]![1], "q_activityInSchool": "60", "q_activityOutOfSchool": "30",
                           "q_reading": "20", "q_phone": options["phone"]![0]]
            let tooLong = try await parent.post("/surveys/\(grade4.id!)", form: answers)
            #expect(tooLong.status == .unprocessableEntity && tooLong.text.contains("0 到 24"))
            #expect(try await SurveyResponse.query(on: app.db).filter(\.$surveyId == grade4.id!).count() == 0)
            answers["q_sleep"] = "10"
            let answered = try await parent.post("/surveys/\(grade4.id!)", form: answers)
            #expect(answered.status == .ok && answered.text.contains("sv-form") == false, "thanked, and no form to answer again")
            #expect(try await parent.post("/surveys/\(grade4.id!)", form: answers).status == .conflict, "one answer a pupil")

            let page = try await principal.get("/five-managements/schools/\(school)")
            #expect(page.status == .ok)
            let row = try #require(page.text.components(separatedBy: "<tr>").first { $0.contains("4年级") })
            // One answer: 10 h meets SL-01, half past nine is after 21:20, an hour in school, half an hour out, no phone.
            #expect(row.contains("100%</td><td class=\"flag\">0%</td><td>100%</td><td class=\"flag\">0%</td><td>100%</td><td>20分钟</td>"), "\(row)")
            let classes = try await SchoolClass.query(on: app.db).filter(\.$schoolId == school).filter(\.$gradeNumber == 4).all().map { $0.id! }
            let pupils = try await Student.query(on: app.db).filter(\.$classId ~~ classes).count()
            #expect(row.contains("1/\(pupils)</small>"), "the response rate over the grade's pupils")

            let district = try await Visitor.signedIn(app, as: "bureau").get("/five-managements")
            #expect(district.status == .ok && district.text.contains(DemoDistrict.primaryNames[0]) && district.text.contains("书面作业达标班日"))
            #expect(try await Visitor.signedIn(app, as: "teacher").get("/five-managements").status == .notFound)
            #expect(try await Visitor.signedIn(app, as: "principal2").get("/five-managements/schools/\(school)").status == .notFound,
                    "another school's administrators do not read this one")
        }
    }

    @Test func theServedDemoHasATermOfAnswersAndLeavesTheDemoParentsToAnswer() async throws {
        try await TestApp.withApp { app in
            let district = try #require(try await District.query(on: app.db).first())
            try await app.db.writeTransaction { tx in
                try await FiveManagementsDomain.seedDemoHistory(district, today: TestApp.demoToday, policies: app.policies, on: tx)
            }
            let page = try await Visitor.signedIn(app, as: "bureau").get("/five-managements")
            let schools = try await School.query(on: app.db).filter(\.$districtId == district.id!).count()
            #expect(page.text.components(separatedBy: "未开展").count - 1 == 1, "every school but one has started")
            #expect(page.text.components(separatedBy: "<tr><th><a href=\"/five-managements/schools/").count - 1 == schools)
            let open = try await app.api(.GET, "/api/v1/surveys", token: try await app.token("parent"))
            #expect(open.status == .ok && open.text.contains("五项管理监测问卷（4年级）") && open.text.contains(#""answered":false"#))
        }
    }
}
