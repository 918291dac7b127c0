import Fluent
import Vapor
import JianfuCore

/// The bureau's and the schools' dashboards (数据看板) and the half-monthly report.
enum DashboardsDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        DashboardPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 50, path: DashboardsPaths.dashboard.path, labelKey: "nav.dashboard") { DashboardService.schoolScope($0)?.isEmpty != true },
    ]

    static let labelled: [any Labelled.Type] = [GradeBand.self]

    // District roles see the district, school administrators their school.
    static let migrations: [NumberedMigration] = [
        // 013: one index holding every column the district dashboard sums, in district and date order
        NumberedMigration(13, AddSchoolDayCoveringIndex()),
    ]

    static let apiMiddleware: [any Middleware] = [DashboardResponseCache()]

    /// The school's homework and tests over the days, from the kept sums: class-days over the cap, overrides, tests refused.
    static func schoolFacts(_ school: School, from: LocalDate, through: LocalDate, language: Language, policies: PolicyStore, on db: any Database)
        async throws -> [SchoolFact] {
        let sums = try await DashboardQueries.schoolSums(districtId: school.districtId, schoolId: school.id, from: from.iso, through: through.iso, on: db)
            .map(\.sums).reduce(.zero, +)
        let refused = try await DashboardQueries.refusedTests(districtId: school.districtId, from: from.iso, through: through.iso, on: db)[school.id!] ?? 0
        let href = DashboardsPaths.dashboardSchool.path(school.id!) + "?from=\(from.iso)&to=\(through.iso)"
        func t(_ key: String) -> String { Strings.text(key, language, []) }
        return [
            SchoolFact(label: t("dash.classDays"), value: String(sums.filed_class_days), flag: false, href: href),
            SchoolFact(label: t("dash.overCap"), value: String(sums.over_cap), flag: sums.over_cap > 0, href: href),
            SchoolFact(label: t("dash.overrides"), value: String(sums.overrides), flag: false, href: href),
            SchoolFact(label: t("dash.refusedTests"), value: String(refused), flag: refused > 0, href: href),
        ]
    }

    // The pages' budgets hold the domains' blocks (after school: 8 round trips, supervision: 2, growth: 7, training: 3, balance: 2), which the tests compute on every read
    // (no cache there) and a served district once a minute per district or school.
    static let access: [RouteAccess] = [
        RouteAccess("GET /dashboard", [.bureau, .inspector, .principal, .principal2, .otherDistrict], budget: .init(.bureau, 35)),
        RouteAccess("GET /api/v1/dashboard/schools", [.bureau, .inspector, .principal, .principal2, .otherDistrict], budget: .init(.bureau, 11)),
        RouteAccess("GET /dashboard/schools/:id", [.bureau, .inspector, .principal], budget: .init(.principal, 42)),
        RouteAccess("GET /api/v1/dashboard/schools/:id/classes", [.bureau, .inspector, .principal]),
        RouteAccess("GET /dashboard/classes/:id", [.bureau, .inspector, .principal]),
        RouteAccess("GET /dashboard/half-monthly", .districtRoles),
        RouteAccess("GET /api/v1/dashboard/half-monthly", .districtRoles),
    ]
}
