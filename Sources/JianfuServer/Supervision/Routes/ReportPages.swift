import Fluent
import Foundation
import JianfuCore
import Vapor

/// Required reports: the bureau sets one with a deadline and sees who is late; a school submits its files.
enum ReportPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SupervisionPaths.reports, use: list)
        routes.post(SupervisionPaths.reports, use: create)
        routes.get(SupervisionPaths.report, use: detail)
        routes.post(SupervisionPaths.submissions, use: submit)
    }

    struct ReportLine: Encodable {
        let href: String
        let title: String
        let kind: String
        let dueOn: String
        let asked: Int
        let submitted: Int
        let late: Int
        /// For a school: its own state.
        let state: String?
        let overdue: Bool
    }

    struct ListPage: Encodable {
        let layout: Layout
        let reports: [ReportLine]
        let mayRequire: Bool
        let kinds: [FormOption]
        let schools: [FormOption]
        let form: [String: String]
        let notice: String?
        let error: String?
    }

    static func state(_ status: RequiredReportService.SchoolStatus, _ req: Request) -> String {
        if let on = status.submittedOn { return req.t(status.late ? "sup.submittedLate" : "sup.submittedOn", on) }
        return req.t(status.late ? "sup.reportMissing" : "sup.reportPending")
    }

    @Sendable static func list(_ req: Request) async throws -> View {
        try await renderList(req, notice: nil, error: nil)
    }

    static func renderList(_ req: Request, notice: String?, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        let (_, overviews) = try await RequiredReportService.overviews(actor, on: req.db)
        let schools = actor.isBureauAdmin ? try await School.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$code).all() : []
        return try await req.view.render("supervision/reports", ListPage(
            layout: Layout(req, title: req.t("sup.reports")),
            reports: overviews.map { overview in
                let own = actor.isDistrictWide ? nil : overview.schools.first
                return ReportLine(href: SupervisionPaths.report.path(overview.report.id!), title: overview.report.title,
                                  kind: req.t("sup.reportKind." + overview.report.kind), dueOn: overview.report.dueOn, asked: overview.schools.count,
                                  submitted: overview.submitted, late: overview.late, state: own.map { state($0, req) }, overdue: own?.late ?? (overview.late > 0))
            },
            mayRequire: actor.isBureauAdmin,
            kinds: ReportKind.allCases.map { FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == form["kind"]) },
            schools: schools.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: false) },
            form: form, notice: notice, error: error))
    }

    @Sendable static func create(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        struct Form: Content {
            var title: String?
            var kind: String?
            var dueOn: String?
            var description: String?
            var schools: [String]?
        }
        let form = try req.content.decode(Form.self)
        let echo = ["title": form.title ?? "", "kind": form.kind ?? "", "dueOn": form.dueOn ?? "", "description": form.description ?? ""]
        return try await FormResponse.handle(req, {
            let report = try await RequiredReportService.create(.init(title: form.title ?? "", kind: form.kind ?? "", dueOn: form.dueOn ?? "",
                                                                      description: form.description ?? "",
                                                                      schoolIds: form.schools?.compactMap(UUID.init(uuidString:))), actor, on: req.db)
            return req.redirect(to: SupervisionPaths.report.path(report.id!), redirectType: .normal)
        }, rerender: { try await renderList(req, notice: nil, error: $0, form: echo) })
    }

    struct SchoolLine: Encodable {
        let school: String
        let state: String
        let late: Bool
        let note: String
        let files: [AttachmentLink]
    }

    struct DetailPage: Encodable {
        let layout: Layout
        let title: String
        let kind: String
        let dueOn: String
        let description: String
        let submitted: Int
        let late: Int
        let schools: [SchoolLine]
        let submitAction: String?
        let note: String
        let notice: String?
        let error: String?
    }

    @Sendable static func detail(_ req: Request) async throws -> View {
        try await renderDetail(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderDetail(_ req: Request, id: UUID, notice: String?, error: String?, note: String = "") async throws -> View {
        let actor = try req.requireActor()
        guard let overview = try await RequiredReportService.overviews(reportId: id, actor, on: req.db).reports.first else { throw AppError.notFound }
        let files = try await AttachmentService.attached(to: ReportSubmission.schema, ids: overview.schools.flatMap { $0.submissions.map { $0.id! } }, on: req.db)
        let mayAnswer = overview.schools.contains { actor.adminSchoolIds.contains($0.schoolId) }
        return try await req.view.render("supervision/report", DetailPage(
            layout: Layout(req, title: overview.report.title), title: overview.report.title, kind: req.t("sup.reportKind." + overview.report.kind),
            dueOn: overview.report.dueOn, description: overview.report.description, submitted: overview.submitted, late: overview.late,
            schools: overview.schools.sorted { ($0.late ? 0 : 1, $0.schoolName) < ($1.late ? 0 : 1, $1.schoolName) }.map { status in
                SchoolLine(school: status.schoolName, state: state(status, req), late: status.late,
                           note: status.submissions.map(\.note).filter { !$0.isEmpty }.joined(separator: "；"),
                           files: status.submissions.flatMap { files[$0.id!] ?? [] }.map(AttachmentLink.init))
            },
            submitAction: mayAnswer ? SupervisionPaths.submissions.path(id) : nil, note: note, notice: notice, error: error))
    }

    @Sendable static func submit(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        struct Form: Content { var note: String? }
        let note = (try? req.content.decode(Form.self))?.note ?? ""
        return try await FormResponse.handle(req, {
            let files = try AttachmentService.formFiles(req)
            let (_, late) = try await RequiredReportService.submit(reportId: id, note: note, files: files, schoolId: nil, actor, on: req.db)
            return try await renderDetail(req, id: id, notice: req.t(late ? "sup.reportSubmittedLate" : "sup.reportSubmitted"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderDetail(req, id: id, notice: nil, error: $0, note: note) })
    }
}
