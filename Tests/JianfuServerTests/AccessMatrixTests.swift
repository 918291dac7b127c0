import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import NIOCore
import Testing
import VaporTesting

/// Every route of the app, pages and API, against every kind of person: the demo's roles, nobody signed
/// in, a school administrator of another school and the bureau of another district. A route missing
/// from its domain's `access` list fails the walk, and so does a row whose route no longer exists.
@Suite struct AccessMatrixTests {
    @Test func everyRouteAnswersEveryRoleAsDeclared() async throws {
        try await TestApp.withApp { app in
            let fixture = try await AccessFixture(app)
            let registered = AccessMatrix.registered(app)
            for problem in AccessMatrix.mismatches(registered: registered, declared: Domains.access) {
                Issue.record(Comment(rawValue: problem))
            }
            var cells = 0
            // Routes that end a session go last, so that every other cell runs signed in.
            for row in Domains.access.sorted(by: { ($0.endsSession ? 1 : 0, $0.route) < ($1.endsSession ? 1 : 0, $1.route) })
            where registered.contains(row.route) {
                for who in RouteAccess.Persona.allCases {
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
            #expect(cells == Domains.access.count * RouteAccess.Persona.allCases.count)
        }
    }

    @Test func aRouteWithoutItsRowIsNamed() async throws {
        try await TestApp.withApp { app in
            app.get("undeclared") { _ in "registered, never declared" }
            let problems = AccessMatrix.mismatches(registered: AccessMatrix.registered(app), declared: Domains.access)
            #expect(problems == ["GET /undeclared has no RouteAccess in its domain's access list: declare who may use it"])
        }
    }
}

enum AccessMatrix {
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

    /// The registered routes without a declared row, and the declared rows whose route is no longer registered.
    static func mismatches(registered: Set<String>, declared: [RouteAccess]) -> [String] {
        let routes = Set(declared.map(\.route))
        var problems = registered.subtracting(routes).sorted().map { "\($0) has no RouteAccess in its domain's access list: declare who may use it" }
        problems += routes.subtracting(registered).sorted().map { "\($0) is declared but no longer registered" }
        problems += Dictionary(grouping: declared, by: \.route).filter { $0.value.count > 1 }.keys.sorted().map { "\($0) is declared twice" }
        return problems
    }

    static func registered(_ app: Application) -> Set<String> {
        Set(app.routes.all.map { route in "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/") })
    }
}

/// The demo district with one of everything the routes need, and a signed-in page visitor and API token per person.
struct AccessFixture {
    let app: Application
    let world: AssessmentWorld
    let homeworkId: UUID
    let testId: String
    let feedToken: String
    /// Whose password the administrators' reset is tried on: a teacher of class 4-2, not one of the walk's own accounts.
    let passwordTarget: UUID
    let school1: UUID
    /// The school's basic session, and the demo parent's child's place in it.
    let program: UUID
    let enrolment: UUID
    /// A survey of 第一实验小学's parents, open on the demo's day.
    let survey: UUID
    /// 第一实验小学's supervision record in the demo: last term's visit, a finding with its task still waiting for the
    /// school, the warning notice it has not acknowledged; the district's assessment table and the current term.
    let inspection: UUID
    let finding: UUID
    let rectification: UUID
    let warning: UUID
    let assessmentTable: UUID
    let term: UUID
    /// The demo's duty report, due in three weeks of every school.
    let report: UUID
    /// A file of 第一实验小学's record (evidence on its task).
    let attachment: UUID
    /// The teacher of maths in grade 4 class 1 (the demo's `teacher`), whose lesson a post holder observes.
    let mathsTeacher: UUID
    /// The demo tutor's written feedback to the demo parent's child, not yet acknowledged.
    let feedback: UUID
    /// 第一实验小学's school-wide parent meeting of the demo's term.
    let parentMeeting: UUID
    let evaluation: UUID
    let objection: UUID
    let parentUser: UUID
    /// An approved subject institution of the demo's training register.
    let institution: UUID
    /// The demo's course breaking OT-09, its open finding, and a complaint waiting for the bureau.
    let trainingCourse: UUID
    let trainingFinding: UUID
    let complaint: UUID
    /// A phone application of grade 4 class 1 waiting for its head teacher.
    let phoneApplication: UUID
    let readingTitle: UUID
    let placementRun: UUID
    var visitors: [RouteAccess.Persona: Visitor] = [:]
    var tokens: [RouteAccess.Persona: String] = [:]

    init(_ app: Application) async throws {
        self.app = app
        world = try await AssessmentWorld(app)
        school1 = try await app.schoolId("第一实验小学")
        program = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school1)
            .filter(\.$category == ProgramCategory.homeworkGuidance.rawValue).first()?.id)
        let child = world.child
        enrolment = try #require(try await AfterSchoolEnrolment.query(on: app.db).filter(\.$studentId == child).first()?.id,
                                 "the demo parent's child has an after-school application")
        let bureau = try await app.userId("bureau")
        let district = try #require(try await District.query(on: app.db).filter(\.$code == "demo").first()?.id)
        survey = try #require(try await SurveyService.create(SurveyService.NewSurvey(
            title: "家长满意度", schoolId: school1, respondents: .parents, scope: .school, anonymous: true, opensOn: "2026-11-20", closesOn: "2026-12-10",
            questions: [SurveyQuestion(id: "overall", kind: .scale, text: "总体满意度")]), districtId: district, by: nil, createdBy: bureau, on: app.db).id)
        let task = try #require(try await Rectification.query(on: app.db).filter(\.$schoolId == school1).filter(\.$status == "open").first())
        rectification = task.id!
        finding = task.findingId
        inspection = try #require(try await Finding.find(task.findingId, on: app.db)).inspectionId
        warning = try #require(try await WarningNotice.query(on: app.db).filter(\.$schoolId == school1).filter(\.$acknowledgedBy == nil).first()?.id)
        assessmentTable = try #require(try await AssessmentTableRecord.query(on: app.db).filter(\.$districtId == district).first()?.id)
        term = try #require(try await Term.query(on: app.db).filter(\.$districtId == district).sort(\.$startsOn, .descending).first()?.id)
        let chinese4_2 = try #require(try await TeachingAssignment.query(on: app.db).filter(\.$classId == world.class2).filter(\.$subjectId == world.chinese).first())
        passwordTarget = chinese4_2.teacherId
        report = try #require(try await RequiredReport.query(on: app.db).filter(\.$kind == "dutyReport").first()?.id)
        let file = Attachment()
        file.districtId = district
        file.schoolId = school1
        file.fileName = "证据.pdf"
        file.contentType = "application/pdf"
        file.sha256 = try app.attachments.put(Data("%PDF-1.7\n".utf8))
        file.size = 9
        file.uploadedBy = bureau
        file.uploadedAt = Date()
        try await file.create(on: app.db)
        attachment = file.id!
        mathsTeacher = try #require(try await TeachingAssignment.query(on: app.db).filter(\.$classId == world.class1).filter(\.$subjectId == world.maths).first()).teacherId
        feedback = try #require(try await TutorLog.query(on: app.db).filter(\.$studentId == child).filter(\.$kind == TutorTask.writtenFeedback.rawValue)
            .filter(\.$acknowledgedAt == nil).first()?.id, "the demo child's tutor has written a feedback the parent has not read")
        parentMeeting = try #require(try await ParentEvent.query(on: app.db).filter(\.$schoolId == school1).filter(\.$level == ParentLevel.school.rawValue)
            .first()?.id, "the demo's first school held a school-wide parent meeting")
        evaluation = try #require(try await QualityEvaluation.query(on: app.db).filter(\.$studentId == child).first()?.id,
                                  "the demo child's class is on display with every evaluation approved")
        objection = try #require(try await QualityObjection.query(on: app.db).filter(\.$evaluationId == evaluation).first()?.id,
                                 "the demo parent has objected to the child's displayed evaluation")
        parentUser = try await app.userId("parent")
        institution = try #require(try await TrainingInstitution.query(on: app.db).filter(\.$name == "睿思培训学校").first()?.id)
        trainingCourse = try #require(try await TrainingCourseRecord.query(on: app.db).filter(\.$name == "初三物理冲刺").first()?.id)
        trainingFinding = try #require(try await TrainingFinding.query(on: app.db).filter(\.$courseId == trainingCourse).first()?.id)
        complaint = try #require(try await TrainingComplaint.query(on: app.db).filter(\.$status == "received").first()?.id)
        phoneApplication = try #require(try await PhoneApplication.query(on: app.db).filter(\.$classId == world.class1).filter(\.$status == "pending").first()?.id)
        placementRun = try #require(try await PlacementRun.query(on: app.db).filter(\.$schoolId == school1).first()?.id)
        readingTitle = try #require(try await ReadingTitle.query(on: app.db).filter(\.$schoolId == school1).filter(\.$struckAt == nil).first()?.id)
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

        for who in RouteAccess.Persona.allCases where who != .anonymous {
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
            case ("pupils", _), ("students", _): return world.child.uuidString
            case ("logs", _), ("tutor-logs", _): return feedback.uuidString
            case ("events", _): return parentMeeting.uuidString
            case ("objections", _): return objection.uuidString
            case ("people", _), ("staff-posts", _): return passwordTarget.uuidString
            case ("attachments", _): return attachment.uuidString
            case ("reports", _): return report.uuidString
            case ("feeds", _): return feedToken + ".ics"
            case ("enrolments", _): return enrolment.uuidString
            case ("programs", _): return program.uuidString
            case ("surveys", _): return survey.uuidString
            case ("templates", _): return "students.csv"
            case ("inspections", _): return inspection.uuidString
            case ("findings", _): return finding.uuidString
            case ("rectifications", _): return rectification.uuidString
            case ("warnings", _): return warning.uuidString
            case ("assessment", _), ("assessment-tables", _): return assessmentTable.uuidString
            case ("institutions", _), ("training-institutions", _): return institution.uuidString
            case ("courses", _): return trainingCourse.uuidString
            case ("orders", _): return trainingFinding.uuidString
            case ("complaints", _): return complaint.uuidString
            case ("applications", _): return phoneApplication.uuidString
            case ("reading", _): return readingTitle.uuidString
            case ("resources", _), ("balance", _): return "2026"
            case ("placements", _): return placementRun.uuidString
            default: return part
            }
        }.joined(separator: "/")
    }

    func fill(_ text: String, as who: RouteAccess.Persona) -> String {
        let values: [(String, String)] = [
            ("{class}", world.class1.uuidString), ("{child}", world.child.uuidString), ("{maths}", world.maths.uuidString),
            ("{program}", program.uuidString), ("{school}", school1.uuidString), ("{term}", term.uuidString),
            ("{mathsTeacher}", mathsTeacher.uuidString), ("{staff}", passwordTarget.uuidString), ("{day}", HomeworkWorld.day),
            ("{parentUser}", parentUser.uuidString), ("{evaluation}", evaluation.uuidString), ("{institution}", institution.uuidString),
            ("{month}", String(HomeworkWorld.day.prefix(7))), ("{username}", who == .anonymous ? "teacher" : username(who)),
        ]
        return values.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    func username(_ who: RouteAccess.Persona) -> String { who == .otherDistrict ? "other-bureau" : who.rawValue }

    func send(_ row: RouteAccess, as who: RouteAccess.Persona) async throws -> TestingHTTPResponse {
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
