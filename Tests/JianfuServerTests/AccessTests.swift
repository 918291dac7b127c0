import Fluent
import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

/// Who sees what: the denials are the point, the grants are the control.
@Suite struct AccessTests {
    let first = "第一实验小学"
    let other = "城关小学"

    @Test func anonymousGetsSignInPageOrUnauthorized() async throws {
        try await TestApp.withApp { app in
            let classId = try await app.classId(first, grade: 4, number: 1)
            let page = try await app.testing().sendRequest(.GET, "/classes/\(classId.uuidString)")
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location)?.hasPrefix("/sign-in?next=") == true)
            for path in ["/api/v1/me", "/api/v1/schools", "/api/v1/classes/\(classId.uuidString)"] {
                let api = try await app.api(.GET, path, token: nil)
                #expect(api.status == .unauthorized, "\(path)")
                #expect(api.errorCode == "unauthenticated")
            }
            let forged = try await app.api(.GET, "/api/v1/me", token: "not-a-token")
            #expect(forged.status == .unauthorized)
        }
    }

    @Test func teacherOfOneSchoolGets404ForAnotherSchoolsClass() async throws {
        try await TestApp.withApp { app in
            let own = try await app.classId(first, grade: 4, number: 1)
            let foreign = try await app.classId(other, grade: 4, number: 1)
            let token = try await app.token("teacher")
            #expect(try await app.api(.GET, "/api/v1/classes/\(own.uuidString)", token: token).status == .ok)
            let denied = try await app.api(.GET, "/api/v1/classes/\(foreign.uuidString)", token: token)
            #expect(denied.status == .notFound)
            #expect(denied.errorCode == "not_found")
            let visitor = try await Visitor.signedIn(app, as: "teacher")
            #expect(try await visitor.get("/classes/\(own.uuidString)").status == .ok)
            let page = try await visitor.get("/classes/\(foreign.uuidString)")
            #expect(page.status == .notFound)
            #expect(page.text.contains("找不到"))
            #expect(!page.text.contains(other))
            let otherSchool = try await app.schoolId(other)
            #expect(try await visitor.get("/schools/\(otherSchool.uuidString)").status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/schools/\(otherSchool.uuidString)/classes", token: token).status == .notFound)
        }
    }

    @Test func teacherSeesOnlyTheClassesTheyTeach() async throws {
        try await TestApp.withApp { app in
            let token = try await app.token("teacher2")
            let taught = try await app.classId(first, grade: 4, number: 1)
            let notTaught = try await app.classId(first, grade: 5, number: 1)
            #expect(try await app.api(.GET, "/api/v1/classes/\(taught.uuidString)", token: token).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/classes/\(notTaught.uuidString)", token: token).status == .notFound)
            struct Me: Decodable { struct T: Decodable { let className: String; let subjectName: String }; let teaching: [T] }
            let me = try await app.api(.GET, "/api/v1/me", token: token).json(Me.self)
            #expect(me.teaching.map(\.subjectName) == ["语文"])
            #expect(me.teaching.map(\.className) == ["4年级1班"])
        }
    }

    @Test func parentSeesOwnChildsClassOnlyAndOnlyTheirChild() async throws {
        try await TestApp.withApp { app in
            let token = try await app.token("parent")
            let childClass = try await app.classId(first, grade: 4, number: 1)
            let otherClass = try await app.classId(first, grade: 4, number: 2)
            struct Detail: Decodable { struct P: Decodable { let name: String }; let roster: [P]; let fullRoster: Bool }
            let detail = try await app.api(.GET, "/api/v1/classes/\(childClass.uuidString)", token: token).json(Detail.self)
            #expect(detail.fullRoster == false)
            #expect(detail.roster.count == 1)
            #expect(try await app.api(.GET, "/api/v1/classes/\(otherClass.uuidString)", token: token).status == .notFound)
            let school = try await app.schoolId(first)
            #expect(try await app.api(.GET, "/api/v1/schools/\(school.uuidString)/classes", token: token).status == .notFound)
            let visitor = try await Visitor.signedIn(app, as: "parent")
            #expect(try await visitor.get("/classes/\(otherClass.uuidString)").status == .notFound)
            #expect(try await visitor.get("/people").status == .forbidden)
            #expect(try await visitor.get("/import").status == .notFound)
            #expect(try await visitor.get("/policy").status == .notFound)
        }
    }

    @Test func schoolAdminCannotSeeAnotherSchool() async throws {
        try await TestApp.withApp { app in
            let token = try await app.token("principal")
            let own = try await app.schoolId(first)
            let foreign = try await app.schoolId(other)
            struct School: Decodable { let name: String }
            let schools = try await app.api(.GET, "/api/v1/schools", token: token).json([School].self)
            #expect(schools.map(\.name) == [first])
            #expect(try await app.api(.GET, "/api/v1/schools/\(own.uuidString)/classes", token: token).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/schools/\(foreign.uuidString)/classes", token: token).status == .notFound)
            let foreignClass = try await app.classId(other, grade: 1, number: 1)
            #expect(try await app.api(.GET, "/api/v1/classes/\(foreignClass.uuidString)", token: token).status == .notFound)
            let visitor = try await Visitor.signedIn(app, as: "principal")
            #expect(try await visitor.get("/schools/\(foreign.uuidString)").status == .notFound)
            #expect(try await visitor.get("/schools/\(own.uuidString)").status == .ok)
        }
    }

    @Test func bureauSeesEverySchoolOfItsDistrict() async throws {
        try await TestApp.withApp { app in
            let token = try await app.token("bureau")
            struct School: Decodable { let name: String; let students: Int }
            let schools = try await app.api(.GET, "/api/v1/schools", token: token).json([School].self)
            #expect(schools.count == 12)
            #expect(schools.allSatisfy { $0.students > 0 })
            let foreignClass = try await app.classId(other, grade: 1, number: 1)
            #expect(try await app.api(.GET, "/api/v1/classes/\(foreignClass.uuidString)", token: token).status == .ok)
        }
    }

    @Test func unknownOrMalformedIdsAre404() async throws {
        try await TestApp.withApp { app in
            let token = try await app.token("bureau")
            #expect(try await app.api(.GET, "/api/v1/classes/\(UUID().uuidString)", token: token).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/classes/not-a-uuid", token: token).status == .notFound)
            let visitor = try await Visitor.signedIn(app, as: "bureau")
            #expect(try await visitor.get("/classes/not-a-uuid").status == .notFound)
            #expect(try await visitor.get("/no/such/page").status == .notFound)
        }
    }

    @Test func onlyTheBureauCreatesSchools() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            let denied = try await principal.post("/schools", form: ["name": "新学校", "code": "NEW1", "stage": "primary"])
            #expect(denied.status == .forbidden)
            #expect(try await School.query(on: app.db).filter(\.$name == "新学校").count() == 0)
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let created = try await bureau.post("/schools", form: ["name": "新学校", "code": "NEW1", "stage": "primary"])
            #expect(created.status == .seeOther)
            let school = try #require(try await School.query(on: app.db).filter(\.$name == "新学校").first())
            #expect(try await Grade.query(on: app.db).filter(\.$schoolId == school.id!).count() == 6)
            let again = try await bureau.post("/schools", form: ["name": "新学校", "code": "NEW2", "stage": "primary"])
            #expect(again.status == .conflict)
            #expect(again.text.contains("已存在"))
            let bad = try await bureau.post("/schools", form: ["name": "", "code": "X", "stage": "primary"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("不能为空"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$entity == "school").count() == 1)
        }
    }

    @Test func passwordResetOnlyForPeopleTheAdminManages() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/people")
            let ownTeacher = try await app.userId("teacher2")
            let reset = try await principal.post("/people/\(ownTeacher.uuidString)/password", form: [:])
            #expect(reset.status == .ok)
            let notice = try #require(reset.text.range(of: "的新密码："))
            let password = String(reset.text[notice.upperBound...].prefix(10))
            #expect(try await Visitor(app).signIn("teacher2", password: password).status == .seeOther)
            let otherPrincipal = try await app.userId("principal2")
            #expect(try await principal.post("/people/\(otherPrincipal.uuidString)/password", form: [:]).status == .notFound)
            let bureau = try await app.userId("bureau")
            #expect(try await principal.post("/people/\(bureau.uuidString)/password", form: [:]).status == .notFound)
            #expect(try await Visitor(app).signIn("bureau", password: DemoDistrict.password).status == .seeOther)
        }
    }
}

@Suite struct RoleAssignmentTests {
    @Test func principalMakesATeacherSubjectLeaderWhoThenReviews() async throws {
        try await TestApp.withApp { app in
            let maths = try #require(try await Subject.query(on: app.db).filter(\.$name == "数学").first()?.id)
            let school = try await app.schoolId("第一实验小学")
            let principal = try await Visitor.signedIn(app, as: "principal")
            let assigned = try await principal.post("/people/roles", form: ["username": "teacher2", "role": "subject_leader",
                                                                            "schoolId": school.uuidString, "subjectId": maths.uuidString])
            #expect(assigned.status == .ok)
            #expect(assigned.text.contains("学科组长"))
            let actor = try #require(try await ActorLoader.load(userId: try await app.userId("teacher2"), on: app.db))
            #expect(actor.memberships.contains { $0.role == .subjectLeader && $0.subjectId == maths && $0.schoolId == school })
            let missingSubject = try await principal.post("/people/roles", form: ["username": "teacher2", "role": "subject_leader", "schoolId": school.uuidString])
            #expect(missingSubject.status == .unprocessableEntity)
            let unknown = try await principal.post("/people/roles", form: ["username": "nobody", "role": "grade_leader", "schoolId": school.uuidString, "grade": "4"])
            #expect(unknown.text.contains("找不到用户名为 nobody 的账号"))
            let otherSchool = try await app.schoolId("第一中学")
            let foreign = try await principal.post("/people/roles", form: ["username": "teacher2", "role": "school_admin", "schoolId": otherSchool.uuidString])
            #expect(foreign.status == .unprocessableEntity)
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            #expect(try await teacher.post("/people/roles", form: ["username": "teacher", "role": "school_admin", "schoolId": school.uuidString]).status == .forbidden)
            #expect(try await RoleMembership.query(on: app.db).filter(\.$role == "school_admin").filter(\.$userId == (try await app.userId("teacher"))).count() == 0)
        }
    }

    @Test func throttlingAlsoCountsFailuresFromOneAddress() async throws {
        try await TestApp.withApp { app in
            for i in 0..<SignIn.maxFailuresPerAddress {
                _ = try await app.api(.POST, "/api/v1/tokens", token: nil, json: #"{"username":"guess\#(i)","password":"x"}"#)
            }
            let blocked = try await app.api(.POST, "/api/v1/tokens", token: nil, json: #"{"username":"bureau","password":"demo1234"}"#)
            #expect(blocked.status == .tooManyRequests)
        }
    }
}
