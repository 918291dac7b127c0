import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import SQLKit
import Testing
import VaporTesting

@Suite struct PrivacyTests {
    /// A pupil of grade 4 class 1 other than the demo parent's child, with their guardian's phone.
    func pupilWithPhone(_ app: Application, in classId: UUID) async throws -> (student: Student, phone: String) {
        let parentId = try await app.userId("parent")
        for student in try await Student.query(on: app.db).filter(\.$classId == classId).sort(\.$studentNumber).all() {
            guard let link = try await Guardianship.query(on: app.db).filter(\.$studentId == student.id!).first(), link.guardianId != parentId,
                  let phone = try await User.find(link.guardianId, on: app.db)?.phone else { continue }
            return (student, phone)
        }
        throw TestFailure("no pupil with a guardian's phone")
    }

    struct TestFailure: Error { let text: String; init(_ text: String) { self.text = text } }

    @Test func guardiansPhonesAreMaskedUnlessTheHeadTeacherAsksAndTheViewIsRecorded() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let (_, phone) = try await pupilWithPhone(app, in: world.class1)
            let masked = ContactMask.phone(phone)

            let subjectTeacher = try await Visitor.signedIn(app, as: "teacher2")
            let page = try await subjectTeacher.get("/classes/\(world.class1)")
            #expect(page.text.contains(masked) && !page.text.contains(phone))
            #expect(!page.text.contains("show-contacts"))
            #expect(try await subjectTeacher.get("/classes/\(world.class1)?contacts=full").status == .forbidden)

            let headTeacher = try await Visitor.signedIn(app, as: "teacher")
            let plain = try await headTeacher.get("/classes/\(world.class1)")
            #expect(plain.text.contains(masked) && !plain.text.contains(phone) && plain.text.contains("show-contacts"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "personal_data.view").count() == 0)
            let full = try await headTeacher.get("/classes/\(world.class1)?contacts=full")
            #expect(full.status == .ok && full.text.contains(phone))
            let viewed = try await AuditEvent.query(on: app.db).filter(\.$action == "personal_data.view").all()
            let teacherId = try await app.userId("teacher")
            #expect(viewed.count == 1 && viewed.first?.actorId == teacherId && viewed.first?.entityId == world.class1)
        }
    }

    @Test func onlyAdministratorsExportTheRosterAndEachExportIsRecorded() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let (student, phone) = try await pupilWithPhone(app, in: world.class1)
            let path = "/classes/\(world.class1)/roster.csv"
            let export = try await Visitor.signedIn(app, as: "principal").get(path)
            #expect(export.status == .ok)
            #expect(Array(export.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(export.text.contains(phone) && export.text.contains(student.name) && export.text.hasPrefix("\u{FEFF}学校,年级,班级,学号,姓名"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "export.roster").count() == 1)
            #expect(try await Visitor.signedIn(app, as: "bureau").get(path).status == .ok)
            for (username, status) in [("teacher", HTTPStatus.forbidden), ("teacher2", .forbidden), ("parent", .forbidden), ("principal2", .notFound), ("inspector", .forbidden)] {
                let refused = try await Visitor.signedIn(app, as: username).get(path)
                #expect(refused.status == status, "\(username)")
                #expect(!refused.text.contains(phone), "\(username)")
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "export.roster").count() == 2)
        }
    }

    @Test func erasingAPupilOnRequestRemovesTheirDataAndKeepsTheStatistics() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let parentId = try await app.userId("parent")
            let child = try #require(try await Guardianship.query(on: app.db).filter(\.$guardianId == parentId).first()).studentId
            let childName = try #require(try await Student.find(child, on: app.db)).name
            // The child's homework day carries the parent's report: the class-day's sums must not change.
            #expect(try await world.file(try await app.token("teacher"), world.filing(minutes: 30)).status == .created)
            let parentToken = try await app.token("parent")
            let report = try await app.api(.POST, "/api/v1/feedback", token: parentToken,
                                           json: #"{"studentId":"\#(child)","date":"\#(HomeworkWorld.day)","minutes":45,"tooMuch":false}"#)
            #expect(report.status == .created)
            struct Sums: Decodable { let feedback_count: Int; let feedback_minutes: Int }
            func sums() async throws -> Sums? {
                try await app.db.sql.raw("SELECT feedback_count, feedback_minutes FROM class_day_loads WHERE class_id = \(bind: world.class1) AND date = \(bind: HomeworkWorld.day)")
                    .first(decoding: Sums.self)
            }
            let before = try await sums()

            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/classes/\(world.class1)")
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            _ = try await teacher.get("/classes/\(world.class1)")
            #expect(try await teacher.post("/classes/\(world.class1)/erase", form: ["studentId": child.uuidString, "reason": "家长申请"]).status == .forbidden)
            let noReason = try await principal.post("/classes/\(world.class1)/erase", form: ["studentId": child.uuidString, "reason": " "])
            #expect(noReason.status == .unprocessableEntity && noReason.text.contains("请填写申请说明"))
            #expect(try await Student.find(child, on: app.db)?.erasedAt == nil, "nothing written")

            let erased = try await principal.post("/classes/\(world.class1)/erase", form: ["studentId": child.uuidString, "reason": "家长11月20日书面申请"])
            #expect(erased.status == .ok && erased.text.contains("已删除该学生的个人信息"))
            #expect(!erased.text.contains(childName))
            let student = try #require(try await Student.find(child, on: app.db))
            #expect(student.erasedAt != nil && student.name != childName && student.gender == nil)
            #expect(try await Guardianship.query(on: app.db).filter(\.$studentId == child).count() == 0)
            let guardian = try #require(try await User.find(parentId, on: app.db))
            #expect(!guardian.isActive && guardian.phone == nil && guardian.username != "parent")
            #expect(try await app.api(.GET, "/api/v1/me", token: parentToken).status == .unauthorized, "the parent's token no longer works")
            #expect(try await Visitor(app).signIn("parent", password: DemoDistrict.password).status == .unauthorized)
            let after = try await sums()
            #expect(before?.feedback_count == 1 && before?.feedback_count == after?.feedback_count && before?.feedback_minutes == after?.feedback_minutes)
            #expect(try await HomeworkFeedback.query(on: app.db).filter(\.$studentId == child).count() == 1, "the report stays, anonymous")
            let record = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "erase").first())
            #expect(record.entityId == child && !record.detail.contains(childName) && record.detail.contains("家长11月20日书面申请"))
            #expect(try await principal.post("/classes/\(world.class1)/erase", form: ["studentId": child.uuidString, "reason": "again"]).status == .notFound)
        }
    }
}
