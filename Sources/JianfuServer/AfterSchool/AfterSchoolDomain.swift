import Fluent
import Foundation
import JianfuCore

/// 课后服务: each school's plan held to 5+2 (一校一案), its programs, and the district's approved providers.
enum AfterSchoolDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        AfterSchoolPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 45, path: AfterSchoolPaths.index.path, labelKey: "nav.afterSchool") { actor in
            actor.isDistrictWide || !actor.staffSchoolIds.isEmpty || !actor.children.isEmpty
        },
    ]

    static let migrations: [NumberedMigration] = [
        // 014: plans per school and term, programs, approved third-party providers
        NumberedMigration(14, CreateAfterSchool()),
        // 015: applications, allocation runs, the plan's sign-up settings
        NumberedMigration(15, CreateEnrolments()),
        // 017: each session's register, with batched leaving and who picked the pupil up
        NumberedMigration(17, CreateAttendance()),
        // 018: registers by school and district and date, for the monthly stipend export
        NumberedMigration(18, AddAttendanceMonthIndexes()),
        // 020: enrolments by school and term, for the places counted on every school and sign-up page
        NumberedMigration(20, AddEnrolmentSchoolIndex()),
    ]

    /// The programs the pupil took part in this term, with the days present.
    static func portfolio(_ student: Student, term: Term, language: Language, policies: PolicyStore, on db: any Database) async throws -> [PortfolioEntry] {
        let title = Strings.text("as.portfolio", language, [])
        return try await AfterSchoolQueries.pupilPrograms(studentId: student.id!, termId: term.id!, on: db).map { row in
            let category = ProgramCategory(rawValue: row.category).map { Strings.text($0.labelKey, language, []) } ?? row.category
            return PortfolioEntry(section: "after_school", title: title, label: "\(row.name)（\(category)）",
                                  value: Strings.text("as.portfolioAttendance", language, [String(row.present), String(row.marked)]))
        }
    }

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await AfterSchoolDemo.seed(district, today: today, on: db)
    }

    static func seedDemoHistory(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await AfterSchoolDemo.registers(district, today: today, on: db)
        try await AfterSchoolDemo.satisfaction(district, today: today, on: db)
    }

    /// The half-monthly report's after-school line (MS-02): schools whose plan for the term holds the time rules.
    static func reportFigures(_ district: District, policies: PolicyStore, on db: any Database) async throws -> [ReportFigure] {
        guard let standing = try await AfterSchoolService.timeRuleStanding(district, policies: policies, on: db) else { return [] }
        return [ReportFigure(key: "afterSchoolTime", numerator: standing.meeting, denominator: standing.schools)]
    }

    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> DashboardPanels? {
        try await AfterSchoolPanel.panels(district, language: language, policies: policies, on: db)
    }

    /// The school's plan for the term against 5+2, and its participation in the basic session.
    static func schoolFacts(_ school: School, from: LocalDate, through: LocalDate, language: Language, policies: PolicyStore, on db: any Database)
        async throws -> [SchoolFact] {
        guard let district = try await District.find(school.districtId, on: db),
              let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: through, on: db) else { return [] }
        let plan = try await AfterSchoolPlan.query(on: db).filter(\.$schoolId == school.id!).filter(\.$termId == term.id!).first()
        let grades = try await AfterSchoolQueries.grades(schoolId: school.id!, on: db)
        let check = try plan.map { PlanCheck(rules: try policies.profile(for: district).afterSchool, system: try district.system, schoolGrades: grades).check($0.plan) }
        let participation = AfterSchoolService.Participation.sum(try await AfterSchoolQueries.participation(districtId: district.id!, termId: term.id!,
                                                                                                               schoolId: school.id!, on: db))
        func t(_ key: String, _ args: String...) -> String { Strings.text(key, language, args) }
        let href = AfterSchoolPaths.school.path(school.id!)
        return [
            SchoolFact(label: t("as.fact.plan"), value: check.map { $0.meets ? t("as.meets") : t("as.fails") } ?? t("as.status.none"),
                       flag: check?.meets != true, href: href),
            SchoolFact(label: t("as.fact.participation"), value: participation.percent.map { "\($0)%" } ?? "—", flag: false, href: href),
        ]
    }

    static let labelled: [any Labelled.Type] = [ServiceSessionKind.self, ProgramCategory.self, ProgramStaffKind.self]

    static let plan = #"{"grades":[{"grade":4,"lessonsEnd":"15:30","sessions":[{"weekday":1,"start":"15:40","end":"17:40","kind":"basic"}]}]}"#
    static let program = #"{"name":"围棋","category":"interest_group","staffKind":"volunteer","staffName":"王老师","capacity":20,"grades":[4],"weekdays":[2],"start":"16:40","end":"17:30","room":"阅览室"}"#

    // The plan is the school's to write and the bureau's to send back; everyone of the school and its families may read it.
    static let access: [RouteAccess] = [
        RouteAccess("GET /after-school", .signedIn),
        RouteAccess("GET /after-school/schools/:id", [.bureau, .inspector, .principal, .teacher, .teacher2, .parent]),
        RouteAccess("POST /after-school/schools/:id/plan", [.principal], form: ["g4_basic_0_d1": "on", "g4_basic_0_start": "15:40", "g4_basic_0_end": "17:40",
                                                                                  "g4_lessonsEnd": "15:30", "free": "on"]),
        RouteAccess("POST /after-school/schools/:id/resubmission", [.bureau], form: ["reason": "周五时长不足"]),
        RouteAccess("POST /after-school/schools/:id/programs", [.principal],
                    form: ["name": "围棋", "category": "interest_group", "staffKind": "volunteer", "staffName": "王老师", "capacity": "20", "grade4": "on",
                           "day2": "on", "start": "16:40", "end": "17:30", "room": "阅览室", "free": "on"]),
        RouteAccess("GET /after-school/pupils/:id", [.parent]),
        RouteAccess("POST /after-school/pupils/:id/enrolments", [.parent], form: ["programId": "{program}", "choice": "1"]),
        RouteAccess("POST /after-school/enrolments/:id/withdraw", [.parent]),
        RouteAccess("POST /after-school/enrolments/:id/review", [.principal, .teacher], form: ["approve": "1"]),
        RouteAccess("POST /after-school/schools/:id/sign-up", [.principal], form: ["closesOn": "2026-09-10"]),
        RouteAccess("POST /after-school/schools/:id/allocation", [.principal]),
        RouteAccess("POST /after-school/programs/:id/capacity", [.principal], form: ["capacity": "60"]),
        RouteAccess("GET /after-school/programs/:id/register", [.principal], query: "?date={day}"),
        RouteAccess("POST /after-school/programs/:id/register", [.principal], form: ["date": "{day}"]),
        // Stipends: the school's administrators who pay them, and the bureau; the CSV as the page.
        RouteAccess("GET /after-school/schools/:id/stipends", [.bureau, .inspector, .principal]),
        RouteAccess("GET /after-school/schools/:id/stipends.csv", [.bureau, .inspector, .principal]),
        RouteAccess("GET /after-school/stipends", .districtRoles),
        // Who is in a priority group is for the school's administrators alone.
        RouteAccess("GET /after-school/schools/:id/priority", [.principal]),
        RouteAccess("POST /after-school/schools/:id/priority", [.principal], form: [:]),
        // Satisfaction: the school's administrators start it and read it, the district's roles read every school's.
        RouteAccess("GET /after-school/schools/:id/satisfaction", [.bureau, .inspector, .principal]),
        RouteAccess("POST /after-school/schools/:id/satisfaction", [.principal], form: ["opensOn": "2026-11-25", "closesOn": "2026-12-09"]),
        RouteAccess("GET /after-school/satisfaction", .districtRoles),
        RouteAccess("GET /after-school/providers", [.bureau, .inspector, .otherDistrict, .principal, .principal2]),
        RouteAccess("POST /after-school/providers", [.bureau, .otherDistrict],
                    form: ["name": "科技馆", "services": "科普", "feeStandard": "免费", "approvedOn": "2026-09-01"]),
        RouteAccess("GET /api/v1/schools/:id/after-school/plan", [.bureau, .inspector, .principal, .teacher, .teacher2, .parent]),
        RouteAccess("PUT /api/v1/schools/:id/after-school/plan", [.principal], json: plan),
        RouteAccess("POST /api/v1/schools/:id/after-school/plan/resubmission", [.bureau], json: #"{"reason":"周五时长不足"}"#),
        RouteAccess("GET /api/v1/schools/:id/after-school/programs", [.bureau, .inspector, .principal, .teacher, .teacher2, .parent]),
        RouteAccess("POST /api/v1/schools/:id/after-school/programs", [.principal], json: program),
        RouteAccess("GET /api/v1/after-school/plans", .districtRoles),
        RouteAccess("PUT /api/v1/schools/:id/after-school/sign-up", [.principal], json: #"{"closesOn":"2026-09-10","classReview":false}"#),
        RouteAccess("POST /api/v1/schools/:id/after-school/allocation", [.principal], json: "{}"),
        // Only a pupil's own guardians sign up and withdraw; the head teacher and the school's administrator review.
        RouteAccess("POST /api/v1/after-school/enrolments", [.parent], json: #"{"studentId":"{child}","programId":"{program}","choice":1}"#),
        RouteAccess("POST /api/v1/after-school/enrolments/:id/withdraw", [.parent]),
        RouteAccess("POST /api/v1/after-school/enrolments/:id/review", [.principal, .teacher], json: #"{"approve":true}"#),
        RouteAccess("GET /api/v1/pupils/:id/after-school", [.parent]),
        // Registers: the program's own teacher, or the school's administrators; marks for the pupil's family and head teacher.
        RouteAccess("PUT /api/v1/after-school/programs/:id/capacity", [.principal], json: #"{"capacity":60}"#),
        RouteAccess("GET /api/v1/after-school/programs/:id/attendance", [.principal], query: "?date={day}"),
        RouteAccess("PUT /api/v1/after-school/programs/:id/attendance", [.principal], json: #"{"date":"{day}","present":[],"absent":[]}"#),
        RouteAccess("GET /api/v1/pupils/:id/after-school/attendance", [.principal, .teacher, .parent]),
        RouteAccess("GET /api/v1/schools/:id/after-school/stipends", [.bureau, .inspector, .principal]),
        RouteAccess("GET /api/v1/after-school/stipends", .districtRoles),
        RouteAccess("GET /api/v1/schools/:id/after-school/satisfaction", [.bureau, .inspector, .principal]),
        RouteAccess("POST /api/v1/schools/:id/after-school/satisfaction", [.principal], json: #"{"opensOn":"2026-11-25","closesOn":"2026-12-09"}"#),
        RouteAccess("GET /api/v1/after-school/satisfaction", .districtRoles),
        RouteAccess("GET /api/v1/after-school/providers", [.bureau, .inspector, .otherDistrict, .principal, .principal2]),
        RouteAccess("POST /api/v1/after-school/providers", [.bureau, .otherDistrict],
                    json: #"{"name":"科技馆","services":"科普","feeStandard":"免费","approvedOn":"2026-09-01"}"#),
    ]
}
