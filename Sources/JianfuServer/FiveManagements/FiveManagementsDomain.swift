import Fluent
import Foundation
import JianfuCore

/// 五项管理 (sleep, phones, reading, physical activity, homework): phones so far (PH-01..04).
enum FiveManagementsDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        PhonePages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 54, path: FiveManagementsPaths.phones.path, labelKey: "nav.phones") { _ in true },
    ]

    static let migrations: [NumberedMigration] = [
        // 033: guardians' phone applications and each school's custody arrangements
        NumberedMigration(33, CreatePhoneManagement()),
    ]

    static let labelled: [any Labelled.Type] = [PhoneApplicationStatus.self]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await PhoneDemo.seed(district, today: today, on: db)
    }

    static func erasePupil(_ studentId: UUID, on tx: any Database) async throws {
        try await PhoneApplication.query(on: tx).filter(\.$studentId == studentId).delete()
    }

    // A pupil's application is seen by the guardians, the class's head teacher and the school's administrators; the
    // district sees each school's counts and custody.
    static let access: [RouteAccess] = [
        RouteAccess("GET /phones", .signedIn),
        RouteAccess("POST /phones/applications", [.parent], form: ["student": "{child}", "reason": "放学后独自乘车，需要联系家长", "consent": "on"]),
        RouteAccess("POST /phones/applications/:id", [.principal, .teacher], form: ["decision": "approved", "note": ""]),
        RouteAccess("POST /phones/custody", [.principal, .principal2],
                    form: ["place": "各班教室门口手机柜", "method": "到校交班主任统一保管，放学领回", "keeper": "班主任", "channels": "校园公用电话、班主任电话"]),
    ]
}
