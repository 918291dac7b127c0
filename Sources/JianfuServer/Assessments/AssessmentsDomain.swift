import Fluent
import JianfuCore

/// Test filing before a test is held (测试备案), held to the profile's frequency rules, and results shown as levels.
enum AssessmentsDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        AssessmentPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 40, path: AssessmentsPaths.tests.path, labelKey: "nav.tests") { actor in
            actor.isDistrictWide || !actor.staffSchoolIds.isEmpty || !actor.children.isEmpty
        },
    ]

    static let migrations: [NumberedMigration] = [
        // 005: tests filed before they are held, their results as levels, refused filings
        NumberedMigration(5, CreateTests()),
        // 010: who organises a test (EX-05) and where its paper comes from (EX-13)
        NumberedMigration(10, AddTestOrganiserAndPaperSource()),
    ]

    static let labelled: [any Labelled.Type] = [TestKind.self, TestOrganiser.self, PaperSource.self]

    /// The pupil's own level in each test of the term, as the profile's scheme names it (EX-10: no score, no rank).
    static func portfolio(_ student: Student, term: Term, language: Language, policies: PolicyStore, on db: any Database) async throws -> [PortfolioEntry] {
        guard let district = try await District.find(student.districtId, on: db) else { return [] }
        let scheme = try policies.profile(for: district).tests.levelScheme
        let title = Strings.text("tests.portfolio", language, [])
        return try await AssessmentQueries.pupilLevels(studentId: student.id!, from: term.startsOn, through: term.endsOn, on: db).map { row in
            let level = scheme.level(code: row.level)
            let kind = TestKind(rawValue: row.kind).map { Strings.text($0.labelKey, language, []) } ?? row.kind
            return PortfolioEntry(section: "tests", title: title,
                                  label: "\(language == .zh ? row.subject_name : row.subject_name_en) · \(kind) · \(row.held_on)",
                                  value: level.map { language == .zh ? $0.zh : $0.en } ?? row.level)
        }
    }

    // Filed by the class's teachers and the academic office; results for the subject's staff only.
    static let access: [RouteAccess] = [
        RouteAccess("GET /tests", .signedIn),
        RouteAccess("POST /tests", [.principal, .teacher, .teacher2, .principal2]),
        RouteAccess("POST /api/v1/tests", [.principal, .teacher],
                    json: #"{"classIds":["{class}"],"subjectId":"{maths}","kind":"final","paper":true,"date":"2026-12-31","durationMinutes":90}"#),
        RouteAccess("GET /api/v1/tests", .classPeople, query: "?classId={class}"),
        RouteAccess("GET /tests/:id", .classPeople),
        RouteAccess("GET /api/v1/tests/:id", .classPeople),
        RouteAccess("GET /api/v1/tests/:id/distribution", .classPeople),
        RouteAccess("GET /api/v1/pupils/:id/test-results", [.principal, .teacher, .teacher2, .parent]),
        RouteAccess("POST /tests/:id/results", [.principal, .teacher]),
        RouteAccess("PUT /api/v1/tests/:id/results", [.principal, .teacher], json: #"{"results":[{"pupilId":"{child}","level":"A"}]}"#),
        RouteAccess("POST /tests/:id/specification", [.principal, .teacher]),
        RouteAccess("PUT /api/v1/tests/:id/specification", [.principal, .teacher],
                    json: #"{"rows":[{"point":"数与代数","cells":[100],"total":100}],"total":100}"#),
        RouteAccess("POST /tests/:id/withdraw", [.principal, .teacher], form: ["reason": "调整"]),
        RouteAccess("POST /api/v1/tests/:id/withdraw", [.principal, .teacher], json: #"{"reason":"调整"}"#),
    ]
}
