import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Registers on the demo district's day (Wednesday 2026-11-25): the basic session of 第一实验小学 meets Monday to Friday.
@Suite struct AfterSchoolAttendanceTests {
    struct Register: Decodable {
        struct Pupil: Decodable { let studentId: String; let present: Bool?; let leftAt: String?; let pickedUpBy: String? }
        let date: String
        let pupils: [Pupil]
    }

    struct Mark: Decodable { let date: String; let programName: String; let present: Bool; let pickedUpBy: String? }

    @Test func theStaffMarksASessionAndTheFamilySeesItTheSameDay() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let basic = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school)
                .filter(\.$category == ProgramCategory.homeworkGuidance.rawValue).first())
            let world = try await AssessmentWorld(app)
            let enrolled = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == basic.id!)
                .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all().map(\.studentId)
            #expect(enrolled.contains(world.child))
            let others = enrolled.filter { $0 != world.child }.prefix(2)
            let principal = try await app.token("principal")
            let path = "/api/v1/after-school/programs/\(basic.id!)/attendance"
            func body(date: String = "2026-11-25", present: [UUID], absent: [UUID], pickUps: String = "") -> String {
                let p = present.map { "\"\($0)\"" }.joined(separator: ","), a = absent.map { "\"\($0)\"" }.joined(separator: ",")
                return #"{"date":"\#(date)","present":[\#(p)],"absent":[\#(a)]\#(pickUps)}"#
            }
            let saved = try await app.api(.PUT, path, token: principal, json: body(present: [world.child], absent: Array(others),
                pickUps: #","pickUps":[{"studentId":"\#(world.child)","at":"16:10","by":"奶奶"}]"#))
            #expect(saved.status == .ok)
            let register = try saved.json(Register.self)
            let child = try #require(register.pupils.first { $0.studentId.lowercased() == world.child.uuidString.lowercased() })
            #expect(child.present == true && child.leftAt == "16:10" && child.pickedUpBy == "奶奶")
            #expect(register.pupils.filter { $0.present == false }.count == others.count)
            // The parent sees the mark that day; another family's absence stays theirs.
            let marks = try await app.api(.GET, "/api/v1/pupils/\(world.child)/after-school/attendance", token: try await app.token("parent")).json([Mark].self)
            #expect(marks.first.map { ($0.date, $0.present, $0.pickedUpBy) }! == ("2026-11-25", true, "奶奶"))
            #expect(try await app.api(.GET, "/api/v1/pupils/\(others.first!)/after-school/attendance", token: try await app.token("parent")).status == .notFound)
            // Marking again replaces the day's mark.
            _ = try await app.api(.PUT, path, token: principal, json: body(present: [], absent: [world.child]))
            let again = try await app.api(.GET, "/api/v1/pupils/\(world.child)/after-school/attendance", token: try await app.token("teacher")).json([Mark].self)
            #expect(again.count == 1 && again[0].present == false)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.attendance").count() == 2)
        }
    }

    @Test func aRegisterIsOnlyForItsSessionsItsPupilsAndItsStaff() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let choir = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).filter(\.$name == "合唱团").first())
            let principal = try await app.token("principal")
            let path = "/api/v1/after-school/programs/\(choir.id!)/attendance"
            let member = try #require(try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == choir.id!)
                .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).first()).studentId
            let outsider = try #require(try await Student.query(on: app.db).filter(\.$schoolId != school).first()).id!
            func put(_ date: String, _ present: [UUID], absent: [UUID] = [], as token: String? = nil) async throws -> TestingHTTPResponse {
                try await app.api(.PUT, path, token: token ?? principal,
                                  json: #"{"date":"\#(date)","present":[\#(present.map { "\"\($0)\"" }.joined(separator: ","))],"absent":[\#(absent.map { "\"\($0)\"" }.joined(separator: ","))]}"#)
            }
            // 合唱团 meets on Tuesdays and Thursdays: Wednesday the 25th has no session; the 26th (Thursday) is still to come.
            #expect(try await put("2026-11-25", [member]).errorCode == "no_session")
            #expect(try await put("2026-11-26", [member]).errorCode == "future_session")
            #expect(try await put("2026-11-24", [outsider]).errorCode == "not_enrolled")
            #expect(try await put("2026-11-24", [member], absent: [member]).errorCode == "marked_twice")
            #expect(try await put("2026-11-24", [member], as: try await app.token("teacher2")).status == .forbidden)
            #expect(try await put("2026-11-24", [member]).status == .ok)
            #expect(try await AfterSchoolAttendance.query(on: app.db).count() == 1)
        }
    }

    @Test func theRegisterPageStartsEveryonePresentAndSavesWhoIsUnticked() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let choir = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).filter(\.$name == "合唱团").first())
            let members = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == choir.id!)
                .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all().map(\.studentId)
            let visitor = try await Visitor.signedIn(app, as: "principal")
            let path = AfterSchoolPaths.register.path(choir.id!)
            let page = try await visitor.get(path + "?date=2026-11-24")
            #expect(page.status == .ok && page.body.string.contains("已全部默认出勤"))
            var form = ["date": "2026-11-24"]
            for id in members.dropFirst() { form["p_" + id.uuidString] = "on" }
            let saved = try await visitor.post(path, form: form)
            #expect(saved.status == .ok)
            #expect(saved.body.string.contains("考勤已保存：出勤 \(members.count - 1) 人，缺勤 1 人。"))
            let absent = try await AfterSchoolAttendance.query(on: app.db).filter(\.$present == false).all()
            #expect(absent.map(\.studentId) == [members[0]])
            #expect(try await Visitor.signedIn(app, as: "teacher2").get(path).status == .forbidden)
        }
    }

    @Test func aRegisterOpenedWithoutADayShowsTheLatestSession() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let choir = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).filter(\.$name == "合唱团").first())
            // 合唱团 meets on Tuesdays and Thursdays: on Wednesday the 25th the teacher lands on Tuesday's register, which can be saved.
            let page = try await Visitor.signedIn(app, as: "principal").get(AfterSchoolPaths.register.path(choir.id!))
            #expect(page.status == .ok && page.body.string.contains(#"name="date" value="2026-11-24""#))
        }
    }

    @Test func aRegisterWithNoRecentSessionSaysSoInsteadOfOpeningToday() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let choir = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).filter(\.$name == "合唱团").first())
            // Moved to Sundays, which the demo's calendar has kept free for the last fortnight: there is nothing to mark.
            choir.weekdays = "[7]"
            try await choir.save(on: app.db)
            let page = try await Visitor.signedIn(app, as: "principal").get(AfterSchoolPaths.register.path(choir.id!))
            #expect(page.status == .ok && page.body.string.contains(#"id="as-no-session""#))
            #expect(!page.body.string.contains(#"id="as-register-form""#))
            let api = try await app.api(.GET, "/api/v1/after-school/programs/\(choir.id!)/attendance", token: try await app.token("principal"))
            #expect(api.status == .unprocessableEntity && api.errorCode == "no_session")
            // A day asked for still opens (and is refused on saving if the program does not meet then).
            let chosen = try await Visitor.signedIn(app, as: "principal").get(AfterSchoolPaths.register.path(choir.id!) + "?date=2026-11-22")
            #expect(chosen.status == .ok && chosen.body.string.contains(#"id="as-register-form""#))
        }
    }

    @Test func aPupilLeavingEarlyIsNotedAndTheHeadTeacherAndFamilySeeTheAbsence() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let basic = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school)
                .filter(\.$category == ProgramCategory.homeworkGuidance.rawValue).first())
            let world = try await AssessmentWorld(app)
            let enrolled = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == basic.id!)
                .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all()
            let childClass = try #require(enrolled.first { $0.studentId == world.child }).classId
            let classmate = try #require(enrolled.first { $0.classId == childClass && $0.studentId != world.child }).studentId
            let elsewhere = try #require(enrolled.first { $0.classId != childClass }).studentId
            let names = Dictionary(uniqueKeysWithValues: try await Student.query(on: app.db).filter(\.$id ~~ [world.child, elsewhere]).all().map { ($0.id!, $0.name) })

            let visitor = try await Visitor.signedIn(app, as: "principal")
            let path = AfterSchoolPaths.register.path(basic.id!)
            var form = ["date": "2026-11-25"]
            for row in enrolled where row.studentId != world.child && row.studentId != elsewhere { form["p_" + row.studentId.uuidString] = "on" }
            // A leaving time without who came is refused, and the page comes back as the teacher left it.
            form["t_" + classmate.uuidString] = "16:20"
            let refused = try await visitor.post(path, form: form)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("“接送人”不能为空"))
            #expect(refused.body.string.contains(#"name="t_\#(classmate.uuidString)" value="16:20""#))
            #expect(!refused.body.string.contains(#"name="p_\#(world.child.uuidString)" checked"#))
            #expect(try await AfterSchoolAttendance.query(on: app.db).count() == 0)
            form["b_" + classmate.uuidString] = "爷爷"
            let saved = try await visitor.post(path, form: form)
            #expect(saved.status == .ok && saved.body.string.contains("缺勤 2 人"))
            let leaving = try #require(try await AfterSchoolAttendance.query(on: app.db).filter(\.$studentId == classmate).first())
            #expect(leaving.leftAt == "16:20" && leaving.pickedUpBy == "爷爷" && leaving.present)

            // The family sees the absence on the child's page the same day.
            let family = try await Visitor.signedIn(app, as: "parent").get(AfterSchoolPaths.pupil.path(world.child)).body.string
            let marks = String(try #require(family.range(of: #"id="as-marks""#).map { family[$0.lowerBound...] }))
            #expect(marks.contains("2026-11-25 周三 作业辅导与答疑") && marks.contains("缺勤"))
            // The head teacher sees the class's absence, not another class's; a teacher who heads no class sees no list.
            let head = try await Visitor.signedIn(app, as: "teacher").get(AfterSchoolPaths.index.path).body.string
            #expect(head.contains(#"id="as-absences""#) && head.contains(names[world.child]!) && !head.contains(names[elsewhere]!))
            #expect(!(try await Visitor.signedIn(app, as: "teacher2").get(AfterSchoolPaths.index.path).body.string.contains(#"id="as-absences""#)))
        }
    }
}

