import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Staff hours to stipends on the demo district (AS-08 at its 50 yuan an hour): sessions count when their register was taken.
@Suite struct AfterSchoolStipendTests {
    struct Stipends: Decodable {
        struct Rates: Decodable { let perHourYuan: Int?; let perSessionYuan: Int?; let ruleId: String }
        struct Staff: Decodable { let name: String; let staffKind: String; let sessions: Int; let minutes: Int; let owedYuan: String? }
        let month: String
        let rates: Rates
        let staff: [Staff]
        let totalOwedYuan: String?
    }

    struct DistrictStipends: Decodable {
        struct School: Decodable { let schoolName: String; let sessions: Int; let minutes: Int; let owedYuan: String? }
        let schools: [School]
    }

    /// The basic session (15:40–16:40, its teacher) and the volunteers' picture-book reading of 第一实验小学, with a
    /// register taken on Monday 23 and Tuesday 24 November, and the reading on the Tuesday.
    static func markTwoDays(_ app: Application) async throws -> (basic: AfterSchoolProgram, reading: AfterSchoolProgram) {
        let school = try await app.schoolId("第一实验小学")
        let programs = try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school).all()
        let basic = try #require(programs.first { $0.category == ProgramCategory.homeworkGuidance.rawValue })
        let reading = try #require(programs.first { $0.staffKind == ProgramStaffKind.volunteer.rawValue })
        let principal = try await app.token("principal")
        for (program, date) in [(basic, "2026-11-23"), (basic, "2026-11-24"), (reading, "2026-11-24")] {
            let pupils = try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == program.id!)
                .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all().map { "\"\($0.studentId)\"" }
            let marked = try await app.api(.PUT, "/api/v1/after-school/programs/\(program.id!)/attendance", token: principal,
                                           json: #"{"date":"\#(date)","present":[\#(pupils.joined(separator: ","))],"absent":[]}"#)
            #expect(marked.status == .ok, "register of \(program.name) on \(date)")
        }
        return (basic, reading)
    }

    @Test func theSchoolSeesEachStaffMembersSessionsHoursAndStipend() async throws {
        try await TestApp.withApp { app in
            let (basic, reading) = try await Self.markTwoDays(app)
            let school = try await app.schoolId("第一实验小学")
            let month = try await app.api(.GET, "/api/v1/schools/\(school)/after-school/stipends?month=2026-11", token: try await app.token("principal"))
                .json(Stipends.self)
            #expect(month.rates.perHourYuan == 50 && month.rates.ruleId == "AS-08")
            let teacher = try #require(month.staff.first { $0.name == basic.staffName })
            // Two sessions of an hour at 50 yuan an hour.
            #expect(teacher.sessions == 2 && teacher.minutes == 120 && teacher.owedYuan == "100.00")
            // Volunteers are counted but draw no stipend.
            let volunteers = try #require(month.staff.first { $0.name == reading.staffName })
            #expect(volunteers.sessions == 1 && volunteers.owedYuan == nil)
            #expect(month.totalOwedYuan == "100.00")
            // A month without registers owes nothing.
            let october = try await app.api(.GET, "/api/v1/schools/\(school)/after-school/stipends?month=2026-10", token: try await app.token("principal"))
                .json(Stipends.self)
            #expect(october.staff.isEmpty)
        }
    }

    @Test func theCSVOpensInExcelWithTheSameFiguresAndIsAudited() async throws {
        try await TestApp.withApp { app in
            let (basic, _) = try await Self.markTwoDays(app)
            let school = try await app.schoolId("第一实验小学")
            let visitor = try await Visitor.signedIn(app, as: "principal")
            let page = try await visitor.get("/after-school/schools/\(school)/stipends?month=2026-11")
            #expect(page.status == .ok && page.body.string.contains("区定补助标准：每小时 50 元"))
            let csv = try await visitor.get("/after-school/schools/\(school)/stipends.csv?month=2026-11")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let text = csv.body.string
            #expect(text.hasPrefix("\u{FEFF}"))
            #expect(text.contains(basic.staffName) && text.contains("100.00") && text.contains("合计"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "after_school.stipends_export").count() == 1)
        }
    }

    @Test func theBureauSeesEverySchoolsTotals() async throws {
        try await TestApp.withApp { app in
            _ = try await Self.markTwoDays(app)
            let district = try await app.api(.GET, "/api/v1/after-school/stipends?month=2026-11", token: try await app.token("bureau"))
                .json(DistrictStipends.self)
            #expect(district.schools.count == 12)
            let first = try #require(district.schools.first { $0.schoolName == "第一实验小学" })
            #expect(first.sessions == 3 && first.owedYuan == "100.00")
            #expect(district.schools.filter { $0.schoolName != "第一实验小学" }.allSatisfy { $0.sessions == 0 && $0.owedYuan == "0.00" })
        }
    }

    @Test func withoutADistrictRateHoursAreListedAndNothingIsOwed() async throws {
        try await TestApp.withApp { app in
            _ = try await Self.markTwoDays(app)
            let district = try #require(try await District.query(on: app.db).filter(\.$code == "demo").first())
            district.policyAdjustments = #"{"afterSchool.endNotBeforeOffWork":1050}"#
            try await district.save(on: app.db)
            let school = try await app.schoolId("第一实验小学")
            let month = try await app.api(.GET, "/api/v1/schools/\(school)/after-school/stipends?month=2026-11", token: try await app.token("principal"))
                .json(Stipends.self)
            #expect(month.rates.perHourYuan == nil && month.totalOwedYuan == nil)
            #expect(month.staff.allSatisfy { $0.owedYuan == nil } && month.staff.contains { $0.minutes == 120 })
            let page = try await Visitor.signedIn(app, as: "principal").get("/after-school/schools/\(school)/stipends?month=2026-11")
            #expect(page.body.string.contains("本区尚未设定补助标准"))
        }
    }

    @Test func aBadMonthIsAClearRefusalAndOthersSchoolsAreNotFound() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let bad = try await app.api(.GET, "/api/v1/schools/\(school)/after-school/stipends?month=2026-13", token: try await app.token("principal"))
            #expect(bad.status == .unprocessableEntity && bad.errorCode == "invalid_month")
            #expect(bad.errorMessage == "月份应写作 2026-11 这样的格式。")
            // The other school's administrator, and a teacher of the school, do not see its stipends.
            let other = try await app.schoolId("城关小学")
            #expect(try await app.api(.GET, "/api/v1/schools/\(other)/after-school/stipends", token: try await app.token("principal")).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/schools/\(school)/after-school/stipends", token: try await app.token("teacher")).status == .notFound)
        }
    }

    @Test func theServedDemoCarriesATermOfRegisters() async throws {
        try await TestApp.withApp { app in
            let district = try #require(try await District.query(on: app.db).filter(\.$code == "demo").first())
            // As the served demo seeds it: in one write transaction.
            try await app.db.writeTransaction { tx in try await AfterSchoolDomain.seedDemoHistory(district, today: TestApp.demoToday, policies: app.policies, on: tx) }
            let totals = try await app.api(.GET, "/api/v1/after-school/stipends?month=2026-10", token: try await app.token("bureau"))
                .json(DistrictStipends.self)
            #expect(totals.schools.allSatisfy { $0.sessions > 0 && $0.owedYuan != nil })
            // The demo parent's child missed the basic session on the last day before the demo's today.
            let world = try await AssessmentWorld(app)
            let marks = try await app.api(.GET, "/api/v1/pupils/\(world.child)/after-school/attendance", token: try await app.token("parent"))
                .json([AfterSchoolAttendanceTests.Mark].self)
            #expect(marks.first.map { ($0.date, $0.present) }! == ("2026-11-24", false))
            #expect(Set(marks.map(\.date)).count > 40)
        }
    }
}
