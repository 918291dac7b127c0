import Fluent
import Foundation
import JianfuCore

/// 督导与评估: inspections with rectification to closure and warning notices; assessment tables loaded as published and
/// schools rated on them.
enum SupervisionDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        SupervisionPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 55, path: SupervisionPaths.index.path, labelKey: "nav.supervision") { $0.isDistrictWide || !$0.adminSchoolIds.isEmpty },
        // Middle managers (grade heads, office heads) hold posts with quotas too.
        NavigationItem(order: 56, path: SupervisionPaths.routines.path, labelKey: "nav.routines") {
            $0.isDistrictWide || !$0.adminSchoolIds.isEmpty || $0.has(.gradeLeader) || $0.has(.subjectLeader)
        },
    ]

    static let migrations: [NumberedMigration] = [
        // 022: inspections, findings, rectification tasks and their steps, warning notices
        NumberedMigration(22, CreateInspections()),
        // 023: assessment tables as loaded, the bureau's decisions on them, schools' ratings a term
        NumberedMigration(23, CreateAssessments()),
        // 024: who holds a post with an observation quota, lessons observed, subject groups' research sessions
        NumberedMigration(24, CreateTeachingRoutines()),
        // 026: reports the bureau requires by a deadline, and schools' submissions
        NumberedMigration(26, CreateRequiredReports()),
    ]

    static let labelled: [any Labelled.Type] = [InspectionMethod.self, FindingSeverity.self, InspectionArea.self, RectificationStatus.self, StaffPost.self, ReportKind.self]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await SupervisionDemo.seed(district, today: today, policies: policies, on: db)
        try await RoutineDemo.seed(district, today: today, policies: policies, on: db)
        try await ReportDemo.seed(district.id!, today: today, on: db)
    }

    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> DashboardPanels? {
        try await SupervisionPanel.panels(district, language: language, on: db)
    }

    /// The school's rectifications waiting past their deadline and its warning notices not yet acknowledged.
    static func schoolFacts(_ school: School, from: LocalDate, through: LocalDate, language: Language, policies: PolicyStore, on db: any Database)
        async throws -> [SchoolFact] {
        let counts = try await SupervisionQueries.recordCounts(districtId: school.districtId, today: through.iso, on: db)[school.id!] ?? .init()
        let overdue = counts.overdue, unacknowledged = counts.unacknowledged
        return [
            SchoolFact(label: Strings.text("sup.overdueTasks", language, []), value: String(overdue), flag: overdue > 0, href: SupervisionPaths.index.path),
            SchoolFact(label: Strings.text("sup.unacknowledged", language, []), value: String(unacknowledged), flag: unacknowledged > 0,
                       href: SupervisionPaths.index.path),
        ]
    }

    static let inspection = #"{"schoolId":"{school}","date":"2026-11-20","scope":["作业"],"methods":["records"],"summary":"抽查作业","findings":[{"category":"作业","severity":"minor","description":"个别班级作业超时"}]}"#

    // The district's roles read everything; inspectors and the bureau inspect, set tasks and decide on them; the school's
    // administrators read their own school's record and answer for it; only the bureau issues warnings and loads and
    // decides tables; the list of schools by total is for the district's roles only.
    static let access: [RouteAccess] = [
        RouteAccess("GET /supervision", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        RouteAccess("GET /supervision/inspections/new", [.bureau, .inspector, .otherDistrict]),
        RouteAccess("POST /supervision/inspections", [.bureau, .inspector],
                    form: ["school": "{school}", "date": "2026-11-20", "area_homework": "on", "method_records": "on", "summary": "抽查作业"]),
        RouteAccess("GET /supervision/inspections/:id", [.bureau, .inspector, .principal]),
        RouteAccess("POST /supervision/findings/:id/rectification", [.bureau, .inspector], form: ["deadline": "2026-12-20"]),
        RouteAccess("GET /supervision/rectifications/:id", [.bureau, .inspector, .principal]),
        RouteAccess("POST /supervision/rectifications/:id/response", [.principal], form: ["measures": "已调整作业量"]),
        RouteAccess("POST /supervision/rectifications/:id/decision", [.bureau, .inspector], form: ["action": "accept"]),
        RouteAccess("POST /supervision/warnings", [.bureau], form: ["school": "{school}", "title": "整改逾期", "body": "请于一周内完成整改"]),
        RouteAccess("POST /supervision/warnings/:id/acknowledge", [.principal]),
        RouteAccess("GET /supervision/assessment", [.bureau, .inspector, .otherDistrict]),
        RouteAccess("POST /supervision/assessment", [.bureau, .otherDistrict], form: ["key": "baishan-2023"]),
        RouteAccess("GET /supervision/assessment/:id", [.bureau, .inspector]),
        RouteAccess("POST /supervision/assessment/:id/decisions", [.bureau], form: ["key": "sum:A2", "decision": "parts"]),
        RouteAccess("GET /supervision/assessment/:id/rating", [.bureau, .inspector, .principal], query: "?school={school}"),
        RouteAccess("POST /supervision/assessment/:id/rating", [.bureau, .inspector], query: "?school={school}", form: ["level_C1": "1"]),
        // Teaching routines: the holders of posts log lessons (the demo's principals and `inspector`, its researcher); a
        // school's administrators log its groups' research and set its posts; the bureau sets researchers (and may set
        // a school's posts); progress is seen by the district's roles, a school's administrators for their school.
        RouteAccess("GET /supervision/routines", [.bureau, .inspector, .principal, .principal2]),
        RouteAccess("POST /supervision/routines/observations", [.inspector, .principal, .principal2],
                    form: ["date": "{day}", "class": "{class}", "subject": "{maths}", "critiqued": "on"]),
        RouteAccess("POST /supervision/routines/sessions", [.inspector, .principal],
                    form: ["school": "{school}", "subject": "{maths}", "date": "{day}", "minutes": "120", "topic": "集体备课"]),
        RouteAccess("POST /supervision/routines/posts", [.bureau, .principal], form: ["user": "{staff}", "post": "middleManager"]),
        RouteAccess("POST /api/v1/observations", [.inspector, .principal, .principal2],
                    json: #"{"date":"{day}","classId":"{class}","subjectId":"{maths}","teacherId":"{mathsTeacher}","critiqued":true}"#),
        RouteAccess("GET /api/v1/observations/progress", [.bureau, .inspector, .principal, .principal2]),
        RouteAccess("POST /api/v1/research-sessions", [.inspector, .principal],
                    json: #"{"schoolId":"{school}","subjectId":"{maths}","date":"{day}","minutes":120,"schoolWide":false,"topic":"集体备课"}"#),
        RouteAccess("PUT /api/v1/staff-posts/:id", [.bureau, .principal], json: #"{"post":"middleManager"}"#),
        // Required reports: the bureau sets them; schools' administrators submit theirs; the district's roles see who is late.
        RouteAccess("GET /supervision/reports", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        RouteAccess("POST /supervision/reports", [.bureau, .otherDistrict], form: ["title": "学期工作总结", "kind": "summary", "dueOn": "2026-12-20"]),
        RouteAccess("GET /supervision/reports/:id", [.bureau, .inspector, .principal, .principal2]),
        RouteAccess("POST /supervision/reports/:id/submissions", [.principal, .principal2], form: ["note": "见附件"]),
        RouteAccess("POST /api/v1/reports", [.bureau, .otherDistrict], json: #"{"title":"学期工作总结","kind":"summary","dueOn":"2026-12-20"}"#),
        RouteAccess("GET /api/v1/reports", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        RouteAccess("POST /api/v1/reports/:id/submissions", [.principal, .principal2], json: #"{"attachmentIds":[]}"#),
        RouteAccess("GET /api/v1/inspections", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        RouteAccess("POST /api/v1/inspections", [.bureau, .inspector], json: inspection),
        RouteAccess("POST /api/v1/findings/:id/rectification", [.bureau, .inspector], json: #"{"deadline":"2026-12-20"}"#),
        RouteAccess("GET /api/v1/rectifications", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        RouteAccess("POST /api/v1/rectifications/:id/response", [.principal], json: #"{"measures":"已调整作业量"}"#),
        RouteAccess("POST /api/v1/rectifications/:id/decision", [.bureau, .inspector], json: #"{"action":"accept"}"#),
        RouteAccess("POST /api/v1/warnings", [.bureau], json: #"{"schoolId":"{school}","title":"整改逾期","body":"请于一周内完成整改"}"#),
        RouteAccess("GET /api/v1/warnings", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        RouteAccess("POST /api/v1/warnings/:id/acknowledge", [.principal]),
        RouteAccess("GET /api/v1/assessment-tables", [.bureau, .inspector, .otherDistrict]),
        RouteAccess("POST /api/v1/assessment-tables", [.bureau, .otherDistrict], json: #"{"key":"baishan-2023"}"#),
        RouteAccess("POST /api/v1/assessment-tables/:id/decisions", [.bureau], json: #"{"key":"sum:A2","decision":"parts"}"#),
        RouteAccess("PUT /api/v1/assessment-tables/:id/schools/:schoolId", [.bureau, .inspector], json: #"{"termId":"{term}","ratings":[{"code":"C1","level":1}]}"#),
        RouteAccess("GET /api/v1/assessment-tables/:id/standings", [.bureau, .inspector]),
    ]
}
