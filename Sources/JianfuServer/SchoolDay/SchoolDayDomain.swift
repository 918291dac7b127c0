import Fluent
import Foundation
import JianfuCore

/// The school day: each class's weekly timetable held to the curriculum plan and published (晒课表).
enum SchoolDayDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        TimetablePages.register(routes.signedIn)
        routes.visitor.get(SchoolDayPaths.publicClass, use: PublicTimetablePages.classPage)
        routes.visitor.get(SchoolDayPaths.publicSchool, use: PublicTimetablePages.schoolPage)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 53, path: SchoolDayPaths.index.path, labelKey: "nav.timetables") { _ in true },
    ]

    static let migrations: [NumberedMigration] = [
        // 032: every published version of each class's weekly timetable
        NumberedMigration(32, CreateTimetables()),
    ]

    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        try await TimetableDemo.seed(district, today: today, policies: policies, on: db)
    }

    /// The schools whose every class has a timetable in use that meets the plan, of the schools with classes.
    static func reportFigures(_ district: District, policies: PolicyStore, on db: any Database) async throws -> [ReportFigure] {
        let schools = try await TimetableQueries.schools(districtId: district.id!, on: db).filter { $0.classes > 0 }
        guard schools.contains(where: { $0.timetabled > 0 }) else { return [] }
        return [ReportFigure(key: "timetablesMeet", numerator: schools.filter { $0.timetabled == $0.classes && $0.short == 0 }.count, denominator: schools.count)]
    }

    // The district's roles and the school's staff read a class's week; its school's administrators publish it; the
    // published timetables are for everyone.
    static let access: [RouteAccess] = [
        RouteAccess("GET /timetables", .signedIn),
        RouteAccess("POST /timetables/import", [.principal, .principal2]),
        RouteAccess("GET /timetables/classes/:id", [.bureau, .inspector, .principal, .teacher, .teacher2]),
        RouteAccess("POST /timetables/classes/:id", [.principal], form: ["periods": "星期,开始,结束,科目\n周一,08:20,09:00,语文", "note": ""]),
        RouteAccess("GET /public/classes/:id/timetable", .everyone, budget: QueryBudget(.parent, 4)),
        RouteAccess("GET /public/schools/:id/timetables", .everyone),
        RouteAccess("PUT /api/v1/classes/:id/timetable", [.principal],
                    json: #"{"periods":[{"weekday":1,"start":"08:20","end":"09:00","subject":"语文"}]}"#),
        RouteAccess("GET /api/v1/public/classes/:id/timetable", .everyone),
    ]
}
