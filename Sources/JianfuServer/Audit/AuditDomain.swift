/// Searching the audit trail (操作日志) within one's own scope.
enum AuditDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        AuditPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 110, path: AuditPaths.audit.path, labelKey: "nav.audit") { $0.isDistrictWide || !$0.adminSchoolIds.isEmpty },
    ]

    static let access: [RouteAccess] = [
        RouteAccess("GET /audit", [.bureau, .inspector, .principal, .principal2, .otherDistrict]),
    ]
}
