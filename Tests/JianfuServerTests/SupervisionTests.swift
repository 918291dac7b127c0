import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Inspections and their rectifications to closure on the demo district (its day: 2026-11-25), warning notices, and who
/// may see and do what.
@Suite struct SupervisionTests {
    struct Made: Decodable { let id: String; let findingIds: [String] }
    struct Task: Decodable { let id: String; let schoolId: String; let status: String; let overdue: Bool; let deadline: String; let daysOverdue: Int? }
    struct Notice: Decodable { let id: String; let acknowledged: Bool }

    static func visit(_ school: UUID, date: String = "2026-11-20", findings: Int = 1) -> String {
        let items = (0..<findings).map { #"{"category":"作业管理","severity":"major","description":"四年级作业超时 \#($0)","evidence":"公示记录"}"# }
        return #"{"schoolId":"\#(school)","date":"\#(date)","scope":["作业管理"],"methods":["records","interviews"],"summary":"抽查作业","findings":[\#(items.joined(separator: ","))]}"#
    }

    @Test func aFindingGoesFromTaskToResponseToReopeningToAcceptance() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let inspector = try await app.token("inspector"), principal = try await app.token("principal")
            let made = try await app.api(.POST, "/api/v1/inspections", token: inspector, json: Self.visit(school)).json(Made.self)
            let finding = made.findingIds[0]
            // A deadline before the visit is refused and nothing is set.
            let early = try await app.api(.POST, "/api/v1/findings/\(finding)/rectification", token: inspector, json: #"{"deadline":"2026-11-19"}"#)
            #expect(early.status == .unprocessableEntity && early.errorCode == "deadline_before_visit")
            #expect(try await Rectification.query(on: app.db).filter(\.$findingId == UUID(uuidString: finding)!).count() == 0)
            let set = try await app.api(.POST, "/api/v1/findings/\(finding)/rectification", token: inspector, json: #"{"deadline":"2026-12-10"}"#)
            #expect(set.status == .created)
            struct Id: Decodable { let id: String }
            let task = try set.json(Id.self).id
            #expect(try await app.api(.POST, "/api/v1/findings/\(finding)/rectification", token: inspector, json: #"{"deadline":"2026-12-10"}"#).errorCode == "already_set")

            // The inspector cannot accept what the school has not answered; the school answers, the inspector reopens with a reason.
            #expect(try await app.api(.POST, "/api/v1/rectifications/\(task)/decision", token: inspector, json: #"{"action":"accept"}"#).errorCode == "not_now")
            #expect(try await app.api(.POST, "/api/v1/rectifications/\(task)/response", token: inspector, json: #"{"measures":"x"}"#).status == .forbidden)
            let answered = try await app.api(.POST, "/api/v1/rectifications/\(task)/response", token: principal, json: #"{"measures":"各科作业每日由班主任汇总，超时的当日调整。"}"#)
            #expect(answered.status == .ok)
            #expect(try answered.json(Task.self).status == "responded")
            let noReason = try await app.api(.POST, "/api/v1/rectifications/\(task)/decision", token: inspector, json: #"{"action":"reopen"}"#)
            #expect(noReason.status == .unprocessableEntity && noReason.errorCode == "reason_required")
            let reopened = try await app.api(.POST, "/api/v1/rectifications/\(task)/decision", token: inspector,
                                             json: #"{"action":"reopen","reason":"缺少调整记录","deadline":"2026-12-20"}"#)
            let reopenedTask = try reopened.json(Task.self)
            #expect(reopenedTask.status == "reopened" && reopenedTask.deadline == "2026-12-20")
            #expect(try await app.api(.POST, "/api/v1/rectifications/\(task)/response", token: principal, json: #"{"measures":"补充了调整记录。"}"#).status == .ok)
            let accepted = try await app.api(.POST, "/api/v1/rectifications/\(task)/decision", token: inspector, json: #"{"action":"accept","reason":"复查属实"}"#)
            #expect(try accepted.json(Task.self).status == "accepted")
            #expect(try await app.api(.POST, "/api/v1/rectifications/\(task)/response", token: principal, json: #"{"measures":"again"}"#).errorCode == "not_now")

            // Every step is kept, with who and why, and audited.
            let steps = try await RectificationStep.query(on: app.db).filter(\.$rectificationId == UUID(uuidString: task)!).sort(\.$at).all()
            #expect(steps.map(\.action) == ["set", "respond", "reopen", "respond", "accept"])
            #expect(steps[2].text == "缺少调整记录" && steps[2].deadline == "2026-12-20")
            let audited = try await AuditEvent.query(on: app.db).filter(\.$entityId == UUID(uuidString: task)!).all().map(\.action)
            #expect(Set(audited) == ["supervision.rectification.set", "supervision.rectification.respond", "supervision.rectification.reopen",
                                     "supervision.rectification.accept"])

            // A re-inspection names the finding it checks again; a finding of another school is refused.
            var recheck = Self.visit(school, date: "2026-11-24", findings: 0)
            recheck.removeLast()
            #expect(try await app.api(.POST, "/api/v1/inspections", token: inspector, json: recheck + #","rechecksFindingId":"\#(finding)"}"#).status == .created)
            let other = try await app.schoolId("第一中学")
            var elsewhere = Self.visit(other, date: "2026-11-24", findings: 0)
            elsewhere.removeLast()
            #expect(try await app.api(.POST, "/api/v1/inspections", token: inspector, json: elsewhere + #","rechecksFindingId":"\#(finding)"}"#)
                .errorCode == "finding_of_another_school")
        }
    }

    @Test func overdueTasksAreFlaggedForTheSchoolAndTheBureauWhoMayIssueAWarning() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            // The demo's school has last term's task waiting past its deadline.
            let tasks = try await app.api(.GET, "/api/v1/rectifications?schoolId=\(school)", token: try await app.token("principal")).json([Task].self)
            let overdue = try #require(tasks.first { $0.overdue })
            #expect(overdue.status == "open" && (overdue.daysOverdue ?? 0) > 100)
            #expect(!tasks.contains { $0.status == "responded" && $0.overdue }, "waiting for the inspector is not late")
            // The school's administrator and the bureau are told on their pages; the visit page starts from it.
            let page = try await Visitor.signedIn(app, as: "principal").get("/supervision")
            #expect(page.status == .ok && page.text.contains("已逾期") && page.text.contains("整改逾期警示"))
            let bureauPage = try await Visitor.signedIn(app, as: "bureau").get("/supervision")
            #expect(bureauPage.text.contains("已逾期") && bureauPage.text.contains("sup-warning-form"))
            let newVisit = try await Visitor.signedIn(app, as: "inspector").get("/supervision/inspections/new?school=\(school)")
            #expect(newVisit.text.contains("逾期未整改") && newVisit.text.contains("超限班级天数"))

            // A warning: the bureau only; the school acknowledges it once; it stays on the record.
            let body = #"{"schoolId":"\#(school)","title":"整改逾期","body":"请于一周内完成整改并报送。"}"#
            #expect(try await app.api(.POST, "/api/v1/warnings", token: try await app.token("inspector"), json: body).status == .forbidden)
            let issued = try await app.api(.POST, "/api/v1/warnings", token: try await app.token("bureau"), json: body)
            #expect(issued.status == .created)
            let notice = try issued.json(Notice.self)
            #expect(try await app.api(.POST, "/api/v1/warnings/\(notice.id)/acknowledge", token: try await app.token("principal2"), json: nil).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/warnings/\(notice.id)/acknowledge", token: try await app.token("bureau"), json: nil).status == .forbidden)
            let acknowledged = try await app.api(.POST, "/api/v1/warnings/\(notice.id)/acknowledge", token: try await app.token("principal"), json: nil)
            #expect(try acknowledged.json(Notice.self).acknowledged)
            #expect(try await app.api(.POST, "/api/v1/warnings/\(notice.id)/acknowledge", token: try await app.token("principal"), json: nil).errorCode
                    == "already_acknowledged")
            let listed = try await app.api(.GET, "/api/v1/warnings", token: try await app.token("principal"), json: nil).json([Notice].self)
            #expect(listed.contains { $0.id == notice.id && $0.acknowledged } && listed.count == 2)
        }
    }

    @Test func theDashboardsCarryTheSchoolsSupervisionRecord() async throws {
        try await TestApp.withApp { app in
            func panel(_ page: String) throws -> String {
                let start = try #require(page.range(of: #"id="panel-supervision""#))
                return String(page[start.lowerBound..<(page[start.lowerBound...].range(of: "</section>")?.lowerBound ?? page.endIndex)])
            }
            let tasks = try await app.api(.GET, "/api/v1/rectifications", token: try await app.token("bureau")).json([Task].self)
            let waiting = tasks.filter { $0.status == "open" || $0.status == "reopened" }
            let late = waiting.filter(\.overdue)
            let schools = try await School.query(on: app.db).count()
            #expect(!late.isEmpty)
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let district = try panel(try await bureau.get("/dashboard?range=week").body.string)
            #expect(district.contains("<b>\(Set(late.map { $0.schoolId.lowercased() }).count) / \(schools)</b>有逾期整改的学校"), "\(district)")
            #expect(district.contains("<b>\(waiting.count)</b>未完成整改") && district.contains("<b>\(late.count)</b>逾期未整改"))
            // The demo's warning to 第一实验小学 stays on its block; a school with a clean record shows its zeros unflagged.
            let own = try panel(try await Visitor.signedIn(app, as: "principal").get("/dashboard/schools/\(try await app.schoolId("第一实验小学"))").body.string)
            #expect(own.contains(#"class="flag"><b>1</b>警示通报"#) && own.contains(#"class="flag"><b>1</b>逾期未整改"#), "\(own)")
            let clean = try await School.query(on: app.db).all().first { school in !tasks.contains { $0.schoolId.lowercased() == school.id!.uuidString.lowercased() } }
            let cleanPanel = try panel(try await bureau.get("/dashboard/schools/\(try #require(clean).id!)").body.string)
            #expect(cleanPanel.contains("<b>0</b>逾期未整改") && !cleanPanel.contains("flag"))
        }
    }

    @Test func theDistrictsRolesNarrowTheRecordToOneSchool() async throws {
        try await TestApp.withApp { app in
            func tasksTable(_ page: String) throws -> String {
                let start = try #require(page.range(of: #"id="sup-tasks""#))
                return String(page[start.lowerBound..<(page[start.lowerBound...].range(of: "</table>")?.lowerBound ?? page.endIndex)])
            }
            let inspector = try await Visitor.signedIn(app, as: "inspector")
            let whole = try tasksTable(try await inspector.get("/supervision").body.string)
            #expect(whole.contains("第一中学") && whole.contains("城关小学"))
            let school = try await app.schoolId("第一中学")
            let page = try await inspector.get("/supervision?school=\(school)").body.string
            let narrowed = try tasksTable(page)
            #expect(narrowed.contains("第一中学") && !narrowed.contains("城关小学"))
            #expect(page.contains(#"<option value="\#(school.uuidString)" selected>第一中学</option>"#))
            // A school's administrator sees only their own record, whatever is asked.
            let own = try await Visitor.signedIn(app, as: "principal").get("/supervision?school=\(school)").body.string
            #expect(!own.contains("sup-filter") && !((try? tasksTable(own)) ?? "").contains("第一中学"))
        }
    }

    @Test func aSchoolSeesItsOwnRecordOnlyAndBadInputWritesNothing() async throws {
        try await TestApp.withApp { app in
            let first = try await app.schoolId("第一实验小学"), junior = try await app.schoolId("第一中学")
            let principal2 = try await app.token("principal2")
            let theirs = try await app.api(.GET, "/api/v1/rectifications", token: principal2).json([Task].self)
            #expect(!theirs.isEmpty && theirs.allSatisfy { $0.schoolId == junior.uuidString })
            #expect(try await app.api(.GET, "/api/v1/rectifications?schoolId=\(first)", token: principal2).status == .notFound)
            for user in ["teacher", "parent"] {
                #expect(try await app.api(.GET, "/api/v1/rectifications", token: try await app.token(user)).status == .forbidden, "\(user)")
            }
            let other = try #require(try await Rectification.query(on: app.db).filter(\.$schoolId == first).first())
            #expect(try await Visitor.signedIn(app, as: "principal2").get("/supervision/rectifications/\(other.id!)").status == .notFound)

            let inspector = try await app.token("inspector")
            let before = try await Inspection.query(on: app.db).count()
            let future = try await app.api(.POST, "/api/v1/inspections", token: inspector, json: Self.visit(first, date: "2026-12-20"))
            #expect(future.status == .unprocessableEntity && future.errorCode == "visit_not_made")
            let badMethod = try await app.api(.POST, "/api/v1/inspections", token: inspector, json: Self.visit(first).replacingOccurrences(of: "interviews", with: "rumour"))
            #expect(badMethod.errorCode == "invalid_method")
            let english = try await app.api(.POST, "/api/v1/inspections", token: inspector, json: Self.visit(first, date: "2026-12-20"), language: "en")
            #expect(english.errorMessage?.contains("no findings yet") == true)
            #expect(try await Inspection.query(on: app.db).count() == before)
            // A planned visit without findings is fine.
            #expect(try await app.api(.POST, "/api/v1/inspections", token: inspector, json: Self.visit(first, date: "2026-12-20", findings: 0)).status == .created)
            #expect(try await app.api(.POST, "/api/v1/inspections", token: try await app.token("principal"), json: Self.visit(first)).status == .forbidden)
        }
    }

    @Test func theVisitAndTaskPagesWalkFromFindingToAcceptance() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("城关小学")
            let inspector = try await Visitor.signedIn(app, as: "inspector")
            let created = try await inspector.post("/supervision/inspections", form: [
                "school": school.uuidString, "date": "2026-11-24", "area_afterSchool": "on", "method_siteVisit": "on", "summary": "周五课后服务实地查看",
                "f0_category": "课后服务", "f0_severity": "major", "f0_description": "周五16:30即放学", "f0_evidence": "实地查看",
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let page = try await inspector.get(location)
            #expect(page.text.contains("周五16:30即放学") && page.text.contains("检查记录已保存") && page.text.contains("课后服务方案"))
            let finding = try #require(try await Finding.query(on: app.db).filter(\.$description == "周五16:30即放学").first())
            let refused = try await inspector.post("/supervision/findings/\(finding.id!)/rectification", form: ["deadline": "2026-11-01"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("早于检查日期"))
            let set = try await inspector.post("/supervision/findings/\(finding.id!)/rectification", form: ["deadline": "2026-12-24"])
            #expect(set.status == .seeOther)
            let task = try await inspector.get(try #require(set.headers.first(name: .location)))
            #expect(task.text.contains("待整改") && !task.text.contains("sup-decision-form"))
        }
    }
}
