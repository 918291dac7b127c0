import Fluent
import Foundation
import JianfuCore

/// 优质均衡 (seed 003; 教督〔2017〕6号): each school's yearly resource figures against the standard's seven indicators,
/// the county's coefficients of variation, and class sizes.
enum BalanceDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        BalancePages.register(routes.signedIn)
        PlacementPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 57, path: BalancePaths.index.path, labelKey: "nav.balance") { $0.isDistrictWide },
        NavigationItem(order: 58, path: BalancePaths.placements.path, labelKey: "nav.placements") { $0.isDistrictWide || !$0.adminSchoolIds.isEmpty },
    ]

    static let migrations: [NumberedMigration] = [
        // 035: each school's yearly resource figures, a nine-year school's two parts apart
        NumberedMigration(35, CreateSchoolResources()),
        // 036: 平行编班 runs, their confirmation and later transfers
        NumberedMigration(36, CreatePlacementRuns()),
    ]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await BalanceDemo.seed(district, today: today, on: db)
        try await BalanceDemo.placement(district, today: today, policies: policies, on: db)
    }

    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> DashboardPanels? {
        try await BalancePanel.panels(district, language: language, policies: policies, on: db)
    }

    // The district's roles read the county's balance; the bureau's administrators and a school's enter its figures.
    static let access: [RouteAccess] = [
        RouteAccess("GET /balance", .districtRoles),
        RouteAccess("GET /balance/schools/:id", [.bureau, .inspector, .principal]),
        RouteAccess("POST /balance/schools/:id", [.bureau, .principal],
                    form: ["year": "2026", "primary.pupils": "600", "primary.teachersAboveQualification": "30", "primary.keyTeachers": "7",
                           "primary.peArtTeachers": "6", "primary.teachingArea": "3000", "primary.sportsArea": "5000", "primary.equipmentValue": "1300000",
                           "primary.multimediaRooms": "15"]),
        RouteAccess("PUT /api/v1/schools/:id/resources/:year", [.bureau, .principal],
                    json: #"{"pupils":600,"teachersAboveQualification":30,"keyTeachers":7,"peArtTeachers":6,"teachingArea":3000,"sportsArea":5000,"equipmentValue":1300000,"multimediaRooms":15}"#),
        RouteAccess("GET /api/v1/balance/:year", .districtRoles),
        // A school's administrators place their incoming grades; the district's roles read every run.
        RouteAccess("GET /balance/placements", [.bureau, .inspector, .otherDistrict, .principal, .principal2]),
        RouteAccess("POST /balance/placements", [.principal, .principal2],
                    form: ["grade": "1", "classCount": "2", "pupils": "编号,姓名,性别,特殊需要,同班,分班,语文\nA1,,男,,,,80\nA2,,女,,,,82"]),
        RouteAccess("GET /balance/placements/:id", [.bureau, .inspector, .principal]),
        RouteAccess("POST /balance/placements/:id/confirm", [.principal]),
        RouteAccess("POST /balance/placements/:id/transfers", [.principal], form: ["ref": "x", "toClass": "1", "reason": "家长申请"]),
        RouteAccess("POST /api/v1/placements", [.principal],
                    json: #"{"schoolId":"{school}","grade":1,"classCount":2,"pupils":[{"ref":"A1","sex":"m","scores":{"语文":80}},{"ref":"A2","sex":"f","scores":{"语文":82}}]}"#),
    ]
}
