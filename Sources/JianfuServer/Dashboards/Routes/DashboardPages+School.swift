import Fluent
import Foundation
import JianfuCore
import Vapor

extension DashboardPages {
    // MARK: one school

    @Sendable static func school(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let school = try await DashboardService.requireSchool(try req.idParameter(), actor, on: req.db)
        let range = try await range(req, actor: actor)
        let overview = try await DashboardService.overview(actor, range: range, schoolId: school.id, policies: req.application.policies, cache: req.application.dashboardCache, on: req.db)
        guard let summary = overview.schools.first else { throw AppError.notFound }
        let district = overview.district, system = overview.system
        let filters = filters(req, range: range)
        let language = req.language
        let classes = try await DashboardService.classes(of: school, range: range, profile: overview.profile, system: system, on: req.db)
        let columns: [(key: String, label: String, numeric: Bool)] = [
            ("class", req.t("tests.class"), false), ("filed", req.t("dash.filedDays"), true), ("average", req.t("dash.average"), true),
            ("over", req.t("dash.overCap"), true), ("overrides", req.t("dash.overrides"), true), ("reported", req.t("dash.reported"), true),
            ("estimate", req.t("dash.estimate"), true), ("pending", req.t("dash.pending"), true),
        ]
        func row(label: String, href: String?, sums: DashboardQueries.Sums, load: BandLoad, classDays: Int, subtotal: Bool) -> (values: [Double?], row: Row) {
            let reported = sums.reportedAverage
            let estimate = sums.estimateAverage
            return ([nil, Double(sums.filed_class_days), load.averageMinutes, Double(sums.over_cap), Double(sums.overrides), reported, estimate, Double(sums.pending)],
                    Row(cells: [
                        Cell(text: label, href: href, flag: !load.meetsCap, numeric: false),
                        Cell(text: "\(sums.filed_class_days) / \(classDays)", href: nil, flag: sums.filed_class_days == 0 && classDays > 0, numeric: true),
                        Cell(text: "\(minutes(load.averageMinutes)) / \(load.capMinutes)", href: nil, flag: !load.meetsCap, numeric: true),
                        Cell(text: String(sums.over_cap), href: nil, flag: sums.over_cap > 0, numeric: true),
                        Cell(text: String(sums.overrides), href: nil, flag: false, numeric: true),
                        Cell(text: minutes(reported), href: nil,
                             flag: sums.feedback_count > 0 && overview.profile.homework.feedbackOverrun.exceeds(reported: reported ?? 0, estimate: estimate ?? 0),
                             numeric: true),
                        Cell(text: minutes(estimate), href: nil, flag: false, numeric: true),
                        Cell(text: String(sums.pending), href: nil, flag: false, numeric: true),
                    ], subtotal: subtotal))
        }
        var rows: [(values: [Double?], row: Row)] = []
        let sorting = req.query[String.self, at: "sort"] != nil
        for (grade, gradeClasses) in Dictionary(grouping: classes, by: \.gradeNumber).sorted(by: { $0.key < $1.key }) {
            for c in gradeClasses {
                rows.append(row(label: ClassNames.name(c.gradeNumber, c.number, language), href: DashboardsPaths.dashboardClass.path(c.classId) + "?\(filters.query)",
                                sums: c.sums, load: c.load, classDays: range.teachingDays, subtotal: false))
            }
            // Grade subtotals only read well in the grade order; a sorted table lists classes alone.
            if !sorting, let first = gradeClasses.first {
                let sums = gradeClasses.map(\.sums).reduce(.zero, +)
                let load = BandLoad(band: first.band, classDays: range.teachingDays * gradeClasses.count, writtenMinutes: sums.written_minutes,
                                    capMinutes: first.load.capMinutes)
                rows.append(row(label: req.t("dash.gradeTotal", String(grade)), href: nil, sums: sums, load: load,
                                classDays: range.teachingDays * gradeClasses.count, subtotal: true))
            }
        }
        var charts = try await charts(req, districtId: district.id!, schoolId: school.id, rows: overview.schools, overview: overview, system: system)
        let days = range.calendar.teachingDays(from: range.from, through: range.through)
        let dayRows = try await DashboardQueries.classDays(schoolId: school.id, classId: nil, from: range.from.iso, through: range.through.iso, on: req.db)
        let byClass = Dictionary(grouping: dayRows, by: \.class_id)
        let heat = classes.map { c in
            let minutesByDay = Dictionary((byClass[c.classId] ?? []).map { ($0.date, $0.written_minutes) }, uniquingKeysWith: +)
            return Charts.HeatRow(label: ClassNames.name(c.gradeNumber, c.number, language), cells: days.map { minutesByDay[$0.iso] }, cap: c.load.capMinutes)
        }
        charts.append(Chart(title: req.t("dash.heatMap"), svg: Charts.heatMap(dates: days, rows: heat, title: req.t("dash.heatMap"))))
        var stats = [Stat(label: req.t("dash.filedShare"), value: percent(summary.filedShare))]
        stats += summary.bands.map { Stat(label: $0.band.label(system, req), value: "\(minutes($0.averageMinutes)) / \($0.capMinutes)") }
        stats.append(Stat(label: req.t("dash.pending"), value: String(summary.sums.pending)))
        let overruns = try await HomeworkService.overruns(schoolId: school.id!, classIds: nil, policies: req.application.policies, on: req.db,
                                                          today: WallClock.today(in: district.zone))
        let notes = overruns.map { req.t("dash.overrun", ClassNames.name($0.gradeNumber, $0.classNumber, language), String($0.days.count)) }
        let crumbs = actor.isDistrictWide ? [Crumb(label: req.t("dash.title"), href: DashboardsPaths.dashboard.path + "?\(filters.query)")] : []
        let page = Page(layout: Layout(req, title: req.t("dash.title")), heading: school.name, breadcrumbs: crumbs, filters: filters, stats: stats,
                        charts: charts, tables: [Table(id: "classes", headers: headers(req, columns, filters: filters), rows: sorted(rows, keys: columns.map(\.key), req))],
                        notes: notes + [req.t("dash.note.average"), req.t("dash.note.readAt", LocalTime.minute(overview.readAt, zone: district.zone))],
                        day: nil, panels: try await panels(req, district: district, schoolId: school.id))
        return try await respond(req, page: page)
    }

    // MARK: one class

    @Sendable static func schoolClass(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let schoolClass = try await SchoolClass.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        let school = try await DashboardService.requireSchool(schoolClass.schoolId, actor, on: req.db)
        if !actor.isDistrictWide, !actor.adminSchoolIds.contains(school.id!), !actor.canSeeRoster(of: schoolClass.scope) { throw AppError.notFound }
        let range = try await range(req, actor: actor)
        let filters = filters(req, range: range)
        let language = req.language
        let className = ClassNames.name(schoolClass.gradeNumber, schoolClass.number, language)
        let rows = try await DashboardQueries.classDays(schoolId: nil, classId: schoolClass.id, from: range.from.iso, through: range.through.iso, on: req.db)
        let byDay = Dictionary(rows.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        guard let context = try await ClassContext.load(schoolClass.id!, policies: req.application.policies, on: req.db) else { throw AppError.notFound }
        let columns: [(key: String, label: String, numeric: Bool)] = [
            ("date", req.t("tests.date"), false), ("written", req.t("dash.written"), true), ("published", req.t("dash.published"), true),
            ("items", req.t("dash.items"), true), ("overrides", req.t("dash.overrides"), true), ("reported", req.t("dash.reported"), true),
            ("reports", req.t("dash.reports"), true),
        ]
        // The cap that judged each day: kept with its sums, or the one in force that day where nothing was filed.
        let teachingDays = range.calendar.teachingDays(from: range.from, through: range.through)
        let caps = try Dictionary(uniqueKeysWithValues: teachingDays.map { day in
            (day, try byDay[day.iso]?.cap_minutes ?? context.rules(calendar: range.calendar, on: day).capMinutes)
        })
        let capChanges = zip(teachingDays, teachingDays.dropFirst()).filter { caps[$0.0] != caps[$0.1] }
            .map { req.t("dash.note.capChanged", $0.1.iso, String(caps[$0.1]!)) }
        let tableRows = teachingDays.map { day -> (values: [Double?], row: Row) in
            let row = byDay[day.iso]
            let cap = caps[day]!
            let reported = row.flatMap { ReportedTime.average(totalMinutes: $0.feedback_minutes, reports: $0.feedback_count) }
            let written = row?.written_minutes ?? 0
            return ([Double(day.dayNumber), Double(written), Double(row?.published_minutes ?? 0), Double(row?.filed_items ?? 0),
                     Double(row?.overrides ?? 0), reported, Double(row?.feedback_count ?? 0)],
                    Row(cells: [
                        Cell(text: day.iso, href: req.url.path + "?\(filters.query)&day=\(day.iso)", flag: written > cap, numeric: false),
                        Cell(text: "\(written) / \(cap)", href: nil, flag: written > cap, numeric: true),
                        Cell(text: String(row?.published_minutes ?? 0), href: nil, flag: false, numeric: true),
                        Cell(text: String(row?.filed_items ?? 0), href: nil, flag: (row?.filed_items ?? 0) == 0, numeric: true),
                        Cell(text: String(row?.overrides ?? 0), href: nil, flag: false, numeric: true),
                        Cell(text: minutes(reported), href: nil, flag: false, numeric: true),
                        Cell(text: String(row?.feedback_count ?? 0), href: nil, flag: false, numeric: true),
                    ], subtotal: false))
        }
        var day: DayDetail? = nil
        if let raw = req.query[String.self, at: "day"] {
            guard let date = LocalDate(iso: raw) else { throw AppError.invalid(field: "day", messageKey: "dash.badRange") }
            let load = try await HomeworkService.load(classId: schoolClass.id!, date: date, actor, policies: req.application.policies, on: req.db)
            day = DayDetail(title: "\(className) · \(date.iso) · \(load.plannedMinutes) / \(load.capMinutes) " + req.t("unit.minutes"),
                            lines: HomeworkPages.lines(load.entries, req))
        }
        var crumbs = [Crumb(label: school.name, href: DashboardsPaths.dashboardSchool.path(school.id!) + "?\(filters.query)")]
        if actor.isDistrictWide { crumbs.insert(Crumb(label: req.t("dash.title"), href: DashboardsPaths.dashboard.path + "?\(filters.query)"), at: 0) }
        let page = Page(layout: Layout(req, title: req.t("dash.title")), heading: "\(school.name) \(className)", breadcrumbs: crumbs, filters: filters,
                        stats: [], charts: [],
                        tables: [Table(id: "days", headers: headers(req, columns, filters: filters), rows: sorted(tableRows, keys: columns.map(\.key), req))],
                        notes: capChanges, day: day)
        return try await respond(req, page: page)
    }
}

extension DashboardPages {
    // MARK: the half-monthly report

    @Sendable static func halfMonthly(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let date = try req.query[String.self, at: "date"].map { raw -> LocalDate in
            guard let date = LocalDate(iso: raw) else { throw AppError.invalid(field: "date", messageKey: "dash.badRange") }
            return date
        }
        let report = try await DashboardService.halfMonthly(actor, date: date, policies: req.application.policies, cache: req.application.dashboardCache, on: req.db)
        let period = report.period
        let rows = report.indicators.map { indicator -> (values: [Double?], row: Row) in
            let value: String
            if !indicator.recorded {
                value = req.t("dash.notRecorded")
            } else if indicator.isShare {
                value = percent(indicator.value) + " (\(indicator.numerator ?? 0) / \(indicator.denominator ?? 0))"
            } else {
                value = String(indicator.numerator ?? 0)
            }
            return ([nil, nil, nil], Row(cells: [
                Cell(text: req.t("half." + indicator.key), href: nil, flag: false, numeric: false),
                Cell(text: value, href: nil, flag: !indicator.recorded, numeric: true),
                Cell(text: req.t("half." + indicator.key + ".source"), href: nil, flag: false, numeric: false),
            ], subtotal: false))
        }
        let previous = period.previous.through.iso
        let filters = Filters(preset: "custom", from: period.from.iso, to: period.through.iso, teachingDays: 0, query: "date=\(period.from.iso)",
                              csvHref: DashboardsPaths.halfMonthly.path + "?date=\(period.from.iso)&format=csv", showRange: false)
        let page = Page(
            layout: Layout(req, title: req.t("half.title")), heading: req.t("half.heading", period.from.iso, period.through.iso),
            breadcrumbs: [Crumb(label: req.t("dash.title"), href: DashboardsPaths.dashboard.path),
                          Crumb(label: req.t("half.previous"), href: DashboardsPaths.halfMonthly.path + "?date=\(previous)")],
            filters: filters, stats: [], charts: [],
            tables: [Table(id: "half-monthly", headers: [Header(label: req.t("half.indicator"), href: "", current: false, numeric: false),
                                                          Header(label: req.t("half.value"), href: "", current: false, numeric: true),
                                                          Header(label: req.t("half.source"), href: "", current: false, numeric: false)],
                           rows: rows.map(\.row))],
            notes: [req.t("half.note")], day: nil)
        return try await respond(req, page: page)
    }
}
