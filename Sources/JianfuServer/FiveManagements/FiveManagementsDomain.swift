import Fluent
import Foundation
import JianfuCore

/// 五项管理 (sleep, phones, reading, physical activity, homework): the term's monitoring questionnaires read beside the
/// homework figures, and phones (PH-01..04).
enum FiveManagementsDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        MonitoringPages.register(routes.signedIn)
        ReadingPages.register(routes.signedIn)
        PhonePages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 54, path: FiveManagementsPaths.index.path, labelKey: "nav.fiveManagements") { $0.isDistrictWide || !$0.adminSchoolIds.isEmpty },
        NavigationItem(order: 55, path: FiveManagementsPaths.phones.path, labelKey: "nav.phones") { _ in true },
        NavigationItem(order: 56, path: FiveManagementsPaths.reading.path, labelKey: "nav.reading") { _ in true },
    ]

    static let migrations: [NumberedMigration] = [
        // 033: guardians' phone applications and each school's custody arrangements
        NumberedMigration(33, CreatePhoneManagement()),
        // 034: each school's recommended reading list
        NumberedMigration(34, CreateReadingTitles()),
    ]

    static let labelled: [any Labelled.Type] = [PhoneApplicationStatus.self]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await PhoneDemo.seed(district, today: today, on: db)
        try await ReadingDemo.seed(district, today: today, on: db)
    }

    /// The term's questionnaires and their answers: for the served demo, not for every test's district.
    static func seedDemoHistory(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await MonitoringDemo.seed(district, today: today, policies: policies, on: db)
    }

    static func erasePupil(_ studentId: UUID, on tx: any Database) async throws {
        try await PhoneApplication.query(on: tx).filter(\.$studentId == studentId).delete()
    }

    // A pupil's application is seen by the guardians, the class's head teacher and the school's administrators; the
    // district sees each school's counts and custody.
    static let access: [RouteAccess] = [
        // The district's roles read every school's figures; a school's administrators their own and start its term.
        RouteAccess("GET /five-managements", [.bureau, .inspector, .principal, .principal2]),
        RouteAccess("GET /five-managements/schools/:id", [.bureau, .inspector, .principal]),
        RouteAccess("POST /five-managements/schools/:id/monitoring", [.principal], form: ["opensOn": "{day}", "closesOn": "{day}"]),
        // Everyone signed in reads the lists they concern; a school's administrators add to it; the bureau strikes.
        RouteAccess("GET /reading", .signedIn),
        RouteAccess("POST /reading", [.principal, .principal2],
                    form: ["title": "草房子", "author": "曹文轩", "publisher": "人民文学出版社", "fromGrade": "7", "toGrade": "7", "reviewer": "语文组",
                           "reviewedOn": "{day}", "standard_0": "on", "standard_1": "on", "standard_2": "on", "standard_3": "on", "clear": "on"]),
        RouteAccess("POST /reading/:id/strike", [.bureau, .inspector], form: ["reason": "内容不适合该年级"]),
        RouteAccess("GET /phones", .signedIn),
        RouteAccess("POST /phones/applications", [.parent], form: ["student": "{child}", "reason": "放学后独自乘车，需要联系家长", "consent": "on"]),
        RouteAccess("POST /phones/applications/:id", [.principal, .teacher], form: ["decision": "approved", "note": ""]),
        RouteAccess("POST /phones/custody", [.principal, .principal2],
                    form: ["place": "各班教室门口手机柜", "method": "到校交班主任统一保管，放学领回", "keeper": "班主任", "channels": "校园公用电话、班主任电话"]),
    ]
}
