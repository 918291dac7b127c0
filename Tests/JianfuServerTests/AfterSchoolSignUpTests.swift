import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Sign-up on the demo district, where sign-up closed on 2026-09-10 and the allocation ran with its recorded seed.
@Suite struct AfterSchoolSignUpTests {
    struct Enrolment: Decodable { let id: String; let status: String; let programId: String; let programName: String; let position: Int? }
    struct Program: Decodable { let id: String; let name: String; let enrolled: Int; let waiting: Int }

    struct Family {
        let app: Application
        let token: String
        let first: UUID
        let second: UUID
        let school: UUID

        /// The demo parent with their child and a second child of grade 4 class 1, every limited place of both given up.
        init(_ app: Application) async throws {
            self.app = app
            school = try await app.schoolId("第一实验小学")
            let world = try await AssessmentWorld(app)
            first = world.child
            let parent = try await app.userId("parent")
            let sibling = try #require(try await Student.query(on: app.db).filter(\.$classId == world.class1).filter(\.$id != first).first())
            try await Guardianship(districtId: sibling.districtId, schoolId: sibling.schoolId, studentId: sibling.id!, guardianId: parent).create(on: app.db)
            second = sibling.id!
            token = try await app.token("parent")
            for pupil in [first, second] {
                for line in try await enrolments(pupil) where ["enrolled", "waiting", "applied"].contains(line.status) {
                    #expect(try await app.api(.POST, "/api/v1/after-school/enrolments/\(line.id)/withdraw", token: token).status == .ok)
                }
            }
        }

        func enrolments(_ pupil: UUID) async throws -> [Enrolment] {
            try await app.api(.GET, "/api/v1/pupils/\(pupil)/after-school", token: token).json([Enrolment].self)
        }

        func apply(_ pupil: UUID, _ program: String, choice: Int? = nil) async throws -> TestingHTTPResponse {
            let choiceText = choice.map { #","choice":\#($0)"# } ?? ""
            return try await app.api(.POST, "/api/v1/after-school/enrolments", token: token,
                                     json: #"{"studentId":"\#(pupil)","programId":"\#(program)"\#(choiceText)}"#)
        }
    }

    @Test func theBasicSessionTakesEveryoneAndAParentWithdrawsAtAnyTime() async throws {
        try await TestApp.withApp { app in
            let family = try await Family(app)
            let basic = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == family.school)
                .filter(\.$category == ProgramCategory.homeworkGuidance.rawValue).first())
            let applied = try await family.apply(family.first, basic.id!.uuidString)
            #expect(applied.status == .created)
            #expect(try applied.json(Enrolment.self).status == "enrolled")
            #expect(try await family.apply(family.first, basic.id!.uuidString).errorCode == "already_applied")
            // Another family's child: not the caller's to sign up.
            let stranger = try #require(try await Student.query(on: app.db).filter(\.$schoolId != family.school).first())
            #expect(try await family.apply(stranger.id!, basic.id!.uuidString).status == .notFound)
            let teacher = try await app.token("teacher")
            #expect(try await app.api(.POST, "/api/v1/after-school/enrolments", token: teacher,
                                      json: #"{"studentId":"\#(family.first)","programId":"\#(basic.id!)"}"#).status == .notFound)
            let id = try applied.json(Enrolment.self).id
            let withdrawn = try await app.api(.POST, "/api/v1/after-school/enrolments/\(id)/withdraw", token: family.token)
            #expect(try withdrawn.json(Enrolment.self).status == "withdrawn")
            #expect(try await app.api(.POST, "/api/v1/after-school/enrolments/\(id)/withdraw", token: family.token).errorCode == "not_active")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.enrolment.withdraw").count() >= 1)
        }
    }

    @Test func aFreedPlaceGoesToTheFirstOnTheWaitingList() async throws {
        try await TestApp.withApp { app in
            let family = try await Family(app)
            let principal = try await app.token("principal")
            let created = try await app.api(.POST, "/api/v1/schools/\(family.school)/after-school/programs", token: principal, json: AfterSchoolTests.program([
                "name": #""剪纸""#, "capacity": "1", "room": #""手工室""#, "staffName": #""钱老师""#,
            ]))
            let program = try created.json(Created.self).id
            // After the allocation, first come: one place, then the waiting list.
            #expect(try await family.apply(family.first, program).json(Enrolment.self).status == "enrolled")
            let waiting = try await family.apply(family.second, program).json(Enrolment.self)
            #expect(waiting.status == "waiting" && waiting.position == 1)
            let listed = try await app.api(.GET, "/api/v1/schools/\(family.school)/after-school/programs", token: principal).json([Program].self)
            #expect(listed.first { $0.id == program }.map { ($0.enrolled, $0.waiting) }! == (1, 1))
            // One limited place a pupil.
            let other = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == family.school).filter(\.$name == "合唱团").first())
            #expect(try await family.apply(family.first, other.id!.uuidString).errorCode == "one_place")

            let place = try #require(try await family.enrolments(family.first).first { $0.programId.lowercased() == program.lowercased() && $0.status == "enrolled" })
            let promotions = try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.enrolment.promote").count()
            _ = try await app.api(.POST, "/api/v1/after-school/enrolments/\(place.id)/withdraw", token: family.token)
            let promoted = try #require(try await family.enrolments(family.second).first { $0.programId.lowercased() == program.lowercased() })
            #expect(promoted.status == "enrolled" && promoted.position == nil)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.enrolment.promote").count() == promotions + 1)
        }
    }

    struct Created: Decodable { let id: String }

    @Test func theHeadTeacherReviewsWhereTheSchoolAsks() async throws {
        try await TestApp.withApp { app in
            let family = try await Family(app)
            let principal = try await app.token("principal")
            let settings = try await app.api(.PUT, "/api/v1/schools/\(family.school)/after-school/sign-up", token: principal,
                                             json: #"{"closesOn":"2026-09-10","classReview":true}"#)
            #expect(settings.status == .ok)
            let basic = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == family.school)
                .filter(\.$category == ProgramCategory.homeworkGuidance.rawValue).first())
            let pending = try await family.apply(family.first, basic.id!.uuidString).json(Enrolment.self)
            #expect(pending.status == "pending_review")
            // Only the pupil's head teacher (the demo teacher heads 4-1) or the school's administrator decides.
            let review = "/api/v1/after-school/enrolments/\(pending.id)/review"
            #expect(try await app.api(.POST, review, token: try await app.token("teacher2"), json: #"{"approve":true}"#).status == .notFound)
            let approved = try await app.api(.POST, review, token: try await app.token("teacher"), json: #"{"approve":true}"#).json(Enrolment.self)
            #expect(approved.status == "enrolled")
            #expect(try await app.api(.POST, review, token: principal, json: #"{"approve":false}"#).errorCode == "not_active")
        }
    }

    @Test func theAllocationRunsOnceAfterSignUpClosesAndDrawsAgainFromItsSeed() async throws {
        try await TestApp.withApp { app in
            let principal = try await app.token("principal")
            let school = try await app.schoolId("第一实验小学")
            let path = "/api/v1/schools/\(school)/after-school/allocation"
            #expect(try await app.api(.POST, path, token: principal, json: "{}").errorCode == "already_allocated")
            #expect(try await app.api(.POST, path, token: try await app.token("teacher"), json: "{}").status == .forbidden)
            // The demo's outcome, then the same applications back to before the allocation and drawn again with its seed.
            let demo = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$schoolId == school).filter(\.$choice != nil).all()
            let outcome = Dictionary(uniqueKeysWithValues: demo.map { ($0.id!, "\($0.status)|\($0.position ?? 0)") })
            // The demo parent's child holds its first choice, so that the family has a place to give up.
            let world = try await AssessmentWorld(app)
            #expect(demo.first { $0.studentId == world.child && $0.choice == 1 }?.status == AfterSchoolEnrolment.Status.enrolled.rawValue)
            let seed = try #require(try await AfterSchoolAllocation.query(on: app.db).filter(\.$schoolId == school).first()).seed
            try await AfterSchoolAllocation.query(on: app.db).filter(\.$schoolId == school).delete()
            for row in demo {
                row.status = AfterSchoolEnrolment.Status.applied.rawValue
                row.position = nil
                try await row.save(on: app.db)
            }
            _ = try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/sign-up", token: principal, json: #"{"closesOn":"2026-12-31","classReview":false}"#)
            let early = try await app.api(.POST, path, token: principal, json: #"{"seed":"\#(seed)"}"#)
            #expect(early.status == .unprocessableEntity && early.errorCode == "signup_open")
            _ = try await app.api(.PUT, "/api/v1/schools/\(school)/after-school/sign-up", token: principal, json: #"{"closesOn":"2026-09-10","classReview":false}"#)
            let run = try await app.api(.POST, path, token: principal, json: #"{"seed":"\#(seed)"}"#)
            #expect(run.status == .created)
            let again = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$schoolId == school).filter(\.$choice != nil).all()
            #expect(Dictionary(uniqueKeysWithValues: again.map { ($0.id!, "\($0.status)|\($0.position ?? 0)") }) == outcome)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.allocation").first())
            #expect(audit.detail.contains(seed))
        }
    }

    @Test func theLateSchoolAllocatesOnceItsAdministratorClosesSignUp() async throws {
        try await TestApp.withApp { app in
            // 第一中学's sign-up is still open in the demo: ranked choices wait, nothing is allocated yet.
            let school = try await app.schoolId(AfterSchoolDemo.openSchool)
            let parent = try await app.userId("parent2")
            let child = try #require(try await Guardianship.query(on: app.db).filter(\.$guardianId == parent).first()).studentId
            let token = try await app.token("parent2")
            let mine = try await app.api(.GET, "/api/v1/pupils/\(child)/after-school", token: token).json([Enrolment].self)
            #expect(mine.map(\.status) == ["enrolled"])
            let waiting = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$schoolId == school)
                .filter(\.$status == AfterSchoolEnrolment.Status.applied.rawValue).count()
            #expect(waiting > 50)
            #expect(try await AfterSchoolAllocation.query(on: app.db).filter(\.$schoolId == school).count() == 0)

            let choir = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).filter(\.$name == "合唱团").first())
            let ranked = try await app.api(.POST, "/api/v1/after-school/enrolments", token: token,
                                           json: #"{"studentId":"\#(child)","programId":"\#(choir.id!)","choice":1}"#)
            #expect(ranked.status == .created)
            #expect(try ranked.json(Enrolment.self).status == "applied")
            let path = "/api/v1/schools/\(school)/after-school/allocation"
            #expect(try await app.api(.POST, path, token: try await app.token("principal2"), json: "{}").errorCode == "signup_open")

            // The administrator closes sign-up as of yesterday and draws.
            let admin = try await Visitor.signedIn(app, as: "principal2")
            let closed = try await admin.post(AfterSchoolPaths.signUp.path(school), form: ["closesOn": "2026-11-24"])
            #expect(closed.status == .ok)
            let drawn = try await admin.post(AfterSchoolPaths.allocation.path(school), form: [:])
            #expect(drawn.status == .ok && drawn.body.string.contains("已分配："))
            #expect(try await AfterSchoolEnrolment.query(on: app.db).filter(\.$schoolId == school)
                .filter(\.$status == AfterSchoolEnrolment.Status.applied.rawValue).count() == 0)
            let outcome = try await app.api(.GET, "/api/v1/pupils/\(child)/after-school", token: token).json([Enrolment].self)
            #expect(outcome.contains { $0.programName == "合唱团" && ["enrolled", "waiting"].contains($0.status) })
        }
    }

    @Test func placesNeverFallBelowThePupilsTakenAndARaiseMovesTheWaitingListUp() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            // 围棋社 is full after the demo's allocation, with a waiting list.
            let chess = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).filter(\.$name == "围棋社").first())
            func count(_ status: AfterSchoolEnrolment.Status) async throws -> Int {
                try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == chess.id!).filter(\.$status == status.rawValue).count()
            }
            let enrolled = try await count(.enrolled), waiting = try await count(.waiting)
            #expect(enrolled == chess.capacity && waiting > 2)
            let path = "/api/v1/after-school/programs/\(chess.id!)/capacity"
            let principal = try await app.token("principal")
            let below = try await app.api(.PUT, path, token: principal, json: #"{"capacity":\#(enrolled - 1)}"#)
            #expect(below.status == .conflict && below.errorCode == "capacity_below_enrolment"
                && below.errorMessage == "这门课程已录取 \(enrolled) 人，名额不能少于已录取人数。")
            #expect(try await AfterSchoolProgram.find(chess.id, on: app.db)?.capacity == chess.capacity)
            // Not the teacher's nor another school's to change.
            #expect(try await app.api(.PUT, path, token: try await app.token("teacher"), json: #"{"capacity":40}"#).status == .forbidden)
            #expect(try await app.api(.PUT, path, token: try await app.token("principal2"), json: #"{"capacity":40}"#).status == .notFound)

            // Two more places on the page: the first two waiting move up, the list renumbers.
            let visitor = try await Visitor.signedIn(app, as: "principal")
            let page = try await visitor.post(AfterSchoolPaths.capacity.path(chess.id!), form: ["capacity": String(enrolled + 2)])
            #expect(page.status == .ok && page.body.string.contains("“围棋社”的名额已改为 \(enrolled + 2)：已录取 \(enrolled + 2) 人"))
            #expect(try await count(.enrolled) == enrolled + 2)
            let positions = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == chess.id!)
                .filter(\.$status == AfterSchoolEnrolment.Status.waiting.rawValue).all().compactMap(\.position).sorted()
            #expect(positions == Array(1...positions.count) && positions.count == waiting - 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.program.capacity").count() == 1)
            let refused = try await visitor.post(AfterSchoolPaths.capacity.path(chess.id!), form: ["capacity": "2"])
            #expect(refused.status == .conflict && refused.body.string.contains(#"id="as-capacity-error""#))
            // The refused number stays in its box for the administrator to correct, not the stored one.
            #expect(refused.body.string.contains(#"name="capacity" value="2""#))
            #expect(try await AfterSchoolProgram.find(chess.id, on: app.db)?.capacity == enrolled + 2)
        }
    }
}

