import Fluent
import Foundation
import JianfuCore

/// 优质均衡 (seed 003; 教督〔2017〕6号): each school's yearly resource figures against the standard's seven indicators,
/// the county's coefficients of variation, and class sizes.
enum BalanceDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        BalancePages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 57, path: BalancePaths.index.path, labelKey: "nav.balance") { $0.isDistrictWide },
    ]

    static let migrations: [NumberedMigration] = [
        // 035: each school's yearly resource figures, a nine-year school's two parts apart
        NumberedMigration(35, CreateSchoolResources()),
    ]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await BalanceDemo.seed(district, today: today, on: db)
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
    ]
}
