import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The after-school plan and programs through the API and the pages, on the demo district (off-work time 17:30).
@Suite struct AfterSchoolTests {
    struct Plan: Decodable {
        struct Problem: Decodable { let ruleId: String; let kind: String; let grade: Int?; let weekday: Int?; let message: String }
        struct Check: Decodable { let meets: Bool; let problems: [Problem] }
        struct Grade: Decodable { let grade: Int; let lessonsEnd: String? }
        let status: String
        let resubmissionReason: String?
        let grades: [Grade]
        let check: Check
    }

    struct Overview: Decodable {
        struct School: Decodable { let schoolName: String; let status: String; let meets: Bool?; let problems: Int; let programs: Int }
        let schools: [School]
    }

    struct Program: Decodable { let id: String; let name: String; let enrolled: Int; let waiting: Int; let capacity: Int }

    /// A week for grades 1–6: lessons end 15:30, basic 15:40–16:40, an activity to 17:40, delayed care to 18:30, on `days`;
    /// `friday` replaces Friday's sessions.
    static func week(days: [Int] = [1, 2, 3, 4, 5], friday: String? = nil, grades: [Int] = Array(1...6)) -> String {
        let normal = days.filter { friday == nil || $0 != 5 }.flatMap { d in [
            #"{"weekday":\#(d),"start":"15:40","end":"16:40","kind":"basic"}"#,
            #"{"weekday":\#(d),"start":"16:40","end":"17:40","kind":"activity"}"#,
            #"{"weekday":\#(d),"start":"17:40","end":"18:30","kind":"delayed_care"}"#,
        ] } + (friday.map { [$0] } ?? [])
        let sessions = normal.joined(separator: ",")
        return #"{"grades":["# + grades.map { #"{"grade":\#($0),"lessonsEnd":"15:30","sessions":[\#(sessions)]}"# }.joined(separator: ",") + "]}"
    }

    @Test func theBureauSeesEveryPlanAndTheOneFallingShortOnFridays() async throws {
        try await TestApp.withApp { app in
            let bureau = try await app.token("bureau")
            let overview = try await app.api(.GET, "/api/v1/after-school/plans", token: bureau).json(Overview.self)
            #expect(overview.schools.count == 12)
            let failing = try #require(overview.schools.first { $0.schoolName == AfterSchoolDemo.failingSchool })
            #expect(failing.meets == false)
            #expect(overview.schools.filter { $0.meets == true }.count == 11)
            #expect(overview.schools.allSatisfy { $0.programs == 6 && $0.status == "submitted" })
            let plan = try await app.api(.GET, "/api/v1/schools/\(try await app.schoolId(AfterSchoolDemo.failingSchool))/after-school/plan",
                                         token: bureau).json(Plan.self)
            // Every grade on Friday: an hour, ending 16:40 before 17:30, and no delayed care.
            #expect(Set(plan.check.problems.map(\.weekday)) == [5])
            #expect(Set(plan.check.problems.map(\.ruleId)) == ["AS-01", "AS-02", "AS-03"])
            #expect(plan.check.problems.contains { $0.kind == "shortDay" && $0.grade == 3 && $0.message == "3年级周五课后服务只有 60 分钟，每天至少 120 分钟（AS-02）" })
        }
    }

    @Test func aPlanThatFallsShortIsSavedAndSaysWhereInTheReadersLanguage() async throws {
        try await TestApp.withApp { app in
            let principal = try await app.token("principal")
            let school = try await app.schoolId("第一实验小学")
            // Friday: only 15:40–16:30.
            let short = Self.week(friday: #"{"weekday":5,"start":"15:40","end":"16:30","kind":"basic"}"#)
            let saved = try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/plan", token: principal, json: short, language: "en")
            #expect(saved.status == .ok)
            let plan = try saved.json(Plan.self)
            #expect(!plan.check.meets)
            #expect(plan.status == "submitted")
            let fridayShort = try #require(plan.check.problems.first { $0.kind == "shortDay" && $0.grade == 1 })
            #expect(fridayShort.weekday == 5 && fridayShort.ruleId == "AS-02")
            #expect(fridayShort.message == "Grade 1 on Friday: 50 minutes of service, at least 120 a day (AS-02)")
            // Read back as saved, and audited.
            let again = try await app.api(.GET, "/api/v1/schools/\(school)/after-school/plan", token: principal).json(Plan.self)
            #expect(again.check.problems.count == plan.check.problems.count)
            let audits = try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.plan.save").all()
            #expect(audits.count == 1 && audits[0].schoolId == school)
            // The full week meets.
            let full = try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/plan", token: principal, json: Self.week()).json(Plan.self)
            #expect(full.check.meets && full.check.problems.isEmpty)
        }
    }

    @Test func aPlanThatIsNotAPlanIsRefusedAndNothingChanges() async throws {
        try await TestApp.withApp { app in
            let principal = try await app.token("principal")
            let school = try await app.schoolId("第一实验小学")
            let before = try await app.api(.GET, "/api/v1/schools/\(school)/after-school/plan", token: principal).json(Plan.self)
            let grade8 = try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/plan", token: principal, json: Self.week(grades: [8]))
            #expect(grade8.status == .unprocessableEntity)
            #expect(grade8.errorCode == "invalid_plan")
            #expect(grade8.errorMessage == "本校没有8年级。")
            let backwards = #"{"grades":[{"grade":1,"sessions":[{"weekday":2,"start":"17:00","end":"16:00","kind":"basic"}]}]}"#
            #expect(try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/plan", token: principal, json: backwards).status == .unprocessableEntity)
            let badTime = #"{"grades":[{"grade":1,"sessions":[{"weekday":2,"start":"25:00","end":"26:00","kind":"basic"}]}]}"#
            let refused = try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/plan", token: principal, json: badTime)
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_time")
            let feeOnFree = #"{"grades":[],"fee":{"free":true,"yuanPerMonth":100}}"#
            #expect(try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/plan", token: principal, json: feeOnFree).status == .unprocessableEntity)
            let after = try await app.api(.GET, "/api/v1/schools/\(school)/after-school/plan", token: principal).json(Plan.self)
            #expect(after.grades.count == before.grades.count && after.check.meets == before.check.meets)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.plan.save").count() == 0)
        }
    }

    @Test func onlyTheSchoolsAdministratorWritesItsPlanAndOnlyItsPeopleReadIt() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let path = "/api/v1/schools/\(school)/after-school/plan"
            #expect(try await app.api(.PUT, path, token: try await app.token("teacher"), json: Self.week()).status == .forbidden)
            #expect(try await app.api(.PUT, path, token: try await app.token("principal2"), json: Self.week()).status == .notFound)
            #expect(try await app.api(.PUT, path, token: try await app.token("bureau"), json: Self.week()).status == .forbidden)
            #expect(try await app.api(.GET, path, token: try await app.token("parent")).status == .ok)
            #expect(try await app.api(.GET, path, token: try await app.token("principal2")).status == .notFound)
        }
    }

    @Test func theBureauSendsAPlanBackAndTheSchoolsNextSaveSubmitsIt() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId(AfterSchoolDemo.failingSchool)
            let bureau = try await app.token("bureau")
            let path = "/api/v1/schools/\(school)/after-school/plan"
            let empty = try await app.api(.POST, path + "/resubmission", token: bureau, json: #"{"reason":"  "}"#)
            #expect(empty.status == .unprocessableEntity)
            let sent = try await app.api(.POST, path + "/resubmission", token: bureau, json: #"{"reason":"周五服务不足两小时，请补齐"}"#).json(Plan.self)
            #expect(sent.status == "resubmission_required" && sent.resubmissionReason == "周五服务不足两小时，请补齐")
            #expect(try await app.api(.POST, path + "/resubmission", token: try await app.token("inspector"), json: #"{"reason":"x"}"#).status == .forbidden)
            // The school has no administrator account in the demo: give 城关小学 one, who saves the full week.
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "principal").first())
            try await RoleMembership(districtId: admin.districtId, userId: admin.id!, role: .schoolAdmin, schoolId: school).create(on: app.db)
            let saved = try await app.api(.PUT, path, token: try await app.token("principal"), json: Self.week()).json(Plan.self)
            #expect(saved.status == "submitted" && saved.resubmissionReason == nil && saved.check.meets)
        }
    }

    static func program(_ fields: [String: String]) -> String {
        var all: [String: String] = ["name": #""国画""#, "category": #""art""#, "staffKind": #""volunteer""#, "staffName": #""孙老师""#,
                                     "capacity": "20", "grades": "[4]", "weekdays": "[5]", "start": #""16:40""#, "end": #""17:40""#,
                                     "room": #""美术室""#]
        all.merge(fields) { _, new in new }
        return "{" + all.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    @Test func programsAreHeldToTheRules() async throws {
        try await TestApp.withApp { app in
            let principal = try await app.token("principal")
            let school = try await app.schoolId("第一实验小学")
            let path = "/api/v1/schools/\(school)/after-school/programs"
            func post(_ fields: [String: String]) async throws -> TestingHTTPResponse {
                try await app.api(.POST, path, token: principal, json: Self.program(fields))
            }
            let lessons = try await post(["description": #""数学提高班：讲新课并集中刷题""#])
            #expect(lessons.status == .unprocessableEntity && lessons.errorCode == "new_lessons")
            #expect(lessons.errorMessage?.contains("AS-06") == true)
            // The demo's 合唱团 meets on Tuesdays and Thursdays 16:40–17:40 in the music room.
            let room = try await post(["weekdays": "[2]", "room": #""音乐教室""#])
            #expect(room.status == .conflict && room.errorCode == "room_taken")
            #expect(room.errorMessage == "该场地在周二同一时间已有“合唱团”。")
            let person = try await post(["weekdays": "[1]", "staffName": #""赵老师（退休教师）""#, "staffKind": #""retired_teacher""#])
            #expect(person.status == .conflict && person.errorCode == "staff_taken")
            let unvetted = try await post(["staffKind": #""outside_person""#])
            #expect(unvetted.status == .unprocessableEntity && unvetted.errorCode == "not_vetted")
            let stranger = try await post(["staffKind": #""institution""#, "providerId": "\"\(UUID())\""])
            #expect(stranger.errorCode == "provider_not_approved")
            let feeOnFree = try await post(["feeYuan": "200"])
            #expect(feeOnFree.errorCode == "invalid_fee")
            let charged = try await post(["free": "false", "feeYuan": "200"])
            #expect(charged.errorCode == "invalid_fee" && charged.errorMessage?.contains("AS-10") == true)
            let grade9 = try await post(["grades": "[9]"])
            #expect(grade9.status == .unprocessableEntity)
            #expect(try await app.api(.POST, path, token: try await app.token("teacher"), json: Self.program([:])).status == .forbidden)
            #expect(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).count() == 6)

            let created = try await post([:])
            #expect(created.status == .created)
            let list = try await app.api(.GET, path, token: try await app.token("parent")).json([Program].self)
            #expect(list.contains { $0.name == "国画" && $0.capacity == 20 && $0.enrolled == 0 })
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.program.create").count() == 1)
        }
    }

    @Test func aProgramMeetsOnlyOnThePlansDays() async throws {
        try await TestApp.withApp { app in
            let principal = try await app.token("principal")
            let school = try await app.schoolId("第一实验小学")
            _ = try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/plan", token: principal, json: Self.week(days: [1, 2, 3, 4]))
            let friday = try await app.api(.POST, "/api/v1/schools/\(school)/after-school/programs", token: principal, json: Self.program([:]))
            #expect(friday.status == .unprocessableEntity && friday.errorCode == "outside_plan")
            #expect(friday.errorMessage == "4年级周五在方案中没有课后服务，不能安排课程。")
        }
    }

    @Test func thePlansFormWritesEveryGradeAsTheFirstOne() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let visitor = try await Visitor.signedIn(app, as: "principal")
            var form = ["sameForAll": "on", "free": "on", "g1_lessonsEnd": "15:30",
                        "g1_basic_0_start": "15:40", "g1_basic_0_end": "16:40", "g1_activity_0_start": "16:40", "g1_activity_0_end": "17:40",
                        "g1_delayed_care_0_start": "17:40", "g1_delayed_care_0_end": "18:30"]
            for d in 1...5 { for kind in ["basic", "activity", "delayed_care"] { form["g1_\(kind)_0_d\(d)"] = "on" } }
            let page = try await visitor.post(AfterSchoolPaths.plan.path(school), form: form)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("方案已保存并提交，符合 5+2 要求。"))
            let stored = try #require(try await AfterSchoolPlan.query(on: app.db).filter(\.$schoolId == school).first()).plan
            #expect(stored.grades.map(\.grade) == [1, 2, 3, 4, 5, 6])
            #expect(stored.grades.allSatisfy { $0.sessions.count == 15 && $0.lessonsEnd?.hhmm == "15:30" })
            // A typed time that is not one is shown again with the message, nothing saved.
            form["g1_basic_0_end"] = "16点40"
            let refused = try await visitor.post(AfterSchoolPaths.plan.path(school), form: form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("16点40"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.plan.save").count() == 1)
        }
    }
}
