import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Priority groups (AS-12): the school marks left-behind and migrant children before the allocation, which then draws
/// them first; the list is the school administrators' alone, and every view and change is audited without names.
@Suite struct AfterSchoolPriorityTests {
    @Test func markedPupilsAreDrawnFirstAndTheMarksCloseWithTheAllocation() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let visitor = try await Visitor.signedIn(app, as: "principal")
            let path = "/after-school/schools/\(school)/priority"
            // The demo's allocation has run: the list is shown, the marks can no longer change it.
            let after = try await visitor.get(path)
            #expect(after.status == .ok && after.text.contains("本学期已完成分配") && !after.text.contains("as-priority-submit"))
            let late = try await visitor.post(path, form: [:])
            #expect(late.status == .conflict)

            // Back to before the allocation: the pupils who lost their first choice are marked, and drawn again.
            let demo = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$schoolId == school).filter(\.$choice != nil).all()
            let lost = Array(Set(demo.filter { $0.choice == 1 && $0.status == AfterSchoolEnrolment.Status.waiting.rawValue }.map(\.studentId)).prefix(3))
            #expect(lost.count == 3)
            try await AfterSchoolAllocation.query(on: app.db).filter(\.$schoolId == school).delete()
            for row in demo {
                row.status = AfterSchoolEnrolment.Status.applied.rawValue
                row.position = nil
                try await row.save(on: app.db)
            }
            let page = try await visitor.get(path)
            #expect(page.status == .ok && page.text.contains("as-priority-submit"))
            let saved = try await visitor.post(path, form: Dictionary(uniqueKeysWithValues: lost.map { ("p_" + $0.uuidString, "on") }))
            #expect(saved.status == .ok && saved.text.contains("已保存：3 名学生列入优先群体。"))
            let run = try await app.api(.POST, "/api/v1/schools/\(school)/after-school/allocation", token: try await app.token("principal"),
                                        json: #"{"seed":"2026"}"#)
            #expect(run.status == .created)
            let firsts = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$studentId ~~ lost).filter(\.$choice == 1).all()
            #expect(firsts.count == 3 && firsts.allSatisfy { $0.status == AfterSchoolEnrolment.Status.enrolled.rawValue })

            // Audited, by counts: the trail names no child.
            let events = try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["after_school.priority.view", "after_school.priority.mark"]).all()
            #expect(events.filter { $0.action == "after_school.priority.view" }.count >= 3 && events.contains { $0.action == "after_school.priority.mark" })
            #expect(events.allSatisfy { e in !lost.contains { e.detail.contains($0.uuidString) } })
            // Nobody else sees who is in a priority group: not the head teacher, not the bureau.
            for user in ["teacher", "bureau"] {
                #expect(try await Visitor.signedIn(app, as: user).get(path).status == .notFound, "\(user)")
            }
        }
    }
}
