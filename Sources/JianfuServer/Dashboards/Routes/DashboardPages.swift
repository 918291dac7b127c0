import Fluent
import Foundation
import JianfuCore
import Vapor

/// 数据看板: the district's schools at a glance, a school's classes and workload calendar,
/// a class's days and their items; every table sorts, prints and downloads as CSV.
enum DashboardPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(DashboardsPaths.dashboard, use: district)
        routes.get(DashboardsPaths.dashboardSchool, use: school)
        routes.get(DashboardsPaths.dashboardClass, use: schoolClass)
        routes.get(DashboardsPaths.halfMonthly, use: halfMonthly)
    }

    struct Filters: Encodable {
        let preset: String
        let from: String
        let to: String
        let teachingDays: Int
        let query: String
        let csvHref: String
        let showRange: Bool
    }

    struct Header: Encodable {
        let label: String
        let href: String
        let current: Bool
        let numeric: Bool
    }

    struct Cell: Encodable {
        let text: String
        let href: String?
        let flag: Bool
        let numeric: Bool
    }

    struct Row: Encodable {
        let cells: [Cell]
        let subtotal: Bool
    }

    struct Table: Encodable {
        let id: String
        let headers: [Header]
        let rows: [Row]
    }

    struct Page: Encodable {
        let layout: Layout
        let heading: String
        let breadcrumbs: [Crumb]
        let filters: Filters
        let stats: [Stat]
        let charts: [Chart]
        let tables: [Table]
        let notes: [String]
        let day: DayDetail?
        /// Other domains' blocks: the after-school plans and participation, say.
        var panels: [DashboardPanel] = []
    }

    /// The domains' blocks for the district or a school, kept with the dashboard's figures.
    static func panels(_ req: Request, district: District, schoolId: UUID?) async throws -> [DashboardPanel] {
        let language = req.language, policies = req.application.policies, db = req.db
        let made = try await req.application.dashboardCache.panels(for: .init(districtId: district.id!, language: language)) {
            try await Domains.dashboardPanels(district, language: language, policies: policies, on: db)
        }
        return schoolId.map { id in made.compactMap { $0.schools[id] } } ?? made.map(\.district)
    }

    struct Crumb: Encodable {
        let label: String
        let href: String
    }

    struct Stat: Encodable {
        let label: String
        let value: String
    }

    struct Chart: Encodable {
        let title: String
        let svg: String
    }

    struct DayDetail: Encodable {
        let title: String
        let lines: [HomeworkPages.LoadLine]
    }

    // MARK: filters

    static func range(_ req: Request, actor: Actor) async throws -> DashboardService.Range {
        try await DashboardService.range(preset: req.query["range"], from: req.query["from"], to: req.query["to"], actor, on: req.db)
    }

    static func filters(_ req: Request, range: DashboardService.Range) -> Filters {
        let query = range.preset == "custom" ? "from=\(range.from.iso)&to=\(range.through.iso)" : "range=\(range.preset)"
        var csv = URLComponents(string: req.url.path)!
        csv.query = query + "&format=csv" + (req.query[String.self, at: "sort"].map { "&sort=\($0)" } ?? "")
            + (req.query[String.self, at: "dir"].map { "&dir=\($0)" } ?? "")
        return Filters(preset: range.preset, from: range.from.iso, to: range.through.iso, teachingDays: range.teachingDays, query: query,
                       csvHref: csv.string ?? req.url.path, showRange: true)
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
    static func minutes(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "—" }

    /// Header links that sort by a column, flipping the direction on the current one.
    static func headers(_ req: Request, _ columns: [(key: String, label: String, numeric: Bool)], filters: Filters) -> [Header] {
        let sort = req.query[String.self, at: "sort"]
        let dir = req.query[String.self, at: "dir"] ?? "desc"
        return columns.map { column in
            let next = sort == column.key && dir == "desc" ? "asc" : "desc"
            return Header(label: column.label, href: "\(req.url.path)?\(filters.query)&sort=\(column.key)&dir=\(next)", current: sort == column.key,
                          numeric: column.numeric)
        }
    }

    /// Rows sorted by the column the reader chose (numbers as numbers); subtotal rows stay with their group.
    static func sorted(_ rows: [(values: [Double?], row: Row)], keys: [String], _ req: Request) -> [Row] {
        guard let sort = req.query[String.self, at: "sort"], let index = keys.firstIndex(of: sort) else { return rows.map(\.row) }
        let ascending = req.query[String.self, at: "dir"] == "asc"
        return rows.sorted { a, b in
            let x = a.values[index] ?? -.infinity, y = b.values[index] ?? -.infinity
            return ascending ? x < y : x > y
        }.map(\.row)
    }

    static func respond(_ req: Request, page: Page) async throws -> Response {
        if req.query[String.self, at: "format"] == "csv" {
            guard let table = page.tables.first else { throw AppError.notFound }
            let rows = [table.headers.map(\.label)] + table.rows.map { $0.cells.map(\.text) }
            return CSVDownload.response(rows: rows, asciiName: "jianfu-\(table.id)-\(page.filters.from)-\(page.filters.to)",
                                        displayName: "\(page.heading) \(page.filters.from)—\(page.filters.to)")
        }
        return try await req.view.render("dashboards/dashboard", page).encodeResponse(for: req)
    }

    // MARK: the district

    @Sendable static func district(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        if let scope = DashboardService.schoolScope(actor) {
            guard let only = scope.first else { throw AppError.notFound }
            var target = URLComponents(string: DashboardsPaths.dashboardSchool.path(only))!
            target.query = req.url.query
            return req.redirect(to: target.string ?? DashboardsPaths.dashboardSchool.path(only))
        }
        let range = try await range(req, actor: actor)
        let overview = try await DashboardService.overview(actor, range: range, policies: req.application.policies, cache: req.application.dashboardCache, on: req.db)
        let filters = filters(req, range: range)
        let columns: [(key: String, label: String, numeric: Bool)] = [
            ("school", req.t("dash.school"), false), ("filed", req.t("dash.filedShare"), true),
            ("lower", GradeBand.primaryLower.label(overview.system, req), true), ("upper", GradeBand.primaryUpper.label(overview.system, req), true),
            ("junior", GradeBand.junior.label(overview.system, req), true),
            ("over", req.t("dash.overCap"), true), ("overrides", req.t("dash.overrides"), true), ("reported", req.t("dash.reported"), true),
            ("estimate", req.t("dash.estimate"), true), ("tests", req.t("dash.tests"), true), ("pending", req.t("dash.pending"), true),
        ]
        let rows = overview.schools.map { school -> (values: [Double?], row: Row) in
            let href = DashboardsPaths.dashboardSchool.path(school.schoolId) + "?\(filters.query)"
            func band(_ band: GradeBand) -> (Double?, Cell) {
                guard let load = school.band(band) else { return (nil, Cell(text: "", href: nil, flag: false, numeric: true)) }
                return (load.averageMinutes, Cell(text: "\(minutes(load.averageMinutes)) / \(load.capMinutes)", href: nil, flag: !load.meetsCap, numeric: true))
            }
            let lower = band(.primaryLower), upper = band(.primaryUpper), junior = band(.junior)
            let tests = school.testsWarned + school.testsRefused
            return ([nil, school.filedShare, lower.0, upper.0, junior.0, Double(school.sums.over_cap), Double(school.sums.overrides),
                     school.reportedAverage, school.estimateAverage, Double(tests), Double(school.sums.pending)],
                    Row(cells: [
                        Cell(text: school.name, href: href, flag: !school.meetsCap, numeric: false),
                        Cell(text: percent(school.filedShare), href: nil, flag: false, numeric: true),
                        lower.1, upper.1, junior.1,
                        Cell(text: String(school.sums.over_cap), href: nil, flag: school.sums.over_cap > 0, numeric: true),
                        Cell(text: String(school.sums.overrides), href: nil, flag: false, numeric: true),
                        Cell(text: minutes(school.reportedAverage), href: nil,
                             flag: school.sums.feedback_count > 0
                                && overview.profile.homework.feedbackOverrun.exceeds(reported: school.reportedAverage ?? 0, estimate: school.estimateAverage ?? 0),
                             numeric: true),
                        Cell(text: minutes(school.estimateAverage), href: nil, flag: false, numeric: true),
                        Cell(text: "\(school.testsRefused) / \(school.testsWarned)", href: nil, flag: tests > 0, numeric: true),
                        Cell(text: String(school.sums.pending), href: nil, flag: false, numeric: true),
                    ], subtotal: false))
        }
        let district = overview.district
        let charts = try await charts(req, districtId: actor.districtId, schoolId: nil, rows: overview.schools, overview: overview, system: overview.system)
        let meeting = overview.schools.filter(\.meetsCap).count
        let page = Page(
            layout: Layout(req, title: req.t("dash.title")), heading: req.t("dash.districtHeading", district.name), breadcrumbs: [],
            filters: filters,
            stats: [Stat(label: req.t("dash.schoolsMeeting"), value: "\(meeting) / \(overview.schools.count)"),
                    Stat(label: req.t("dash.filedShare"), value: percent(share(overview.schools))),
                    Stat(label: req.t("dash.overCap"), value: String(overview.schools.reduce(0) { $0 + $1.sums.over_cap })),
                    Stat(label: req.t("dash.teachingDays"), value: String(range.teachingDays))],
            charts: charts,
            tables: [Table(id: "schools", headers: headers(req, columns, filters: filters), rows: sorted(rows, keys: columns.map(\.key), req))],
            notes: [req.t("dash.note.average"), req.t("dash.note.tests"),
                    req.t("dash.note.readAt", LocalTime.minute(overview.readAt, zone: district.zone))],
            day: nil, panels: try await panels(req, district: district, schoolId: nil))
        return try await respond(req, page: page)
    }

    static func share(_ rows: [DashboardService.SchoolRow]) -> Double? {
        let days = rows.reduce(0) { $0 + $1.classDays }
        return days > 0 ? Double(rows.reduce(0) { $0 + $1.sums.filed_class_days }) / Double(days) : nil
    }

    static func charts(_ req: Request, districtId: UUID, schoolId: UUID?, rows: [DashboardService.SchoolRow], overview: DashboardService.Overview,
                       system: SchoolSystem) async throws -> [Chart] {
        let trend = try await DashboardService.trend(districtId: districtId, schoolId: schoolId, range: overview.range, system: system, on: req.db)
        let bands = GradeBand.allCases.filter { band in trend.contains { $0.averages[band] != nil } }
        let series = bands.map { band in
            Charts.Series(label: band.label(system, req) + " (" + req.t("dash.cap") + " \(overview.profile.homework.writtenCap[band].value ?? 0))",
                          cssClass: band.rawValue, values: trend.map { $0.averages[band] }, cap: overview.profile.homework.writtenCap[band].value ?? 0)
        }
        let counts = DashboardService.distribution(rows)
        let labels = ["dash.load.none", "dash.load.light", "dash.load.full", "dash.load.over"].map { req.t($0) }
        return [
            Chart(title: req.t("dash.trend"), svg: Charts.trend(dates: trend.map(\.date), series: series, title: req.t("dash.trend"))),
            Chart(title: req.t("dash.distribution"),
                  svg: Charts.bars(zip(labels, zip(counts, ["l0", "l1", "l2", "l3"])).map { ($0, $1.0, $1.1) }, title: req.t("dash.distribution"))),
        ]
    }
}

extension GradeBand {
    /// The band as the district's school system draws it: under 五四制 the upper primary band is grades 3–5.
    func label(_ system: SchoolSystem, _ req: Request) -> String {
        req.t(labelKey, String(system.lastPrimaryGrade))
    }
}
