import Fluent
import Foundation
import JianfuCore
import NIOCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The off-campus training register on the demo district (its day: 2026-11-25): registration with the credit code's
/// check, the licence life-cycle with OT-01, courses checked by rule id through the page and the API, guided prices,
/// and the public lists without sign-in.
@Suite struct TrainingTests {
    struct Violation: Decodable { let ruleId: String; let message: String }
    struct Checked: Decodable { let id: String; let kind: String; let contentOf: String?; let violations: [Violation] }
    struct Listed: Decodable { let name: String; let creditCode: String; let status: String; let list: String; let since: String; let reason: String? }

    static func institution(_ app: Application, _ name: String) async throws -> TrainingInstitution {
        try #require(try await TrainingInstitution.query(on: app.db).filter(\.$name == name).first())
    }

    @Test func theDemoRegisterHoldsTheReductionAndEveryState() async throws {
        try await TestApp.withApp { app in
            let all = try await TrainingInstitution.query(on: app.db).all()
            let subject = all.filter { $0.kind == TrainingKind.subject.rawValue }
            #expect(all.count >= 40 && subject.count == 32)
            let remaining = subject.filter { [InstitutionStatus.approved.rawValue, InstitutionStatus.suspended.rawValue].contains($0.status) }
            #expect(remaining.count == 11, "seed 001: 32 subject institutions re-reviewed, 21 cut")
            #expect(Set(all.map(\.status)) == Set(InstitutionStatus.allCases.map(\.rawValue)))
            let courses = try await TrainingCourseRecord.query(on: app.db).all()
            let rules = Set(courses.flatMap { TrainingService.violations(of: $0).map(\.rule) })
            #expect(rules.isSuperset(of: ["OT-06", "OT-07", "OT-08", "OT-09", "OT-13", "OT-16"]), "\(rules)")
            #expect(courses.contains { $0.violationCount == 0 })
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let page = try await bureau.get("/training").text
            #expect(page.contains("睿思培训学校") && page.contains("学科类：32"))
            #expect(page.contains("2021-07-24 时 32 家，现 11 家，压减 66%"), "the reduction read from the register's history")
            #expect(page.contains("<td>2022-12-31</td><td class=\"num\">11</td>"), "the register over time: the cut done by the end of 2022")
            let dashboard = try await bureau.get("/dashboard").text
            #expect(dashboard.contains("学科类机构压减") && dashboard.contains("32 → 11（66%）") && dashboard.contains("待办投诉"))
            let cut = try await bureau.get("/training?kind=subject&status=cancelled").text
            #expect(cut.contains("显示 14 / \(all.count) 家") && !cut.contains("睿思培训学校"))
        }
    }

    @Test func registeringChecksTheCreditCodeTheCountsAndOT01() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            _ = try await bureau.get("/training")
            let fields = ["name": "好学数学培训", "creditCode": "52110105MJ0000001K", "kind": "subject", "mode": "offline", "staffCount": "5",
                          "qualifiedStaffCount": "5"]
            let badCode = try await bureau.post("/training/institutions", form: fields.merging(["creditCode": "52110105MJ0000001A"]) { $1 })
            #expect(badCode.status == .unprocessableEntity && badCode.text.contains("不是有效的统一社会信用代码") && badCode.text.contains("好学数学培训"))
            let counts = try await bureau.post("/training/institutions", form: fields.merging(["qualifiedStaffCount": "6"]) { $1 })
            #expect(counts.status == .unprocessableEntity)
            // A new subject institution cannot be approved; registered, it stays pending, and approving it is refused.
            let late = try await bureau.post("/training/institutions", form: fields.merging(["approvedOn": "2022-03-01"]) { $1 })
            #expect(late.status == .conflict && late.text.contains("不再审批新的学科类培训机构"))
            #expect(try await TrainingInstitution.query(on: app.db).filter(\.$name == "好学数学培训").count() == 0, "nothing half-written")
            let registered = try await bureau.post("/training/institutions", form: fields)
            #expect(registered.status == .seeOther)
            let row = try await Self.institution(app, "好学数学培训")
            #expect(row.status == "pending")
            let approve = try await bureau.post("/training/institutions/\(row.id!)/events", form: ["event": "approve", "date": HomeworkWorld.day, "note": ""])
            #expect(approve.status == .conflict && approve.text.contains("OT-01"))
            let duplicate = try await app.api(.POST, "/api/v1/training-institutions", token: try await app.token("bureau"),
                                              json: #"{"name":"另一个","creditCode":"52110105mj0000001k","kind":"non_subject","mode":"online"}"#)
            #expect(duplicate.status == .unprocessableEntity && duplicate.text.contains("duplicate_credit_code"))
            // Inspectors read the register but do not change it.
            #expect(try await Visitor.signedIn(app, as: "inspector").post("/training/institutions", form: fields).status == .forbidden)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "institution.register").count() == 1)
        }
    }

    @Test func theLifeCycleIsRecordedStepByStepAndACancelledLicenceReturnsOnlyByApproval() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let art = try await Self.institution(app, "童心艺术培训中心")
            let path = "/training/institutions/\(art.id!)"
            _ = try await bureau.get(path)
            #expect(try await bureau.post(path + "/events", form: ["event": "suspend", "date": HomeworkWorld.day, "note": "消防整改"]).text.contains("停业整顿"))
            #expect(try await bureau.post(path + "/events", form: ["event": "cancel", "date": HomeworkWorld.day, "note": "机构申请"]).status == .ok)
            let reinstate = try await bureau.post(path + "/events", form: ["event": "reinstate", "date": HomeworkWorld.day, "note": ""])
            #expect(reinstate.status == .conflict && reinstate.text.contains("不能记录"))
            #expect(try await bureau.post(path + "/events", form: ["event": "approve", "date": "2026-11-26", "note": ""]).status == .unprocessableEntity,
                    "a step dated after today is refused")
            #expect(try await bureau.post(path + "/events", form: ["event": "approve", "date": HomeworkWorld.day, "note": "重新审批"]).status == .ok,
                    "a non-subject institution may be approved anew")
            let steps = try await InstitutionStatusEvent.query(on: app.db).filter(\.$institutionId == art.id!).sort(\.$recordedAt).all()
            #expect(steps.count == 4 && steps.filter { $0.onDate == HomeworkWorld.day }.map(\.event).sorted() == ["approve", "cancel", "suspend"])
            #expect(steps.allSatisfy { $0.decidedBy != nil && $0.toStatus != $0.fromStatus })
            #expect(try await Self.institution(app, "童心艺术培训中心").status == "approved")
        }
    }

    @Test func aCourseIsRecordedWithTheRulesItBreaksAndBadInputIsRefused() async throws {
        try await TestApp.withApp { app in
            let institution = try await Self.institution(app, "睿思培训学校")
            let token = try await app.token("inspector")
            let path = "/api/v1/training-institutions/\(institution.id!)/courses"
            let late = try await app.api(.POST, path, token: token, json: """
                {"name":"初三数学晚班","subject":"数学","mode":"offline","lessonMinutes":45,"classSize":20,"pricePerLesson":70,"startsOn":"2026-11-23","endsOn":"2026-12-31",
                 "sessions":[{"weekday":6,"start":"19:50","end":"20:35"}],"packages":[{"months":4,"lessons":16,"amount":1120}]}
                """)
            #expect(late.status == .created)
            let checked = try late.json(Checked.self)
            #expect(checked.kind == "subject" && checked.violations.map(\.ruleId) == ["OT-07", "OT-09", "OT-13", "OT-16"])
            #expect(checked.violations[1].message.contains("20:35") && checked.violations[2].message.contains("66"))
            // A non-subject course whose name sells 数学 content is subject training.
            let disguised = try await app.api(.POST, path, token: token, json: """
                {"name":"奥数思维游戏","subject":"综合实践活动","mode":"offline","lessonMinutes":45,"classSize":12,"pricePerLesson":60,"startsOn":"2026-11-23",
                 "sessions":[{"weekday":3,"start":"17:00","end":"17:45"}]}
                """).json(Checked.self)
            #expect(disguised.kind == "subject" && disguised.contentOf == "数学")
            // Refused, with nothing recorded: an unknown subject, a malformed session, a tier the district has not priced.
            let before = try await TrainingCourseRecord.query(on: app.db).count()
            let unknown = try await app.api(.POST, path, token: token, json: #"{"name":"x","subject":"占卜","mode":"offline","lessonMinutes":45,"sessions":[{"weekday":3,"start":"17:00","end":"17:45"}]}"#)
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("unknown_subject"))
            let backwards = try await app.api(.POST, path, token: token, json: #"{"name":"x","subject":"数学","mode":"offline","lessonMinutes":45,"sessions":[{"weekday":3,"start":"18:00","end":"17:00"}]}"#)
            #expect(backwards.status == .unprocessableEntity && backwards.text.contains("invalid_session"))
            let unpriced = try await app.api(.POST, path, token: token, json: """
                {"name":"大班数学","subject":"数学","mode":"online","lessonMinutes":30,"classSize":50,"pricePerLesson":20,"sessions":[{"weekday":3,"start":"19:00","end":"19:30"}]}
                """)
            #expect(unpriced.status == .unprocessableEntity && unpriced.text.contains("tier_not_priced"))
            #expect(try await TrainingCourseRecord.query(on: app.db).count() == before)
            // The page shows each violation by rule; a parent or a school has no access.
            let page = try await Visitor.signedIn(app, as: "bureau").get("/training/institutions/\(institution.id!)").text
            #expect(page.contains("初三数学晚班") && page.contains("OT-09") && page.contains("按内容属学科类（数学）"))
            for user in ["principal", "teacher", "parent"] {
                let tried = try await app.api(.POST, path, token: try await app.token(user), json: #"{"name":"x","subject":"美术","mode":"offline","lessonMinutes":45,"sessions":[{"weekday":3,"start":"17:00","end":"17:45"}]}"#)
                #expect(tried.status == .forbidden, "\(user)")
            }
        }
    }

    @Test func theBureauSetsGuidedPricesAndTheCheckUsesThem() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            _ = try await bureau.get("/training")
            #expect(try await bureau.post("/training/prices", form: ["mode": "online", "tier": "3", "price": "abc"]).status == .unprocessableEntity)
            #expect(try await bureau.post("/training/prices", form: ["mode": "online", "tier": "4", "price": "20"]).status == .unprocessableEntity)
            #expect(try await bureau.post("/training/prices", form: ["mode": "online", "tier": "3", "price": "20"]).text.contains("20 元"))
            let institution = try await Self.institution(app, "睿思培训学校")
            let course = try await app.api(.POST, "/api/v1/training-institutions/\(institution.id!)/courses", token: try await app.token("bureau"), json: """
                {"name":"大班数学","subject":"数学","mode":"online","lessonMinutes":30,"classSize":50,"pricePerLesson":23,"sessions":[{"weekday":3,"start":"19:00","end":"19:30"}]}
                """).json(Checked.self)
            #expect(course.violations.map(\.ruleId) == ["OT-13"], "23 yuan is over 20 plus 10 %")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "institution.price").count() == 1)
        }
    }

    @Test func thePublicListsShowWhiteAndBlackWithoutSignInAndNothingElse() async throws {
        try await TestApp.withApp { app in
            let anyone = Visitor(app)
            let page = try await anyone.get("/public/training")
            #expect(page.status == .ok && page.text.contains("白名单") && page.text.contains("黑名单") && page.text.contains("卷款停业"))
            #expect(page.headers.first(name: .cacheControl)?.contains("public") == true)
            let white = try await app.api(.GET, "/api/v1/public/training-institutions?list=white", token: nil).json([Listed].self)
            #expect(!white.isEmpty && white.allSatisfy { $0.status == "approved" && $0.reason == nil })
            #expect(!white.contains { $0.name == "向上培训学校" }, "fees unpublished: not on the white list")
            let black = try await app.api(.GET, "/api/v1/public/training-institutions?list=black", token: nil).json([Listed].self)
            #expect(black.contains { $0.name == "小画家美术俱乐部" && $0.reason == "卷款停业，预收费未退还" } && black.allSatisfy { $0.reason != nil })
            // Nothing of the register's inside shows: no staff counts, custody or course prices.
            #expect(!page.text.contains("风险保证金") && !page.text.contains("元/课时") && !page.text.contains("sign-out"))
            // A listing made by the bureau shows at once.
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let target = try await Self.institution(app, "乐学培训学校")
            _ = try await bureau.get("/training/institutions/\(target.id!)")
            #expect(try await bureau.post("/training/institutions/\(target.id!)/listing", form: ["listing": "black", "reason": "", "date": HomeworkWorld.day])
                .status == .unprocessableEntity, "a black listing needs its reason")
            _ = try await bureau.post("/training/institutions/\(target.id!)/listing", form: ["listing": "black", "reason": "超标超前培训", "date": HomeworkWorld.day])
            let after = try await app.api(.GET, "/api/v1/public/training-institutions?list=black", token: nil).json([Listed].self)
            #expect(after.contains { $0.name == "乐学培训学校" && $0.reason == "超标超前培训" && $0.since == HomeworkWorld.day })
            let csv = try await anyone.get("/public/training.csv")
            #expect(csv.status == .ok && csv.text.contains("乐学培训学校"))
        }
    }

    static func checkCode(_ page: String) throws -> String {
        let marker = "请输入右侧显示的数字："
        let range = try #require(page.range(of: marker))
        return String(page[range.upperBound...].prefix(4))
    }

    @Test func aParentComplainsWithAPhoneAndTheCheckCodeFollowsItAndTheBureauAnswers() async throws {
        try await TestApp.withApp { app in
            let target = try await Self.institution(app, "乐学培训学校")
            let anyone = Visitor(app)
            let form = try await anyone.get("/public/training/complaints").text
            #expect(form.contains("乐学培训学校"))
            var fields = ["district": "demo", "institution": target.id!.uuidString, "text": "收费后一直不开课，也不退费", "phone": "13912345678",
                          "checkCode": try Self.checkCode(form)]
            let before = try await TrainingComplaint.query(on: app.db).count()
            // Bad input is refused with the typed text kept, and nothing recorded.
            let wrongCode = try await anyone.post("/public/training/complaints", form: fields.merging(["checkCode": "x"]) { $1 })
            #expect(wrongCode.status == .unprocessableEntity && wrongCode.text.contains("校验码不对") && wrongCode.text.contains("收费后一直不开课"))
            fields["checkCode"] = try Self.checkCode(wrongCode.text)
            let unknown = try await anyone.post("/public/training/complaints", form: fields.merging(["institution": UUID().uuidString]) { $1 })
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("请从名册中选择"))
            fields["checkCode"] = try Self.checkCode(unknown.text)
            let badPhone = try await anyone.post("/public/training/complaints", form: fields.merging(["phone": "12345"]) { $1 })
            #expect(badPhone.status == .unprocessableEntity)
            #expect(try await TrainingComplaint.query(on: app.db).count() == before)
            fields["checkCode"] = try Self.checkCode(badPhone.text)
            let filed = try await anyone.post("/public/training/complaints", form: fields)
            #expect(filed.status == .ok && filed.text.contains("投诉已受理"))
            let row = try #require(try await TrainingComplaint.query(on: app.db).filter(\.$institutionId == target.id!).first())
            #expect(row.complainantId == nil && row.status == "received")
            // The complainant follows it by its reference and the phone's last four digits, and nobody else can.
            let state = try await anyone.get("/public/training/complaints/status?reference=\(row.reference)&phone=5678").text
            #expect(state.contains("已受理") && state.contains("乐学培训学校"))
            #expect(try await anyone.get("/public/training/complaints/status?reference=\(row.reference)&phone=0000").text.contains("没有找到"))

            // The bureau assigns it with a deadline, answers, then closes it; closing before answering is refused.
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let list = try await bureau.get("/training/complaints").text
            #expect(list.contains(row.reference) && list.contains("139****5678"))
            let path = "/training/complaints/\(row.id!)"
            #expect(try await bureau.post(path, form: ["action": "close"]).status == .conflict)
            #expect(try await bureau.post(path, form: ["action": "assign", "assignee": try await app.userId("inspector").uuidString, "dueOn": "2026-11-20"])
                .status == .unprocessableEntity, "a deadline in the past")
            #expect(try await bureau.post(path, form: ["action": "assign", "assignee": try await app.userId("teacher").uuidString, "dueOn": "2026-12-02"])
                .status == .unprocessableEntity, "a teacher is not the bureau's staff")
            #expect(try await bureau.post(path, form: ["action": "assign", "assignee": try await app.userId("inspector").uuidString, "dueOn": "2026-12-02"])
                .status == .ok)
            #expect(try await Visitor.signedIn(app, as: "inspector").post(path, form: ["action": "answer", "text": "已责令机构三日内退费"]).status == .ok)
            #expect(try await bureau.post(path, form: ["action": "close"]).status == .ok)
            #expect(try await anyone.get("/public/training/complaints/status?reference=\(row.reference)&phone=5678").text.contains("已责令机构三日内退费"))
            #expect(try await bureau.post(path, form: ["action": "answer", "text": "again"]).status == .conflict, "a closed complaint stays closed")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["complaint.file", "complaint.assign", "complaint.answer", "complaint.close"])
                .count() == 4)
            // A signed-in parent needs neither phone nor code, and the institution's record shows its complaints.
            let parent = try await Visitor.signedIn(app, as: "parent")
            _ = try await parent.get("/public/training/complaints")
            let own = try await parent.post("/public/training/complaints", form: ["district": "demo", "institution": target.id!.uuidString, "text": "再次投诉"])
            #expect(own.status == .ok)
            #expect(try await bureau.get("/training/institutions/\(target.id!)").text.contains("本机构投诉（2 件）"))
            // A school may not triage.
            #expect(try await Visitor.signedIn(app, as: "principal").post(path, form: ["action": "answer", "text": "x"]).status == .forbidden)
        }
    }

    @Test func aFloodOfAnonymousComplaintsFromOneAddressIsRefused() async throws {
        try await TestApp.withApp { app in
            let target = try await Self.institution(app, "乐学培训学校")
            let anyone = Visitor(app)
            var page = try await anyone.get("/public/training/complaints").text
            var statuses: [HTTPStatus] = []
            for n in 0...TrainingService.anonymousPerAddressPerDay {
                let response = try await anyone.post("/public/training/complaints", form: [
                    "district": "demo", "institution": target.id!.uuidString, "text": "投诉 \(n)", "phone": "13912345678", "checkCode": try Self.checkCode(page)])
                statuses.append(response.status)
                page = response.status == .ok ? response.text : try await anyone.get("/public/training/complaints").text
            }
            #expect(statuses.dropLast().allSatisfy { $0 == .ok } && statuses.last == .tooManyRequests)
        }
    }

    @Test func aCoursesViolationsBecomeAnOrderAndOneNotPutRightBlackListsTheInstitution() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let weekend = try #require(try await TrainingCourseRecord.query(on: app.db).filter(\.$name == "周末数学提高班").first())
            let clean = try #require(try await TrainingCourseRecord.query(on: app.db).filter(\.$name == "初二数学同步辅导").first())
            _ = try await bureau.get("/training/institutions/\(weekend.institutionId)")
            #expect(try await bureau.post("/training/courses/\(clean.id!)/findings", form: ["dueOn": "2026-12-05"]).status == .conflict,
                    "a course within the rules has nothing to put right")
            let made = try await bureau.post("/training/courses/\(weekend.id!)/findings", form: ["dueOn": "2026-12-05"])
            #expect(made.status == .ok && made.text.contains("已下达整改通知（OT-07）"))
            let order = try #require(try await TrainingFinding.query(on: app.db).filter(\.$courseId == weekend.id!).first())
            #expect(try await Visitor.signedIn(app, as: "inspector").post("/training/orders/\(order.id!)", form: ["outcome": "blacklisted", "note": ""])
                .status == .forbidden, "only the bureau's administrators list an institution")
            let closed = try await bureau.post("/training/orders/\(order.id!)", form: ["outcome": "blacklisted", "note": "复查仍在周末授课"])
            #expect(closed.status == .ok)
            let black = try await app.api(.GET, "/api/v1/public/training-institutions?list=black", token: nil).json([Listed].self)
            let listed = try #require(black.first { $0.name == "睿思培训学校" })
            #expect(listed.reason?.contains("OT-07") == true && listed.reason?.contains("复查仍在周末授课") == true)
            #expect(try await bureau.post("/training/orders/\(order.id!)", form: ["outcome": "rectified", "note": ""]).status == .conflict)
        }
    }

    @Test func theRegisterGoesOutAsExcelsCSVAndComesInFromGB18030AllOrNothing() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let export = try await bureau.get("/training/export.csv")
            #expect(export.status == .ok && Array(export.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(export.text.contains("统一社会信用代码") && export.text.contains("睿思培训学校") && export.text.contains("风险保证金"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "institution.export").count() == 1)
            _ = try await bureau.get("/training")
            let gb = String.Encoding(rawValue: 0x8000_0632)
            let header = "机构名称,统一社会信用代码,类型,形式,地址,从业人员,其中具备教师资格,原审批日期（已审批机构）\r\n"
            // One bad line (a wrong check character) and a subject approval after OT-01's date: nothing is imported.
            let bad = header + "阳光美术培训中心,\(TrainingDemo.creditCode(90)),非学科类,线下,人民路1号,5,3,2024-03-01\r\n"
                + "好学数学培训,52110000MJ0000091X,学科类,线下,,4,4,\r\n" + "新学科培训,\(TrainingDemo.creditCode(92)),学科类,线上,,3,3,2023-01-05\r\n"
            let refused = try await bureau.upload("/training/import", file: bad.data(using: gb)!, fileName: "名册.csv")
            #expect(refused.status == .unprocessableEntity && refused.text.contains("第 3 行") && refused.text.contains("第 4 行") && !refused.text.contains("第 2 行"))
            #expect(try await TrainingInstitution.query(on: app.db).filter(\.$name == "阳光美术培训中心").count() == 0)
            let good = header + "阳光美术培训中心,\(TrainingDemo.creditCode(90)),非学科类,线下,人民路1号,5,3,2024-03-01\r\n"
                + "好学数学培训,\(TrainingDemo.creditCode(91)),学科类,线下,,4,4,\r\n"
            let imported = try await bureau.upload("/training/import", file: good.data(using: gb)!, fileName: "名册.csv")
            #expect(imported.status == .ok && imported.text.contains("已导入 2 家机构"))
            let art = try await Self.institution(app, "阳光美术培训中心"), maths = try await Self.institution(app, "好学数学培训")
            #expect(art.status == "approved" && maths.status == "pending")
            let again = try await bureau.upload("/training/import", file: good.data(using: gb)!, fileName: "名册.csv")
            #expect(again.status == .unprocessableEntity && again.text.contains("已登记"), "a second import of the same lines is refused")
            #expect(try await Visitor.signedIn(app, as: "inspector").upload("/training/import", file: Data(good.utf8), fileName: "x.csv").status == .forbidden)
        }
    }

    @Test func aLimitCountsTheClientALocalProxyForwardsForAndNobodyElsesWord() async throws {
        try await TestApp.withApp(seed: false) { app in
            func address(peer: String, forwarded: String?) throws -> String {
                var headers = HTTPHeaders()
                if let forwarded { headers.add(name: .xForwardedFor, value: forwarded) }
                return Request(application: app, method: .GET, url: "/public/training", headers: headers,
                               remoteAddress: try SocketAddress(ipAddress: peer, port: 40000), on: app.eventLoopGroup.next()).throttleAddress
            }
            // nginx on the machine appends the client it saw: that one counts, not what the client claimed before it.
            let proxied = try address(peer: "127.0.0.1", forwarded: "1.2.3.4, 203.0.113.9")
            let network = try address(peer: "10.0.0.5", forwarded: "203.0.113.9")
            let claimed = try address(peer: "198.51.100.7", forwarded: "203.0.113.9")
            let direct = try address(peer: "127.0.0.1", forwarded: nil)
            #expect(proxied == "203.0.113.9" && network == "203.0.113.9")
            // From the internet, a forwarded header is anybody's word.
            #expect(claimed == "198.51.100.7" && direct == "127.0.0.1")
        }
    }

    @Test func thePublicListHoldsEachAddressToItsReadsAMinute() async throws {
        // Counted on a fixed clock: a loop of requests on a loaded machine can outlast the minute it counts.
        let limiter = PublicTrainingLists()
        let minute = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 60))
        #expect((0..<PublicTrainingLists.perMinute).allSatisfy { _ in limiter.admit("203.0.113.9", now: minute) })
        #expect(!limiter.admit("203.0.113.9", now: minute.addingTimeInterval(59)))
        #expect(limiter.admit("198.51.100.7", now: minute), "another address has its own count")
        #expect(limiter.admit("203.0.113.9", now: minute.addingTimeInterval(60)), "the next minute starts afresh")

        try await TestApp.withApp { app in
            // The test client's address, its allowance used up: the feed answers 429.
            while app.trainingLists.admit("unknown") {}
            let response = try await app.api(.GET, "/api/v1/public/training-institutions", token: nil)
            #expect(response.status == .tooManyRequests)
        }
    }
}
