import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Teaching routines on the demo district (its day: 2026-11-25, 58 % of the term's teaching days gone), on the Baishan
/// overlay's quotas from seed 002: lessons observed and critiqued by post, judged by the term's pace, and subject groups'
/// research time.
@Suite struct SupervisionRoutineTests {
    struct Progress: Decodable {
        let userId: String
        let name: String
        let schoolId: String?
        let role: String
        let heard: Int
        let heardQuota: Int?
        let heardExpectedByNow: Int?
        let critiqued: Int
        let critiquedQuota: Int?
        let guided: Int?
        let guidedQuota: Int?
        let behind: Bool
    }

    static func userId(_ app: Application, _ username: String) async throws -> UUID {
        try #require(try await User.query(on: app.db).filter(\.$username == username).first()?.id)
    }

    @Test func everyoneSeesTheProgressTheirRoleAllowsWithThoseBehindThePaceFirst() async throws {
        try await TestApp.withApp { app in
            let principal = try await Self.userId(app, "principal"), principal2 = try await Self.userId(app, "principal2")
            let researcher = try await Self.userId(app, "inspector")
            let all = try await app.api(.GET, "/api/v1/observations/progress", token: try await app.token("bureau")).json([Progress].self)
            let chen = try #require(all.first { $0.userId == principal.uuidString })
            let liu = try #require(all.first { $0.userId == principal2.uuidString })
            // The profile's quotas (BS-2023-C5): a principal hears 30 and critiques 10 a term; the pace asks for 18 of 30 by now.
            #expect(chen.role == "principal" && chen.heardQuota == 30 && chen.critiquedQuota == 10 && chen.heardExpectedByNow == 18)
            #expect(!chen.behind && chen.heard > 18, "陈校长 is ahead of the pace")
            #expect(liu.behind && liu.heard < 18, "刘校长 is behind it")
            let wu = try #require(all.first { $0.userId == researcher.uuidString })
            #expect(wu.role == "researcher" && wu.heardQuota == 45 && wu.critiquedQuota == 20 && wu.guidedQuota == 4 && (wu.guided ?? 0) > 0)
            let firstAhead = try #require(all.firstIndex { !$0.behind })
            #expect(all[..<firstAhead].allSatisfy(\.behind) && all[firstAhead...].allSatisfy { !$0.behind }, "those behind come first")

            // A school's administrator sees their own school's holders only; a teacher or a parent nothing.
            let school = try await app.schoolId("第一实验小学")
            let own = try await app.api(.GET, "/api/v1/observations/progress", token: try await app.token("principal")).json([Progress].self)
            #expect(!own.isEmpty && own.allSatisfy { $0.schoolId == school.uuidString })
            #expect(try await app.api(.GET, "/api/v1/observations/progress?schoolId=\(try await app.schoolId("第一中学"))",
                                      token: try await app.token("principal")).status == .notFound)
            for user in ["teacher", "parent"] {
                #expect(try await app.api(.GET, "/api/v1/observations/progress", token: try await app.token(user)).status == .forbidden, "\(user)")
            }
            // The page's menu marks 教学常规 alone as the current entry, not 督导评估 whose path it extends.
            let page = try await Visitor.signedIn(app, as: "principal").get("/supervision/routines").body.string
            #expect(page.contains(#"<a href="/supervision/routines" class="current">"#) && !page.contains(#"<a href="/supervision" class="current">"#))
        }
    }

    @Test func aPostHolderLogsLessonsOfTheirOwnSchoolAndBadInputWritesNothing() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let token = try await app.token("principal")
            let maths = try #require(try await TeachingAssignment.query(on: app.db).filter(\.$classId == world.class1).filter(\.$subjectId == world.maths).first())
            func body(date: String = "2026-11-24", classId: UUID? = nil, teacherId: UUID? = nil) -> String {
                #"{"date":"\#(date)","classId":"\#(classId ?? world.class1)","subjectId":"\#(world.maths)","teacherId":"\#(teacherId ?? maths.teacherId)","critiqued":true,"notes":"当堂练习分层"}"#
            }
            let before = try await LessonObservation.query(on: app.db).count()
            let junior = try #require(try await SchoolClass.query(on: app.db).filter(\.$schoolId == (try await app.schoolId("第一中学"))).first()).id!
            #expect(try await app.api(.POST, "/api/v1/observations", token: token, json: body(classId: junior)).errorCode == "class_of_another_school")
            #expect(try await app.api(.POST, "/api/v1/observations", token: token, json: body(date: "2026-11-26")).errorCode == "date_in_future")
            #expect(try await app.api(.POST, "/api/v1/observations", token: token, json: body(date: "2026-08-15")).errorCode == "outside_terms")
            let wrongTeacher = try await app.api(.POST, "/api/v1/observations", token: token, json: body(teacherId: try await Self.userId(app, "teacher2")),
                                                 language: "en")
            #expect(wrongTeacher.status == .unprocessableEntity && wrongTeacher.errorMessage?.contains("does not teach") == true)
            let noPost = try await app.api(.POST, "/api/v1/observations", token: try await app.token("teacher"), json: body())
            #expect(noPost.status == .forbidden && noPost.errorCode == "no_post")
            #expect(try await LessonObservation.query(on: app.db).count() == before)

            let progress = { try await app.api(.GET, "/api/v1/observations/progress", token: token).json([Progress].self) }
            let principal = try await Self.userId(app, "principal")
            let was = try #require(try await progress().first { $0.userId == principal.uuidString })
            let made = try await app.api(.POST, "/api/v1/observations", token: token, json: body())
            #expect(made.status == .created)
            let now = try #require(try await progress().first { $0.userId == principal.uuidString })
            #expect(now.heard == was.heard + 1 && now.critiqued == was.critiqued + 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "supervision.observation").count() == 1)

            // The page: the lesson logged shows in the person's list, with the notice.
            let page = try await Visitor.signedIn(app, as: "principal").post("/supervision/routines/observations", form: [
                "date": "2026-11-23", "class": world.class1.uuidString, "subject": world.maths.uuidString, "notes": "听课：小组合作",
            ])
            #expect(page.status == .ok && page.text.contains("已记录 2026-11-23 的听课") && page.text.contains("听课：小组合作"))
            let refused = try await Visitor.signedIn(app, as: "principal").post("/supervision/routines/observations", form: [
                "date": "2026-11-23", "class": junior.uuidString, "subject": world.maths.uuidString, "notes": "保留的记录",
            ])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("只能记录本校班级") && refused.text.contains("保留的记录"))
        }
    }

    @Test func postsAreSetByTheirSchoolAndResearchersByTheBureau() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let chinese = try #require(try await TeachingAssignment.query(on: app.db).filter(\.$classId == world.class2).filter(\.$subjectId == world.chinese).first())
            let principal = try await app.token("principal"), bureau = try await app.token("bureau")
            let set = try await app.api(.PUT, "/api/v1/staff-posts/\(chinese.teacherId)", token: principal, json: #"{"post":"vicePrincipal"}"#)
            #expect(set.status == .ok)
            let listed = try await app.api(.GET, "/api/v1/observations/progress", token: principal).json([Progress].self)
            #expect(listed.first { $0.userId == chinese.teacherId.uuidString }?.heardQuota == 45, "业务校长 hears 45 a term (BS-2023-C5)")
            #expect(try await app.api(.PUT, "/api/v1/staff-posts/\(chinese.teacherId)", token: principal, json: #"{"post":"researcher"}"#).status == .forbidden)
            #expect(try await app.api(.PUT, "/api/v1/staff-posts/\(chinese.teacherId)", token: bureau, json: #"{"post":"researcher"}"#).errorCode
                    == "researcher_is_district_staff")
            #expect(try await app.api(.PUT, "/api/v1/staff-posts/\(chinese.teacherId)", token: try await app.token("principal2"),
                                      json: #"{"post":"middleManager"}"#).status == .notFound)
            let audited = try await AuditEvent.query(on: app.db).filter(\.$action == "supervision.post.assign").all()
            #expect(audited.count == 1 && audited[0].detail.contains("vicePrincipal"))
        }
    }

    @Test func aGroupMeetingLessThanTheWeeksTwoHoursIsFlaggedUntilItMakesItUp() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let principal = try await Visitor.signedIn(app, as: "principal")
            let page = try await principal.get("/supervision/routines")
            #expect(page.status == .ok && page.text.contains("每周不少于 2 小时（BS-2023-C10）") && page.text.contains("sup-groups"))
            let actor = try #require(try await ActorLoader.load(userId: try await Self.userId(app, "principal"), on: app.db))
            let before = try await RoutineService.progress(schoolId: nil, actor, policies: app.policies, on: app.db)
            let maths = try #require(before.groups.first { $0.schoolId == school && $0.subjectName == "数学" })
            #expect(maths.shortWeeks.count == 2)
            #expect(before.groups.filter { $0.schoolId == school && $0.subjectName != "数学" }.allSatisfy { $0.shortWeeks.isEmpty })
            #expect(before.schoolWide.first { $0.schoolId == school }?.sessions.done == 1)

            // An hour more in the latest short week makes it up; a session without group or school-wide is refused.
            let week = try #require(maths.shortWeeks.last)
            let subject = try #require(try await Subject.query(on: app.db).filter(\.$name == "数学").first()?.id)
            let token = try await app.token("principal")
            #expect(try await app.api(.POST, "/api/v1/research-sessions", token: token,
                                      json: #"{"schoolId":"\#(school)","date":"\#(week.adding(days: 1).iso)","minutes":60,"schoolWide":false,"topic":"补"}"#)
                .errorCode == "invalid_input")
            #expect(try await app.api(.POST, "/api/v1/research-sessions", token: token,
                                      json: #"{"schoolId":"\#(school)","subjectId":"\#(subject)","date":"\#(week.adding(days: 1).iso)","minutes":900,"schoolWide":false,"topic":"补"}"#)
                .status == .unprocessableEntity)
            #expect(try await app.api(.POST, "/api/v1/research-sessions", token: token,
                                      json: #"{"schoolId":"\#(school)","subjectId":"\#(subject)","date":"\#(week.adding(days: 1).iso)","minutes":60,"schoolWide":false,"topic":"补充集体备课"}"#)
                .status == .created)
            let after = try await RoutineService.progress(schoolId: nil, actor, policies: app.policies, on: app.db)
            #expect(after.groups.first { $0.schoolId == school && $0.subjectName == "数学" }?.shortWeeks.count == 1)
            #expect(try await app.api(.POST, "/api/v1/research-sessions", token: try await app.token("bureau"),
                                      json: #"{"schoolId":"\#(school)","subjectId":"\#(subject)","date":"2026-11-20","minutes":60,"schoolWide":false,"topic":"x"}"#)
                .status == .forbidden)
        }
    }
}
