import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Required reports on the demo district (its day: 2026-11-25): the bureau sets one with a deadline, schools submit
/// their files, and the bureau sees who is in, late or missing.
@Suite struct SupervisionReportTests {
    struct Report: Decodable {
        struct School: Decodable { let schoolId: String; let schoolName: String; let submittedOn: String?; let late: Bool }
        let id: String
        let title: String
        let dueOn: String
        let schools: [School]
    }
    struct Upload: Decodable { let id: String }
    struct Submitted: Decodable { let id: String; let late: Bool }

    static let pdf = Data("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".utf8)

    @Test func theBureauSeesWhoIsLateAndASchoolSubmitsItsFile() async throws {
        try await TestApp.withApp { app in
            let bureau = try await app.token("bureau"), principal = try await app.token("principal")
            let reports = try await app.api(.GET, "/api/v1/reports", token: bureau).json([Report].self)
            // The demo's mid-term analysis was due a week ago: most schools are in, some late, some missing.
            let midTerm = try #require(reports.first { $0.title.contains("期中质量分析报告") })
            #expect(midTerm.dueOn == "2026-11-18")
            #expect(midTerm.schools.contains { $0.submittedOn == nil && $0.late } && midTerm.schools.contains { $0.submittedOn != nil && $0.late }
                    && midTerm.schools.contains { $0.submittedOn != nil && !$0.late })

            // A report for two schools; a deadline already passed is refused.
            let first = try await app.schoolId("第一实验小学"), junior = try await app.schoolId("第一中学")
            #expect(try await app.api(.POST, "/api/v1/reports", token: bureau,
                                      json: #"{"title":"学期工作总结","kind":"summary","dueOn":"2026-11-20"}"#).errorCode == "deadline_passed")
            #expect(try await app.api(.POST, "/api/v1/reports", token: principal,
                                      json: #"{"title":"学期工作总结","kind":"summary","dueOn":"2026-12-20"}"#).status == .forbidden)
            let made = try await app.api(.POST, "/api/v1/reports", token: bureau,
                                         json: #"{"title":"学期工作总结","kind":"summary","dueOn":"2026-12-20","schoolIds":["\#(first)","\#(junior)"]}"#)
            #expect(made.status == .created)
            let summary = try made.json(Report.self)
            #expect(summary.schools.count == 2 && summary.schools.allSatisfy { $0.submittedOn == nil && !$0.late })

            // A school asked submits with a file; without one it is refused; a school not asked cannot.
            #expect(try await app.api(.POST, "/api/v1/reports/\(summary.id)/submissions", token: principal, json: #"{"attachmentIds":[]}"#)
                .errorCode == "invalid_input")
            let upload = try await app.api(.POST, "/api/v1/attachments", token: principal,
                                           json: #"{"schoolId":"\#(first)","fileName":"工作总结.pdf","content":"\#(Self.pdf.base64EncodedString())"}"#).json(Upload.self)
            let submitted = try await app.api(.POST, "/api/v1/reports/\(summary.id)/submissions", token: principal,
                                              json: #"{"note":"见附件","attachmentIds":["\#(upload.id)"]}"#)
            #expect(submitted.status == .created)
            #expect(try submitted.json(Submitted.self).late == false)
            let listed = try #require(try await app.api(.GET, "/api/v1/reports", token: bureau).json([Report].self).first { $0.id == summary.id })
            #expect(listed.schools.first { $0.schoolId == first.uuidString }?.submittedOn == "2026-11-25")

            // A school reads its own rows only; the page lists the file for the bureau.
            let own = try await app.api(.GET, "/api/v1/reports", token: principal).json([Report].self)
            #expect(own.allSatisfy { $0.schools.count == 1 && $0.schools[0].schoolId == first.uuidString })
            let page = try await Visitor.signedIn(app, as: "bureau").get("/supervision/reports/\(summary.id)")
            #expect(page.status == .ok && page.text.contains("工作总结.pdf") && page.text.contains("已报 1 / 2 所"))
            #expect(try await Visitor.signedIn(app, as: "principal2").get("/supervision/reports/\(midTerm.id)").status == .ok)

            // On the page, a school submits the late mid-term analysis with a file and is told it is late.
            let principalPage = try await Visitor.signedIn(app, as: "principal2")
            _ = try await principalPage.get("/supervision/reports/\(midTerm.id)")
            let late = try await principalPage.upload("/supervision/reports/\(midTerm.id)/submissions", file: Self.pdf, fileName: "期中分析.pdf",
                                                      fields: ["note": "补报"])
            #expect(late.status == .ok && late.text.contains("已过截止日期") && late.text.contains("期中分析.pdf"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "supervision.report.submit").count() == 2)
        }
    }
}
