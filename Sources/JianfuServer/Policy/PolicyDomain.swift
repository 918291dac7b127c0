/// The policy profile a district runs on, and the district's tightening of its values.
enum PolicyDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        PolicyPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 100, path: PolicyPaths.policy.path, labelKey: "nav.policy") { $0.isDistrictWide },
    ]

    static let migrations: [NumberedMigration] = [
        // 011: the district's own values over time, so each day is judged by the cap in force on it
        NumberedMigration(11, AddDistrictPolicyHistory()),
    ]

    static let access: [RouteAccess] = [
        RouteAccess("GET /policy", .districtRoles),
        RouteAccess("POST /policy", [.bureau, .otherDistrict]),
    ]
}
