import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import NIOCore
import Testing
import VaporTesting

/// Every route of the app, pages and API, against every kind of person: the demo's roles, nobody signed
/// in, a school administrator of another school and the bureau of another district. A route missing
/// from `AccessMatrix.rows` fails the walk, and so does a row whose route no longer exists.
@Suite struct AccessMatrixTests {
    @Test func everyRouteAnswersEveryRoleAsDeclared() async throws {
        try await TestApp.withApp { app in
            let fixture = try await AccessFixture(app)
            let declared = Dictionary(AccessMatrix.rows.map { ($0.route, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(declared.count == AccessMatrix.rows.count, "a route is declared twice")
            let registered = Set(app.routes.all.map { route in
                "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/")
            })
            for route in registered.sorted() where declared[route] == nil {
                Issue.record("\(route) has no row in AccessMatrix.rows: declare who may use it")
            }
            for route in declared.keys.sorted() where !registered.contains(route) {
                Issue.record("\(route) is declared but no longer registered")
            }
            var cells = 0
            // Routes that end a session go last, so that every other cell runs signed in.
            for row in AccessMatrix.rows.sorted(by: { ($0.endsSession ? 1 : 0, $0.route) < ($1.endsSession ? 1 : 0, $1.route) })
            where registered.contains(row.route) {
                for who in AccessMatrix.Who.allCases {
                    let response = try await fixture.send(row, as: who)
                    cells += 1
                    // Signing out sends everyone to the sign-in page: that is its success.
                    let outcome: AccessMatrix.Outcome = row.route == "POST /sign-out" && response.status == .seeOther
                        ? .allowed : AccessMatrix.Outcome(response)
                    let expected: AccessMatrix.Outcome = row.allowed.contains(who) ? .allowed : .denied
                    #expect(outcome == expected, "\(row.route) as \(who): \(response.status.code) \(response.headers.first(name: .location) ?? "")")
                    #expect(response.status.code < 500, "\(row.route) as \(who): \(response.status.code)")
                }
            }
            #expect(cells == AccessMatrix.rows.count * AccessMatrix.Who.allCases.count)
        }
    }
}

enum AccessMatrix {
    enum Who: String, CaseIterable, Sendable {
        case anonymous, bureau, inspector, principal, teacher, teacher2, parent
        /// A school administrator of another school of the district.
        case principal2
        /// The bureau administrator of another district.
        case otherDistrict
    }

    enum Outcome: Equatable {
        /// The request went through the access check: a 2xx, a redirect that is not to the sign-in page,
        /// or a refusal of its input (400, 409, 422).
        case allowed
        /// 401, 403 or 404, or, for a page, the redirect to the sign-in page.
        case denied
        case unexpected(UInt)

        init(_ response: TestingHTTPResponse) {
            let code = response.status.code
            switch code {
            case 200..<300, 400, 409, 422, 413: self = .allowed
            case 300..<400:
                let location = response.headers.first(name: .location) ?? ""
                self = location.hasPrefix("/sign-in") ? .denied : .allowed
            case 401, 403, 404: self = .denied
            default: self = .unexpected(code)
            }
        }
    }

    struct Row: Sendable {
        let route: String
        let allowed: Set<Who>
        /// A query string, a page form or an API body that passes validation, so that access alone decides.
        /// `{class}`, `{child}`, `{maths}`, `{day}` and `{username}` stand for the fixture's values.
        var query = ""
        var form: [String: String] = [:]
        var json: String? = nil
        /// Signing in and out: each cell gets a fresh visitor, and the walk runs them last.
        var endsSession = false

        init(_ route: String, _ allowed: Set<Who>, query: String = "", form: [String: String] = [:], json: String? = nil, endsSession: Bool = false) {
            self.route = route
            self.allowed = allowed
            self.query = query
            self.form = form
            self.json = json
            self.endsSession = endsSession
        }
    }

    static let everyone = Set(Who.allCases)
    static let signedIn = everyone.subtracting([.anonymous])
    /// The demo district's staff: every role but parents and those of another district.
    static let staff: Set<Who> = [.bureau, .inspector, .principal, .teacher, .teacher2, .principal2]
    /// The staff who may open grade 4 class 1 of the first primary school, and with them its pupils' guardians.
    static let classStaff: Set<Who> = [.bureau, .inspector, .principal, .teacher, .teacher2]
    static let classPeople = classStaff.union([.parent])
    /// District roles of either district see their own district's figures.
    static let districtRoles: Set<Who> = [.bureau, .inspector, .otherDistrict]
    static let administrators: Set<Who> = [.bureau, .principal, .principal2, .otherDistrict]

    static let filing = #"{"classIds":["{class}"],"subjectId":"{maths}","assignedOn":"{day}","dueOn":"{day}","kind":"written","minutes":5,"content":"口算"}"#

    static let rows: [Row] = [
        // Open to everyone: the ceiling for load balancers, the API's description, signing in, a secret calendar URL.
        Row("GET /health", everyone),
        Row("GET /api/v1/openapi.json", everyone),
        Row("GET /api/v1/openapi.yaml", everyone),
        Row("GET /sign-in", everyone),
        Row("GET /language", everyone),
        Row("GET /feeds/:file", everyone),
        Row("POST /sign-in", everyone, form: ["username": "{username}", "password": DemoDistrict.password], endsSession: true),
        Row("POST /sign-out", everyone, endsSession: true),
        Row("POST /api/v1/tokens", everyone, json: #"{"username":"{username}","password":"demo1234"}"#),

        // Everyone signed in, each seeing their own.
        Row("GET /", signedIn),
        Row("GET /api/v1/me", signedIn),
        Row("GET /api/v1/schools", signedIn),
        Row("GET /schools", signedIn),
        Row("GET /tests", signedIn),
        Row("GET /import/templates/:file", signedIn),
        Row("GET /account/password", signedIn),
        Row("POST /account/password", signedIn, form: ["current": "wrong", "password": "x", "confirm": "y"]),

        // Grade 4 class 1 of the first primary school.
        Row("GET /classes/:id", classPeople),
        Row("GET /api/v1/classes/:id", classPeople),
        Row("GET /classes/:id/homework", classPeople),
        Row("GET /api/v1/classes/:id/published", classPeople),
        Row("GET /api/v1/classes/:id/load", classStaff),
        Row("GET /classes/:id/roster.csv", [.bureau, .principal]),
        Row("POST /classes/:id/erase", [.bureau, .principal], form: ["studentId": "", "reason": "家长申请"]),
        Row("POST /classes/:id/feedback", [.parent], query: "?date={day}", form: ["studentId": "{child}", "minutes": "30"]),
        Row("POST /api/v1/feedback", [.parent], json: #"{"studentId":"{child}","date":"{day}","minutes":30,"tooMuch":false}"#),
        Row("GET /schools/:id", [.bureau, .inspector, .principal, .teacher, .teacher2]),
        Row("GET /api/v1/schools/:id/classes", [.bureau, .inspector, .principal, .teacher, .teacher2]),
        Row("GET /schools/:id/settings", [.bureau, .principal]),
        Row("POST /schools/:id/settings", [.bureau, .principal]),

        // Homework: filing is for those who teach; an entry is for the staff of its class.
        Row("GET /homework/file", [.teacher, .teacher2]),
        Row("POST /homework/file", [.teacher, .teacher2]),
        Row("POST /api/v1/homework", [.teacher], json: filing),
        Row("GET /homework/:id", classStaff),
        Row("GET /api/v1/homework/:id", classStaff),
        Row("GET /homework/review", [.principal, .teacher, .principal2]),
        Row("GET /api/v1/homework/review-queue", [.principal, .teacher, .principal2]),
        Row("POST /homework/:id/review", [.principal, .teacher], form: ["action": "approve"]),
        Row("POST /api/v1/homework/:id/review", [.principal, .teacher], json: #"{"action":"approve"}"#),
        Row("POST /homework/:id/resubmit", [.teacher]),
        Row("POST /api/v1/homework/:id/resubmit", [.teacher], json: "{}"),
        Row("POST /homework/:id/withdraw", [.principal, .teacher], form: ["reason": "重复布置"]),
        Row("POST /api/v1/homework/:id/withdraw", [.principal, .teacher], json: #"{"reason":"重复布置"}"#),

        // Tests: filed by the class's teachers and the academic office; results for the subject's staff only.
        Row("POST /tests", [.principal, .teacher, .teacher2, .principal2]),
        Row("POST /api/v1/tests", [.principal, .teacher],
            json: #"{"classIds":["{class}"],"subjectId":"{maths}","kind":"final","paper":true,"date":"2026-12-31","durationMinutes":90}"#),
        Row("GET /api/v1/tests", classPeople, query: "?classId={class}"),
        Row("GET /tests/:id", classPeople),
        Row("GET /api/v1/tests/:id", classPeople),
        Row("GET /api/v1/tests/:id/distribution", classPeople),
        Row("GET /api/v1/pupils/:id/test-results", [.principal, .teacher, .teacher2, .parent]),
        Row("POST /tests/:id/results", [.principal, .teacher]),
        Row("PUT /api/v1/tests/:id/results", [.principal, .teacher], json: #"{"results":[{"pupilId":"{child}","level":"A"}]}"#),
        Row("POST /tests/:id/specification", [.principal, .teacher]),
        Row("PUT /api/v1/tests/:id/specification", [.principal, .teacher], json: #"{"rows":[{"point":"数与代数","cells":[100],"total":100}],"total":100}"#),
        Row("POST /tests/:id/withdraw", [.principal, .teacher], form: ["reason": "调整"]),
        Row("POST /api/v1/tests/:id/withdraw", [.principal, .teacher], json: #"{"reason":"调整"}"#),

        // Dashboards: district roles see the district, school administrators their school.
        Row("GET /dashboard", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        Row("GET /api/v1/dashboard/schools", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        Row("GET /dashboard/schools/:id", [.bureau, .inspector, .principal]),
        Row("GET /api/v1/dashboard/schools/:id/classes", [.bureau, .inspector, .principal]),
        Row("GET /dashboard/classes/:id", [.bureau, .inspector, .principal]),
        Row("GET /dashboard/half-monthly", districtRoles),
        Row("GET /api/v1/dashboard/half-monthly", districtRoles),

        // Running the district and the schools.
        Row("GET /schools/new", [.bureau, .otherDistrict]),
        Row("POST /schools", [.bureau, .otherDistrict]),
        Row("GET /people", administrators),
        Row("POST /people", administrators),
        Row("POST /people/:id/password", [.bureau, .principal]),
        Row("POST /people/roles", administrators),
        Row("GET /import", administrators),
        Row("POST /import", administrators),
        Row("GET /terms", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        Row("POST /terms", [.bureau, .otherDistrict]),
        Row("POST /terms/days", [.bureau, .otherDistrict]),
        Row("GET /policy", districtRoles),
        Row("POST /policy", [.bureau, .otherDistrict]),
        Row("GET /audit", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
    ]
}

/// The demo district with one of everything the routes need, and a signed-in page visitor and API token per person.
struct AccessFixture {
    let app: Application
    let world: TestWorld
    let homeworkId: UUID
    let testId: String
    let feedToken: String
    /// Whose password the administrators' reset is tried on: a teacher of class 4-2, not one of the walk's own accounts.
    let passwordTarget: UUID
    let school1: UUID
    var visitors: [AccessMatrix.Who: Visitor] = [:]
    var tokens: [AccessMatrix.Who: String] = [:]

    init(_ app: Application) async throws {
        self.app = app
        world = try await TestWorld(app)
        school1 = try await app.schoolId("第一实验小学")
        let chinese4_2 = try #require(try await TeachingAssignment.query(on: app.db).filter(\.$classId == world.class2).filter(\.$subjectId == world.chinese).first())
        passwordTarget = chinese4_2.teacherId
        let teacher = try await app.token("teacher")
        let filed = try await app.api(.POST, "/api/v1/homework", token: teacher, json: HomeworkWorld(app).filing(classes: [world.class1]))
        homeworkId = try #require(UUID(uuidString: try filed.json(DecodedFiled.self).ids[0]))
        testId = try await world.filed(teacher, world.filing(classes: [world.class1]))
        // The parent's page hands out the class's calendar feed.
        _ = try await Visitor.signedIn(app, as: "parent").get("/classes/\(world.class1)/homework")
        feedToken = try #require(try await ClassCalendarFeed.query(on: app.db).filter(\.$classId == world.class1).first()).token

        let other = District(name: "另一区", code: "other")
        try await other.create(on: app.db)
        let hash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash(DemoDistrict.password).get()
        let outsider = User(districtId: other.id!, schoolId: nil, username: "other-bureau", displayName: "外区管理员", phone: nil, passwordHash: hash)
        try await outsider.create(on: app.db)
        try await RoleMembership(districtId: other.id!, userId: outsider.id!, role: .bureauAdmin).create(on: app.db)

        for who in AccessMatrix.Who.allCases where who != .anonymous {
            visitors[who] = try await Visitor.signedIn(app, as: username(who))
            tokens[who] = try await app.token(username(who))
        }
        visitors[.anonymous] = Visitor(app)
        _ = try await visitors[.anonymous]!.get("/sign-in")
    }

    /// The route's path with the fixture's ids in place of its parameters.
    func path(of route: String) -> String {
        let path = String(route.split(separator: " ", maxSplits: 1)[1])
        let parts = path.split(separator: "/").map(String.init)
        return "/" + parts.enumerated().map { index, part -> String in
            guard part.hasPrefix(":") else { return part }
            let before = index > 0 ? parts[index - 1] : ""
            switch (before, part) {
            case ("classes", _): return world.class1.uuidString
            case ("schools", _): return school1.uuidString
            case ("homework", _): return homeworkId.uuidString
            case ("tests", _): return testId
            case ("pupils", _): return world.child.uuidString
            case ("people", _): return passwordTarget.uuidString
            case ("feeds", _): return feedToken + ".ics"
            case ("templates", _): return "students.csv"
            default: return part
            }
        }.joined(separator: "/")
    }

    func fill(_ text: String, as who: AccessMatrix.Who) -> String {
        text.replacingOccurrences(of: "{class}", with: world.class1.uuidString)
            .replacingOccurrences(of: "{child}", with: world.child.uuidString)
            .replacingOccurrences(of: "{maths}", with: world.maths.uuidString)
            .replacingOccurrences(of: "{day}", with: HomeworkWorld.day)
            .replacingOccurrences(of: "{username}", with: who == .anonymous ? "teacher" : username(who))
    }

    func username(_ who: AccessMatrix.Who) -> String { who == .otherDistrict ? "other-bureau" : who.rawValue }

    func send(_ row: AccessMatrix.Row, as who: AccessMatrix.Who) async throws -> TestingHTTPResponse {
        let method = HTTPMethod(rawValue: String(row.route.split(separator: " ")[0]))
        let path = path(of: row.route) + fill(row.query, as: who)
        if row.route.contains(" /api/") {
            let body = row.json.map { fill($0, as: who) } ?? (method == .GET ? nil : "{}")
            return try await app.api(method, path, token: tokens[who], json: body)
        }
        var visitor = visitors[who]!
        if row.endsSession {
            visitor = who == .anonymous || row.route == "POST /sign-in" ? Visitor(app) : try await Visitor.signedIn(app, as: username(who))
            _ = try await visitor.get("/sign-in")
        }
        guard method == .POST else { return try await visitor.get(path) }
        return try await visitor.post(path, form: row.form.mapValues { fill($0, as: who) })
    }
}
