import Fluent
import Foundation
import JianfuCore
import Vapor

/// The five-managements pages: the district's schools side by side (sleep, activity, reading, phones, and homework
/// from the homework module), and one school's grades with its administrators' start of the term's questionnaires.
enum MonitoringPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(FiveManagementsPaths.index, use: index)
        routes.get(FiveManagementsPaths.school, use: school)
        routes.post(FiveManagementsPaths.start, use: start)
    }

    /// One row of figures: a school's (on the district's page) or a grade's (on a school's).
    struct Row: Encodable {
        let name: String
        let href: String?
        let started: Bool
        let responses: Int
        let audience: Int
        let rate: String
        let sleep: Cell
        let bedtime: Cell
        let activityIn: Cell
        let activityOut: Cell
        let phone: Cell
        let reading: String
        let homework: Homework?
        let surveyHref: String?
    }

    /// A share within a target; flagged when under half (a school to ask about, not a rule's threshold).
    struct Cell: Encodable {
        let text: String
        let flag: Bool
    }

    /// The homework module's figures for the term so far: the fifth management.
    struct Homework: Encodable {
        let withinCap: String
        let overCap: Int
        let reported: String
    }

    struct Target: Encodable {
        let label: String
        let value: String
        let rule: String
    }

    struct Page: Encodable {
        let layout: Layout
        let term: String
        let heading: String
        let rows: [Row]
        let total: Row?
        let targets: [Target]
        let schoolPage: Bool
        let mayStart: Bool
        let startPath: String
        let opensOn: String
        let closesOn: String
        let notice: String?
        let error: String?
    }

    @Sendable static func index(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        if !actor.isDistrictWide {
            // A school's administrators have one school's page; nobody else has one.
            guard let own = actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }).first else { throw AppError.notFound }
            return req.redirect(to: FiveManagementsPaths.school.path(own))
        }
        let overview = try await MonitoringService.overview(schoolId: nil, actor, policies: req.application.policies, cache: req.application.dashboardCache,
                                                            on: req.db)
        let rows = overview.schools.map { line in
            row(req, name: line.school.name, href: FiveManagementsPaths.school.path(line.school.id!), started: line.started, figures: line.figures,
                audience: line.audience, homework: overview.homework[line.school.id!], surveyHref: nil)
        }
        let all = overview.schools.map(\.figures).reduce(.none, +)
        let total = row(req, name: req.t("fm.district"), href: nil, started: overview.schools.contains(where: \.started), figures: all,
                        audience: overview.schools.filter(\.started).reduce(0) { $0 + $1.audience }, homework: nil, surveyHref: nil)
        return try await req.view.render("five-managements/index", page(req, overview, heading: req.t("fm.title"), rows: rows, total: total,
                                                                         schoolPage: false, mayStart: false, startPath: "", notice: nil, error: nil))
            .encodeResponse(for: req)
    }

    @Sendable static func school(_ req: Request) async throws -> View {
        let notice = req.query[String.self, at: "done"] == "start" ? req.t("fm.m.started") : nil
        return try await renderSchool(req, id: try req.idParameter(), notice: notice, error: nil)
    }

    static func renderSchool(_ req: Request, id: UUID, notice: String?, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        let overview = try await MonitoringService.overview(schoolId: id, actor, policies: req.application.policies, cache: req.application.dashboardCache,
                                                            on: req.db)
        guard let line = overview.schools.first else { throw AppError.notFound }
        let rows = line.grades.map { grade in
            row(req, name: req.t("grade.name", String(grade.grade)), href: nil, started: grade.survey != nil, figures: grade.figures, audience: grade.audience,
                homework: nil, surveyHref: grade.survey.map { SurveyPaths.results.path($0.id!) })
        }
        let total = row(req, name: req.t("fm.wholeSchool"), href: nil, started: line.started, figures: line.figures, audience: line.audience,
                        homework: overview.homework[id], surveyHref: nil)
        return try await req.view.render("five-managements/school", page(
            req, overview, heading: line.school.name, rows: rows, total: total, schoolPage: true,
            mayStart: MonitoringService.mayStart(id, actor) && !line.started, startPath: FiveManagementsPaths.start.path(id), notice: notice, error: error,
            form: form))
    }

    @Sendable static func start(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        guard MonitoringService.mayStart(id, actor) else { throw actor.isDistrictWide ? AppError.forbidden : AppError.notFound }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            _ = try await MonitoringService.start(schoolId: id, opensOn: form["opensOn"] ?? "", closesOn: form["closesOn"] ?? "", actor,
                                                  policies: req.application.policies, on: req.db)
            return req.redirect(to: FiveManagementsPaths.school.path(id) + "?done=start")
        }, rerender: { try await renderSchool(req, id: id, notice: nil, error: $0, form: form) })
    }

    static func page(_ req: Request, _ overview: MonitoringService.Overview, heading: String, rows: [Row], total: Row?, schoolPage: Bool, mayStart: Bool,
                     startPath: String, notice: String?, error: String?, form: [String: String] = [:]) -> Page {
        let m = overview.profile.schoolDay.monitoring
        func minutes(_ v: RuledValue) -> String { req.t("fm.minutes", String(v.required)) }
        func hours(_ v: RuledValue) -> String { req.t("fm.hours", SurveyError.number(Double(v.required) / 60)) }
        func time(_ v: RuledValue) -> String { TimeOfDay(minutes: v.required)?.hhmm ?? "" }
        let targets = [
            Target(label: req.t("fm.t.sleep"), value: req.t("fm.t.byStage", hours(m.sleepMinutes.primary), hours(m.sleepMinutes.junior)), rule: m.sleepMinutes.primary.rule),
            Target(label: req.t("fm.t.bedtime"), value: req.t("fm.t.byStage", time(m.bedtime.primary), time(m.bedtime.junior)), rule: m.bedtime.primary.rule),
            Target(label: req.t("fm.t.activity"), value: req.t("fm.t.inOut", minutes(m.activityInSchoolMinutes), minutes(m.activityOutOfSchoolMinutes)),
                   rule: m.activityInSchoolMinutes.rule),
            Target(label: req.t("fm.t.phone"), value: req.t("fm.t.phoneValue"), rule: m.phone.rule + "、PH-02"),
            Target(label: req.t("fm.t.reading"), value: req.t("fm.t.readingValue"), rule: m.reading.rule),
        ]
        return Page(layout: Layout(req, title: heading), term: overview.term.name, heading: heading, rows: rows, total: total, targets: targets,
                    schoolPage: schoolPage, mayStart: mayStart, startPath: startPath, opensOn: form["opensOn"] ?? overview.today.iso,
                    closesOn: form["closesOn"] ?? overview.today.adding(days: 13).iso, notice: notice, error: error)
    }

    static func row(_ req: Request, name: String, href: String?, started: Bool, figures: FiveManagementsMonitoring.Figures, audience: Int,
                    homework: DashboardService.SchoolRow?, surveyHref: String?) -> Row {
        func cell(_ share: FiveManagementsMonitoring.Share) -> Cell {
            guard let percent = share.percent else { return Cell(text: "—", flag: false) }
            return Cell(text: "\(percent)%", flag: percent < 50)
        }
        let rate = started ? SurveyResults.ratePercent(responses: figures.responses, audience: audience).map { "\($0)%" } ?? "—" : req.t("fm.notStarted")
        let work = homework.flatMap { h -> Homework? in
            guard h.classDays > 0 else { return nil }
            let within = (h.classDays - h.sums.over_cap) * 100 / h.classDays
            return Homework(withinCap: "\(within)%", overCap: h.sums.over_cap,
                            reported: h.reportedAverage.map { req.t("fm.minutes", String(Int($0.rounded()))) } ?? "—")
        }
        return Row(name: name, href: href, started: started, responses: figures.responses, audience: audience, rate: rate, sleep: cell(figures.sleep),
                   bedtime: cell(figures.bedtime), activityIn: cell(figures.activityInSchool), activityOut: cell(figures.activityOutOfSchool),
                   phone: cell(figures.phone), reading: figures.readingMeanMinutes.map { req.t("fm.minutes", String($0)) } ?? "—", homework: work,
                   surveyHref: surveyHref)
    }
}
