import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// 晒课表 on the demo district: every class's week published and checked, the school's administrator publishing a
/// change (refused when impossible, recorded with its shortfalls when short), the public page and its history.
@Suite struct TimetableTests {
    /// A week for grade 4 as the plan has it, without teachers, as the class page's text; `replace` swaps one lesson.
    static func week(grade: Int = 4, replace: (String, String)? = nil, extra: [String] = []) -> String {
        var courses = TimetableDemo.courses(grade: grade, band: SchoolSystem.sixThree.band(ofGrade: grade))
        if let (from, to) = replace { courses[courses.firstIndex(of: from)!] = to }
        let (lessons, longBreak) = TimetableDemo.slots(SchoolSystem.sixThree.stage(ofGrade: grade))
        var lines = ["星期,开始,结束,科目,活动,教师"] + (1...5).map { "\($0),\(longBreak.0),\(longBreak.1),,大课间," }
        for (index, course) in courses.enumerated() {
            let slot = lessons[index / 5]
            lines.append("\(index % 5 + 1),\(slot.0),\(slot.1),\(course),,")
        }
        return (lines + extra).joined(separator: "\n")
    }

    @Test func theDemoPublishesEveryClassAndShowsTheTwoThatFallShort() async throws {
        try await TestApp.withApp { app in
            let district = try #require(try await District.query(on: app.db).first())
            let schools = try await TimetableQueries.schools(districtId: district.id!, on: app.db)
            #expect(schools.allSatisfy { $0.timetabled == $0.classes && $0.classes > 0 })
            #expect(schools.filter { $0.short > 0 }.map(\.name).sorted() == ["城关小学", "第二中学"])
            #expect(schools.first { $0.name == "第一实验小学" }?.changes == 1)

            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let overview = try await bureau.get("/timetables")
            #expect(overview.status == .ok)
            #expect(overview.text.contains("id=\"tt-schools\"") && overview.text.contains("音乐、美术教师调课"))
            let short = try await app.classId("城关小学", grade: 3, number: 1)
            let page = try await bureau.get("/timetables/classes/\(short)")
            #expect(page.text.contains("PE-01 体育与健康每周 2 课时，应不少于 3 课时"))
            let labour = try await bureau.get("/timetables/classes/\(try await app.classId("第二中学", grade: 8, number: 1))")
            #expect(labour.text.contains("CP-06 劳动每周 0 课时，应不少于 1 课时"))

            // CP-05 over the school's year, each group beside its nine-year range, a guide for a school of some grades.
            let school = try await Visitor.signedIn(app, as: "principal").get("/timetables")
            let shares = try #require(school.text.components(separatedBy: "id=\"tt-shares\"").dropFirst().first)
            #expect(shares.contains("体育与健康") && shares.contains("10–11%") && shares.contains("20–22%"))
            #expect(school.text.contains("仅供对照，不作判定"))
        }
    }

    @Test func thePrincipalPublishesAShortWeekThenFixesItAndThePublicPageShowsBothChanges() async throws {
        try await TestApp.withApp { app in
            let class41 = try await app.classId("第一实验小学", grade: 4, number: 1)
            let principal = try await Visitor.signedIn(app, as: "principal")
            let short = try await principal.post("/timetables/classes/\(class41)", form: ["periods": Self.week(replace: ("劳动", "语文")), "note": "期中调整"])
            #expect(short.status == .seeOther)
            let shown = try await principal.get("/timetables/classes/\(class41)?published=new")
            #expect(shown.text.contains("CP-06 劳动每周 0 课时，应不少于 1 课时"))
            #expect(shown.text.contains("第 3 版"))

            let fixed = try await principal.post("/timetables/classes/\(class41)", form: ["periods": Self.week(), "note": ""])
            #expect(fixed.status == .seeOther)
            let meets = try await principal.get("/timetables/classes/\(class41)")
            #expect(meets.text.contains("id=\"tt-meets\"") && meets.text.contains("第 4 版"))
            // The same week again is no new version.
            _ = try await principal.post("/timetables/classes/\(class41)", form: ["periods": Self.week(), "note": ""])
            #expect(try await TimetableVersion.query(on: app.db).filter(\.$classId == class41).count() == 4)

            let visitor = Visitor(app)
            let page = try await visitor.get("/public/classes/\(class41)/timetable")
            #expect(page.status == .ok)
            #expect(page.text.contains("第 4 版"))
            #expect(page.text.contains("：语文 (") && page.text.contains("→ 劳动 ("))
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "timetable.publish").count()
            #expect(audit == 2)
        }
    }

    @Test func anImpossibleWeekIsRefusedWithEveryLineNamedAndNothingIsWritten() async throws {
        try await TestApp.withApp { app in
            let class41 = try await app.classId("第一实验小学", grade: 4, number: 1)
            let class11 = try await app.classId("第一实验小学", grade: 1, number: 1)
            let principal = try await Visitor.signedIn(app, as: "principal")
            let before = try await TimetableVersion.query(on: app.db).count()

            // The maths teacher teaches grade 4 class 2 at a time the new week puts them in class 1.
            let class42 = try await app.classId("第一实验小学", grade: 4, number: 2)
            let teacher = try await app.userId("teacher")
            let other = try #require(try await TimetableQueries.current(classId: class42, on: app.db))
            let clash = try #require(JSONText.decode([StoredPeriod].self, other.periods)?.first { $0.teacherId == teacher })
            let overlapping = "1,08:30,09:10,音乐,,"
            let refused = try await principal.post("/timetables/classes/\(class41)", form: [
                "periods": Self.week(extra: [overlapping, "\(clash.weekday),\(clash.start),\(clash.end),数学,,teacher", "周六,08:20,09:00,语文,,", "2,8点,9点,语文,,"]),
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("第 40 行：时间“8点–9点”应写成 08:20"))
            #expect(try await TimetableVersion.query(on: app.db).count() == before)

            let fixedTimes = try await principal.post("/timetables/classes/\(class41)", form: [
                "periods": Self.week(extra: [overlapping, "\(clash.weekday),\(clash.start),\(clash.end),数学,,teacher", "周六,07:00,07:40,语文,,"]),
            ])
            #expect(fixedTimes.status == .unprocessableEntity)
            #expect(fixedTimes.text.contains("第 37 行：与第"))
            #expect(fixedTimes.text.contains("第 38 行：该教师同一时间在4年级2班上课"))
            #expect(fixedTimes.text.contains("第 39 行：只能排在周一至周五"))

            // English is taught from grade 3 (CP-08; the district's subjects say so too).
            let english = try await principal.post("/timetables/classes/\(class11)", form: ["periods": Self.week(grade: 1, replace: ("语文", "英语"))])
            #expect(english.status == .unprocessableEntity)
            #expect(english.text.contains("CP-08 第 7 行：英语不在1年级开设"))
            #expect(try await TimetableVersion.query(on: app.db).count() == before)
        }
    }

    @Test func aSchoolFileIsAllOrNothingAndOnlyItsAdministratorPublishes() async throws {
        try await TestApp.withApp { app in
            let class41 = try await app.classId("第一实验小学", grade: 4, number: 1)
            let before = try await TimetableVersion.query(on: app.db).count()
            let lines = Self.week().split(separator: "\n").dropFirst().map { "4年级1班," + $0 }
            let bad = (["班级,星期,开始,结束,科目,活动,教师"] + lines + ["9年级9班,1,08:20,09:00,语文,,", "4年级2班,1,08:20,09:00,烹饪,,"]).joined(separator: "\n")
            let principal = try await Visitor.signedIn(app, as: "principal")
            let refused = try await principal.upload("/timetables/import", file: Data(bad.utf8), fileName: "课表.csv")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("第 37 行：本校没有班级“9年级9班”"))
            #expect(refused.text.contains("第 38 行：没有“烹饪”这个科目"))
            #expect(try await TimetableVersion.query(on: app.db).count() == before)

            let good = (["班级,星期,开始,结束,科目,活动,教师"] + lines).joined(separator: "\n")
            let imported = try await principal.upload("/timetables/import", file: Data(good.utf8), fileName: "课表.csv")
            #expect(imported.status == .ok)
            #expect(imported.text.contains("已公布 1 个班级的课表，其中 0 个班级不符合课程方案"))
            #expect(try await TimetableVersion.query(on: app.db).filter(\.$classId == class41).count() == 3)

            let teacher = try await Visitor.signedIn(app, as: "teacher")
            #expect(try await teacher.post("/timetables/classes/\(class41)", form: ["periods": Self.week()]).status == .forbidden)
            let other = try await Visitor.signedIn(app, as: "principal2")
            #expect(try await other.post("/timetables/classes/\(class41)", form: ["periods": Self.week()]).status == .notFound)
            #expect(try await other.get("/timetables/classes/\(class41)").status == .notFound)
            let parent = try await Visitor.signedIn(app, as: "parent")
            let own = try await parent.get("/timetables")
            #expect(own.text.contains("id=\"tt-child\"") && own.text.contains("大课间"))
            #expect(try await parent.get("/timetables/classes/\(class41)").status == .notFound)
        }
    }

    @Test func theAPIPublishesAWeekWithItsCheckAndThePublicFeedReadsItWithoutAToken() async throws {
        try await TestApp.withApp { app in
            let class41 = try await app.classId("第一实验小学", grade: 4, number: 1)
            let lines = Self.week(replace: ("体育与健康", "数学")).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let periods = lines.map { f in
                #"{"weekday":\#(f[0]),"start":"\#(f[1])","end":"\#(f[2])""# + (f[3].isEmpty ? #","activity":"\#(f[4])"}"# : #","subject":"\#(f[3])"}"#)
            }.joined(separator: ",")
            let json = #"{"note":"接口测试","periods":[\#(periods)]}"#
            let teacher = try await app.token("teacher")
            #expect(try await app.api(.PUT, "/api/v1/classes/\(class41)/timetable", token: teacher, json: json).status == .forbidden)
            let principal = try await app.token("principal")
            let response = try await app.api(.PUT, "/api/v1/classes/\(class41)/timetable", token: principal, json: json)
            #expect(response.status == .ok)
            struct Body: Decodable { struct Check: Decodable { struct Problem: Decodable { let ruleId: String; let message: String }; let meets: Bool; let problems: [Problem] }; let version: Int; let check: Check }
            let body = try response.json(Body.self)
            #expect(body.version == 3 && !body.check.meets)
            #expect(body.check.problems.map(\.ruleId) == ["PE-01"])
            let english = try await app.api(.PUT, "/api/v1/classes/\(class41)/timetable", token: principal, json: json, language: "en")
            #expect(english.status == .ok)

            let overlap = #"{"periods":[{"weekday":1,"start":"08:20","end":"09:00","subject":"语文"},{"weekday":1,"start":"08:40","end":"09:20","subject":"数学"}]}"#
            let refused = try await app.api(.PUT, "/api/v1/classes/\(class41)/timetable", token: principal, json: overlap, language: "en")
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "timetable_refused")
            #expect(refused.errorMessage?.contains("line 2: overlaps line 1") == true)

            let feed = try await app.api(.GET, "/api/v1/public/classes/\(class41)/timetable", token: nil)
            #expect(feed.status == .ok)
            struct Feed: Decodable { struct Period: Decodable { let subject: String? }; let version: Int?; let periods: [Period]; let history: [Item]; struct Item: Decodable { let version: Int } }
            let read = try feed.json(Feed.self)
            #expect(read.version == 3 && read.history.map(\.version) == [3, 2, 1])
            #expect(read.periods.filter { $0.subject == "体育与健康" }.count == 2)
        }
    }
}
