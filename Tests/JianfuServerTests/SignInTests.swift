import Fluent
import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct SignInTests {
    @Test(arguments: ["bureau", "inspector", "principal", "teacher", "teacher2", "parent", "principal2"])
    func everyDemoAccountSignsInAndSeesTheirHome(username: String) async throws {
        try await TestApp.withApp { app in
            let visitor = try await Visitor.signedIn(app, as: username)
            let home = try await visitor.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("id=\"welcome\""))
            #expect(!home.text.contains("home.nothing"))
            #expect(try await visitor.post("/sign-out", form: [:]).status == .seeOther)
            #expect(try await visitor.get("/").status == .seeOther, "signed out")
        }
    }

    @Test func eachRoleSeesItsOwnSections() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau").get("/")
            #expect(bureau.text.contains("id=\"district-overview\""))
            let teacher = try await Visitor.signedIn(app, as: "teacher").get("/")
            #expect(teacher.text.contains("id=\"teaching\""))
            #expect(teacher.text.contains("id=\"head-of\""))
            #expect(!teacher.text.contains("district-overview"))
            let parent = try await Visitor.signedIn(app, as: "parent").get("/")
            #expect(parent.text.contains("id=\"children\""))
            #expect(!parent.text.contains("id=\"teaching\""))
        }
    }

    @Test func wrongPasswordIsRefusedInTheUsersLanguage() async throws {
        try await TestApp.withApp { app in
            let visitor = Visitor(app)
            let response = try await visitor.signIn("teacher", password: "wrong")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("用户名或密码不正确"))
            let api = try await app.api(.POST, "/api/v1/tokens", token: nil, json: #"{"username":"teacher","password":"nope"}"#, language: "en")
            #expect(api.status == .unauthorized)
            #expect(api.errorCode == "invalid_credentials")
            #expect(api.errorMessage == "Wrong username or password.")
        }
    }

    @Test func repeatedFailuresAreThrottledPerAccount() async throws {
        try await TestApp.withApp { app in
            for _ in 0..<SignIn.maxFailuresPerAccount {
                let r = try await app.api(.POST, "/api/v1/tokens", token: nil, json: #"{"username":"teacher","password":"nope"}"#)
                #expect(r.status == .unauthorized)
            }
            let locked = try await app.api(.POST, "/api/v1/tokens", token: nil, json: #"{"username":"teacher","password":"demo1234"}"#)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.errorCode == "too_many_attempts")
            let otherAccount = try await app.api(.POST, "/api/v1/tokens", token: nil, json: #"{"username":"teacher2","password":"demo1234"}"#)
            #expect(otherAccount.status == .created)
        }
    }

    @Test func formsWithoutTheTokenAreRefused() async throws {
        try await TestApp.withApp { app in
            let visitor = Visitor(app)
            _ = try await visitor.get("/sign-in")
            let forged = try await visitor.post("/sign-in", form: ["username": "teacher", "password": "demo1234"], csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("页面已过期"))
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let noToken = try await bureau.post("/schools", form: ["name": "X", "code": "X1", "stage": "primary"], csrf: "")
            #expect(noToken.status == .forbidden)
            #expect(try await School.query(on: app.db).filter(\.$name == "X").count() == 0)
        }
    }

    @Test func sessionsLiveInTheDatabaseAndSurviveARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jianfu-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let options = TestApp.postgresURL == nil ? TestApp.options(sqliteFile: path) : TestApp.options()
        var cookies: [String: String] = [:]
        let app = try await Application.make(.testing)
        try await App.configure(app, options: options)
        try await DemoDistrict.seedIfEmpty(app, today: TestApp.demoToday)
        let visitor = try await Visitor.signedIn(app, as: "teacher")
        cookies = visitor.cookies
        try await app.asyncShutdown()

        let restarted = try await Application.make(.testing)
        do {
            try await App.configure(restarted, options: options)
            let again = Visitor(restarted)
            again.cookies = cookies
            let home = try await again.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("王老师"))
            if case .postgres(_, let schema?) = options.store {
                try await restarted.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
            }
        } catch {
            try? await restarted.asyncShutdown()
            throw error
        }
        try await restarted.asyncShutdown()
    }

    @Test func languageSwitchSticks() async throws {
        try await TestApp.withApp { app in
            let visitor = try await Visitor.signedIn(app, as: "teacher")
            #expect(try await visitor.get("/").text.contains("我任教的班级"))
            let switched = try await visitor.get("/language?to=en&back=%2F")
            #expect(switched.status == .seeOther)
            #expect(try await visitor.get("/").text.contains("Classes I teach"))
            #expect(try await visitor.get("/schools").text.contains("Schools"))
            let offsite = try await visitor.get("/language?to=zh&back=%2F%2Fevil.example")
            #expect(offsite.headers.first(name: .location) == "/")
        }
    }

    @Test func tokenSignInGivesMeWithRoles() async throws {
        try await TestApp.withApp { app in
            let token = try await app.token("teacher")
            struct Me: Decodable {
                struct R: Decodable { let role: String; let classId: String? }
                struct T: Decodable { let className: String; let subjectName: String; let grade: Int }
                let username: String; let displayName: String; let roles: [R]; let teaching: [T]; let children: [String]
            }
            let me = try await app.api(.GET, "/api/v1/me", token: token).json(Me.self)
            #expect(me.username == "teacher")
            #expect(Set(me.roles.map(\.role)) == ["teacher", "head_teacher"])
            #expect(me.roles.first { $0.role == "head_teacher" }?.classId != nil)
            #expect(me.teaching.map(\.className) == ["4年级1班", "4年级2班"])
            #expect(me.teaching.allSatisfy { $0.subjectName == "数学" && $0.grade == 4 })
            #expect(me.children.isEmpty)
        }
    }

    @Test func malformedTokenRequestIsABadRequestNotACrash() async throws {
        try await TestApp.withApp { app in
            for body in ["{", #"{"username": 5}"#, "[]", ""] {
                let response = try await app.api(.POST, "/api/v1/tokens", token: nil, json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorCode == "bad_request")
            }
        }
    }
}
