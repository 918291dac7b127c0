import Fluent
import Foundation
import JianfuCore
import Vapor

/// The timetables' pages: the school's classes (and a parent's children's), a class's week with its check, history and
/// form, the school's import, and the district's view of which schools changed what and which fall short.
enum TimetablePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SchoolDayPaths.index, use: index)
        routes.on(.POST, SchoolDayPaths.importFile.components, body: .collect(maxSize: "10mb"), use: importFile)
        routes.get(SchoolDayPaths.classPage, use: classPage)
        routes.post(SchoolDayPaths.classPage, use: publish)
    }

    struct Cell: Encodable {
        let label: String
        let teacher: String
        let activity: Bool
    }

    struct GridRow: Encodable {
        let time: String
        let cells: [Cell]
    }

    struct Grid: Encodable {
        let days: [String]
        let rows: [GridRow]
    }

    /// The week as a table: a row for each start and end time, a column for each school day.
    static func grid(_ periods: [StoredPeriod], language: Language) -> Grid {
        let days = Array(1...max(5, periods.map(\.weekday).max() ?? 5))
        let times = Set(periods.map { "\($0.start)–\($0.end)" }).sorted()
        return Grid(days: days.map { TimetableText.weekday($0, language) }, rows: times.map { time in
            GridRow(time: time, cells: days.map { day in
                let p = periods.first { $0.weekday == day && "\($0.start)–\($0.end)" == time }
                return Cell(label: p?.label ?? "", teacher: p?.teacherName ?? "", activity: p?.activity != nil)
            })
        })
    }

    struct ClassLine: Encodable {
        let name: String
        let href: String
        let publicHref: String
        let version: Int?
        let publishedOn: String
        let status: String
        let short: Bool
    }

    struct SchoolLine: Encodable {
        let name: String
        let href: String
        let classes: Int
        let timetabled: Int
        let short: Int
        let changes: Int
        let flag: Bool
    }

    struct ChangeLine: Encodable {
        let date: String
        let school: String
        let className: String
        let href: String
        let version: Int
        let changes: [String]
        let note: String
    }

    struct ChildWeek: Encodable {
        let name: String
        let className: String
        let publicHref: String
        let grid: Grid?
        let published: String
    }

    /// CP-05: a subject group's share of the school's year beside the nine-year range.
    struct ShareLine: Encodable {
        let group: String
        let share: String
        let range: String
        let outside: Bool
    }

    struct IndexPage: Encodable {
        let layout: Layout
        let schoolName: String?
        let shares: [ShareLine]
        let sharesRule: String
        let classes: [ClassLine]
        let schools: [SchoolLine]
        let changes: [ChangeLine]
        let children: [ChildWeek]
        let mayImport: Bool
        let publicSchoolHref: String?
        let importColumns: String
        let notice: String?
        let error: String?
    }

    static func status(_ version: TimetableVersion?, _ req: Request) -> (String, Bool) {
        guard let version else { return (req.t("tt.none"), true) }
        let problems = (JSONText.decode([StoredProblem].self, version.problems) ?? []).filter { !$0.guideline }
        return problems.isEmpty ? (req.t("tt.meets"), false) : (req.t("tt.short", String(problems.count)), true)
    }

    static func changeTexts(_ version: TimetableVersion, _ language: Language) -> [String] {
        (JSONText.decode([TimetableChange].self, version.changes) ?? []).map { change in
            Strings.text("tt.change", language, [TimetableText.weekday(change.weekday, language), change.start,
                                                 change.from.isEmpty ? Strings.text("tt.empty", language) : change.from,
                                                 change.to.isEmpty ? Strings.text("tt.empty", language) : change.to])
        }
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        try await renderIndex(req, notice: nil, error: nil)
    }

    static func renderIndex(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        // Times are shown on the district's clock.
        guard let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        let zone = district.zone
        let plan = try req.application.policies.profile(for: district).schoolDay
        var schoolName: String?
        var classes: [ClassLine] = []
        var schools: [SchoolLine] = []
        var changes: [ChangeLine] = []
        var children: [ChildWeek] = []
        var shares: [ShareLine] = []
        var schoolId: UUID? = actor.staffSchoolIds.sorted { $0.uuidString < $1.uuidString }.first
        if actor.isDistrictWide {
            schoolId = try? req.query.get(UUID.self, at: "school")
            if schoolId == nil {
                schools = try await TimetableQueries.schools(districtId: actor.districtId, on: req.db).map { s in
                    SchoolLine(name: s.name, href: SchoolDayPaths.index.path + "?school=\(s.id)", classes: s.classes, timetabled: s.timetabled, short: s.short,
                               changes: s.changes, flag: s.short > 0 || s.timetabled < s.classes)
                }
            }
        }
        var schoolNames: [UUID: String] = [:]
        if let id = schoolId, let school = try await School.find(id, on: req.db), school.districtId == actor.districtId {
            schoolName = school.name
            schoolNames[id] = school.name
            let current = Dictionary(try await TimetableQueries.current(schoolId: id, on: req.db).map { ($0.classId, $0) }, uniquingKeysWith: { a, _ in a })
            let summaries = try await SchoolQueries.classSummaries(schoolId: id, on: req.db)
            let weeks = summaries.compactMap { c in
                current[c.id].flatMap { JSONText.decode([StoredPeriod].self, $0.periods) }.map { (grade: c.grade_number, periods: $0.map(\.period)) }
            }
            shares = CurriculumShare.year(of: weeks, plan: plan).map { share in
                ShareLine(group: share.group, share: String(format: "%.1f%%", Double(share.permille) / 10), range: "\(share.minPercent)–\(share.maxPercent)%",
                          outside: !share.within)
            }
            classes = summaries.map { c in
                let version = current[c.id]
                let (text, short) = status(version, req)
                return ClassLine(name: ClassNames.name(c.grade_number, c.number, language), href: SchoolDayPaths.classPage.path(c.id),
                                 publicHref: SchoolDayPaths.publicClass.path(c.id), version: version?.number,
                                 publishedOn: version.map { LocalTime.minute($0.publishedAt, zone: zone) } ?? "", status: text, short: short)
            }
        } else {
            schoolId = nil
        }
        if actor.isDistrictWide || schoolId != nil {
            let recent = try await TimetableQueries.recentChanges(districtId: actor.districtId, schoolId: schoolId, limit: 30, on: req.db)
            if !recent.isEmpty {
                let classRows = try await SchoolClass.query(on: req.db).filter(\.$id ~~ Set(recent.map(\.classId))).all()
                let classNames = Dictionary(classRows.map { ($0.id!, ClassNames.name($0.gradeNumber, $0.number, language)) }, uniquingKeysWith: { a, _ in a })
                let missing = Set(recent.map(\.schoolId)).subtracting(schoolNames.keys)
                if !missing.isEmpty {
                    for school in try await School.query(on: req.db).filter(\.$id ~~ missing).all() { schoolNames[school.id!] = school.name }
                }
                changes = recent.map { v in
                    ChangeLine(date: LocalTime.minute(v.publishedAt, zone: zone), school: schoolNames[v.schoolId] ?? "", className: classNames[v.classId] ?? "",
                               href: SchoolDayPaths.classPage.path(v.classId), version: v.number, changes: changeTexts(v, language), note: v.note)
                }
            }
        }
        for child in actor.children {
            guard let schoolClass = try await SchoolClass.find(child.classId, on: req.db) else { continue }
            let version = try await TimetableQueries.current(classId: child.classId, on: req.db)
            let periods = version.flatMap { JSONText.decode([StoredPeriod].self, $0.periods) }
            children.append(ChildWeek(name: child.name, className: ClassNames.name(schoolClass.gradeNumber, schoolClass.number, language),
                                      publicHref: SchoolDayPaths.publicClass.path(child.classId), grid: periods.map { grid($0, language: language) },
                                      published: version.map { req.t("tt.versionOn", String($0.number), LocalTime.minute($0.publishedAt, zone: zone)) } ?? ""))
        }
        return try await req.view.render("timetables/index", IndexPage(
            layout: Layout(req, title: req.t("tt.title")), schoolName: schoolName,
            shares: shares, sharesRule: plan.shares.rule, classes: classes, schools: schools, changes: changes, children: children,
            mayImport: schoolId.map { actor.adminSchoolIds.contains($0) } ?? false,
            publicSchoolHref: schoolId.map { SchoolDayPaths.publicSchool.path($0) },
            importColumns: ([TimetableService.classColumn] + TimetableService.columns).map { req.t($0) }.joined(separator: "、"),
            notice: notice, error: error))
    }

    @Sendable static func importFile(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let schoolId = actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }).first else { throw AppError.forbidden }
        struct Upload: Content { var file: File?; var note: String? }
        return try await FormResponse.handle(req, {
            guard let upload = try? req.content.decode(Upload.self), let file = upload.file, file.data.readableBytes > 0 else { throw SchoolDayError.noFile }
            let published = try await TimetableService.importSchool(Data(buffer: file.data), schoolId: schoolId, note: upload.note ?? "", actor,
                                                                    policies: req.application.policies, on: req.db)
            let short = published.filter { !$0.version.meets }.count
            return try await renderIndex(req, notice: req.t("tt.imported", String(published.filter { !$0.unchanged }.count), String(short)), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderIndex(req, notice: nil, error: $0) })
    }

    struct VersionLine: Encodable {
        let number: Int
        let date: String
        let by: String
        let changes: [String]
        let note: String
    }

    struct ClassPage: Encodable {
        let layout: Layout
        let schoolName: String
        let className: String
        let grid: Grid?
        let version: Int?
        let published: String
        let meets: Bool
        let problems: [String]
        let warnings: [String]
        let history: [VersionLine]
        let mayPublish: Bool
        let formText: String
        let note: String
        let actionPath: String
        let publicHref: String
        let backHref: String
        let columns: String
        let notice: String?
        let error: String?
    }

    static func renderClass(_ req: Request, classId: UUID, notice: String?, error: String?, text: String? = nil, note: String = "") async throws -> View {
        let actor = try req.requireActor()
        let context = try await TimetableService.context(classId, policies: req.application.policies, on: req.db)
        guard TimetableService.mayRead(actor, schoolId: context.school.id!, districtId: context.district.id!) else { throw AppError.notFound }
        let language = req.language
        let history = try await TimetableQueries.history(classId: classId, on: req.db)
        let current = history.first
        let periods = current.flatMap { JSONText.decode([StoredPeriod].self, $0.periods) } ?? []
        let problems = current.flatMap { JSONText.decode([StoredProblem].self, $0.problems) } ?? []
        let people = Set(history.compactMap(\.publishedBy))
        let names = people.isEmpty ? [:] : Dictionary(try await User.query(on: req.db).filter(\.$id ~~ people).all().map { ($0.id!, $0.displayName) },
                                                      uniquingKeysWith: { a, _ in a })
        let zone = context.district.zone
        let className = ClassNames.name(context.schoolClass.gradeNumber, context.schoolClass.number, language)
        return try await req.view.render("timetables/class", ClassPage(
            layout: Layout(req, title: req.t("tt.classTitle", className)), schoolName: context.school.name, className: className,
            grid: current == nil ? nil : grid(periods, language: language), version: current?.number,
            published: current.map { req.t("tt.versionOn", String($0.number), LocalTime.minute($0.publishedAt, zone: zone)) } ?? "",
            meets: current?.meets ?? false,
            problems: problems.filter { !$0.guideline }.map { TimetableText.shortfall($0, language) },
            warnings: problems.filter(\.guideline).map { TimetableText.shortfall($0, language) },
            history: history.map { v in
                VersionLine(number: v.number, date: LocalTime.minute(v.publishedAt, zone: zone), by: v.publishedBy.flatMap { names[$0] } ?? "",
                            changes: v.number == 1 ? [req.t("tt.firstVersion")] : changeTexts(v, language), note: v.note)
            },
            mayPublish: actor.adminSchoolIds.contains(context.school.id!),
            formText: text ?? TimetableService.text(TimetableService.rows(periods, language: language)), note: note,
            actionPath: SchoolDayPaths.classPage.path(classId), publicHref: SchoolDayPaths.publicClass.path(classId),
            backHref: SchoolDayPaths.index.path + (actor.isDistrictWide ? "?school=\(context.school.id!)" : ""),
            columns: TimetableService.columns.map { req.t($0) }.joined(separator: "、"), notice: notice, error: error))
    }

    @Sendable static func classPage(_ req: Request) async throws -> View {
        let id = try req.idParameter()
        let notice = req.query[String.self, at: "published"].map { $0 == "same" ? req.t("tt.unchanged") : req.t("tt.published") }
        return try await renderClass(req, classId: id, notice: notice, error: nil)
    }

    @Sendable static func publish(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let context = try await TimetableService.context(id, policies: req.application.policies, on: req.db)
        try TimetableService.requirePublish(actor, context)
        let form = try req.content.decode([String: String].self)
        let text = form["periods"] ?? ""
        let note = form["note"] ?? ""
        return try await FormResponse.handle(req, {
            let inputs = try TimetableService.inputs(csv: text, withClass: false).map(\.input)
            let published = try await TimetableService.publish(classId: id, inputs, note: note, actor, policies: req.application.policies, on: req.db)
            return req.redirect(to: SchoolDayPaths.classPage.path(id) + "?published=" + (published.unchanged ? "same" : "new"))
        }, rerender: { try await renderClass(req, classId: id, notice: nil, error: $0, text: text, note: note) })
    }
}
