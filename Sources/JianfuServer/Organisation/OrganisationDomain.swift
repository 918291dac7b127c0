import JianfuCore

/// Running the district and its schools: the home page, schools and classes, people and roles, roster import,
/// terms and calendars, each school's settings, and pupils' privacy requests.
enum OrganisationDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        HomePages.register(routes.signedIn)
        OrganisationPages.register(routes.signedIn)
        PeoplePages.register(routes.signedIn)
        ImportPages.register(routes.signedIn)
        SchoolSettingsPages.register(routes.signedIn)
        TermPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 10, path: OrganisationPaths.home.path, labelKey: "nav.home") { _ in true },
        NavigationItem(order: 60, path: OrganisationPaths.schools.path, labelKey: "nav.schools") { $0.isDistrictWide || !$0.staffSchoolIds.isEmpty },
        NavigationItem(order: 70, path: OrganisationPaths.people.path, labelKey: "nav.people") { $0.isBureauAdmin || !$0.adminSchoolIds.isEmpty },
        NavigationItem(order: 80, path: OrganisationPaths.importRoster.path, labelKey: "nav.import") { $0.isBureauAdmin || !$0.adminSchoolIds.isEmpty },
        NavigationItem(order: 90, path: OrganisationPaths.terms.path, labelKey: "nav.terms") { $0.isDistrictWide || !$0.adminSchoolIds.isEmpty },
    ]

    static let labelled: [any Labelled.Type] = [RosterKind.self]

    static let access: [RouteAccess] = [
        RouteAccess("GET /", .signedIn),
        RouteAccess("GET /api/v1/schools", .signedIn),
        RouteAccess("GET /schools", .signedIn),
        RouteAccess("GET /import/templates/:file", .signedIn),
        // Grade 4 class 1 of the first primary school.
        RouteAccess("GET /classes/:id", .classPeople),
        RouteAccess("GET /api/v1/classes/:id", .classPeople),
        RouteAccess("GET /classes/:id/roster.csv", [.bureau, .principal]),
        RouteAccess("POST /classes/:id/erase", [.bureau, .principal], form: ["studentId": "", "reason": "家长申请"]),
        RouteAccess("GET /schools/:id", [.bureau, .inspector, .principal, .teacher, .teacher2]),
        RouteAccess("GET /api/v1/schools/:id/classes", [.bureau, .inspector, .principal, .teacher, .teacher2]),
        RouteAccess("GET /schools/:id/settings", [.bureau, .principal]),
        RouteAccess("POST /schools/:id/settings", [.bureau, .principal]),
        // Running the district and the schools.
        RouteAccess("GET /schools/new", [.bureau, .otherDistrict]),
        RouteAccess("POST /schools", [.bureau, .otherDistrict]),
        RouteAccess("GET /people", .administrators),
        RouteAccess("POST /people", .administrators),
        RouteAccess("POST /people/:id/password", [.bureau, .principal]),
        RouteAccess("POST /people/roles", .administrators),
        RouteAccess("GET /import", .administrators),
        RouteAccess("POST /import", .administrators),
        RouteAccess("GET /terms", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
        RouteAccess("POST /terms", [.bureau, .otherDistrict]),
        RouteAccess("POST /terms/days", [.bureau, .otherDistrict]),
    ]
}
