import Fluent
import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

/// Phones (PH-01..04) on the demo district: a guardian's written application with consent, one open at a time, the
/// head teacher's decision, the school's custody, and who sees what.
@Suite struct PhoneTests {
    @Test func aGuardianAppliesWithConsentAndTheHeadTeacherDecidesOnce() async throws {
        try await TestApp.withApp { app in
            let parent = try await Visitor.signedIn(app, as: "parent")
            let child = try #require(try await Guardianship.query(on: app.db).filter(\.$guardianId == (try await app.userId("parent"))).first()).studentId
            let noConsent = try await parent.post("/phones/applications", form: ["student": child.uuidString, "reason": "放学后独自乘车"])
            #expect(noConsent.status == .unprocessableEntity && noConsent.text.contains("PH-02"))
            let applied = try await parent.post("/phones/applications", form: ["student": child.uuidString, "reason": "放学后独自乘车", "consent": "on"])
            #expect(applied.status == .seeOther)
            let second = try await parent.post("/phones/applications", form: ["student": child.uuidString, "reason": "再申请一次", "consent": "on"])
            #expect(second.status == .conflict)
            // Someone else's child, or a child of another class, is not the parent's to apply for.
            let other = try #require(try await Student.query(on: app.db).filter(\.$id != child).first()).id!
            #expect(try await parent.post("/phones/applications", form: ["student": other.uuidString, "reason": "x", "consent": "on"]).status == .notFound)
            let row = try #require(try await PhoneApplication.query(on: app.db).filter(\.$studentId == child).first())

            #expect(try await Visitor.signedIn(app, as: "teacher2").post("/phones/applications/\(row.id!)", form: ["decision": "approved"]).status == .forbidden)
            #expect(try await Visitor.signedIn(app, as: "principal2").post("/phones/applications/\(row.id!)", form: ["decision": "approved"]).status == .notFound)
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            let queue = try await teacher.get("/phones")
            #expect(queue.text.contains("放学后独自乘车"))
            #expect(try await teacher.post("/phones/applications/\(row.id!)", form: ["decision": "refused", "note": ""]).status == .unprocessableEntity,
                    "a refusal says why")
            #expect(try await teacher.post("/phones/applications/\(row.id!)", form: ["decision": "approved", "note": "到校交班主任"]).status == .seeOther)
            #expect(try await teacher.post("/phones/applications/\(row.id!)", form: ["decision": "refused", "note": "改主意"]).status == .conflict)
            let seen = try await parent.get("/phones")
            #expect(seen.text.contains("已同意") && seen.text.contains("到校交班主任"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["phone.apply", "phone.decide"]).count() == 2)
        }
    }

    @Test func theDistrictSeesCountsAndCustodyButNoPupil() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let page = try await bureau.get("/phones")
            #expect(page.text.contains("id=\"phones-schools\""))
            #expect(!page.text.contains("放学后独自乘公交"), "the district sees counts, not pupils' applications")
            let principal2 = try await Visitor.signedIn(app, as: "principal2")
            let empty = try await principal2.post("/phones/custody", form: ["place": "", "method": "x", "keeper": "x", "channels": "x"])
            #expect(empty.status == .unprocessableEntity)
            let saved = try await principal2.post("/phones/custody", form: ["place": "年级手机柜", "method": "到校上交", "keeper": "年级组长", "channels": "公用电话"])
            #expect(saved.status == .seeOther)
            #expect(try await principal2.get("/phones").text.contains("年级手机柜"))
            #expect(try await Visitor.signedIn(app, as: "teacher").post("/phones/custody", form: ["place": "x", "method": "x", "keeper": "x", "channels": "x"]).status == .forbidden)
        }
    }
}
