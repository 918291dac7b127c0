import Fluent
import Foundation
import JianfuCore
import Vapor

/// The month's staff hours and stipends: a table for the school and the bureau, and a CSV Excel opens for the finance office.
extension AfterSchoolPages {
    static func registerStipends(_ routes: any RoutesBuilder) {
        routes.get(AfterSchoolPaths.schoolStipends, use: schoolStipends)
        routes.get(AfterSchoolPaths.schoolStipendsCSV, use: schoolStipendsCSV)
        routes.get(AfterSchoolPaths.stipends, use: districtStipends)
    }

    struct StipendCell: Encodable {
        let text: String
        let num: Bool
        let href: String?

        init(_ text: String, num: Bool = false, href: String? = nil) {
            self.text = text
            self.num = num
            self.href = href
        }
    }

    struct StipendsPage: Encodable {
        let layout: Layout
        let heading: String
        let schoolName: String?
        let schoolHref: String?
        let month: String
        let monthName: String
        let action: String
        let previousHref: String
        let rates: String
        let rule: String
        let csvHref: String?
        let header: [StipendCell]
        let lines: [[StipendCell]]
        let total: [StipendCell]
    }

    struct MonthQuery: Content {
        var month: String?
    }

    /// "28.33": hours to the hundredth, as the finance office writes them.
    static func hours(minutes: Int) -> String {
        Stipends.yuan(fen: (minutes * 100 + 30) / 60)
    }

    static func ratesText(_ rates: StipendRates, _ req: Request) -> String {
        guard rates.isSet else { return req.t("as.ratesUnset") }
        let parts = [rates.perHourYuan.map { req.t("as.ratePerHour", String($0)) }, rates.perSessionYuan.map { req.t("as.ratePerSession", String($0)) }]
        return req.t("as.rates", parts.compactMap { $0 }.joined(separator: " + "))
    }

    static func owedText(_ line: StipendLine, rates: StipendRates, _ req: Request) -> String {
        if let fen = line.owedFen { return Stipends.yuan(fen: fen) }
        guard rates.isSet else { return "—" }
        return req.t(line.staffKind == .volunteer ? "as.owed.volunteer" : "as.owed.agreement")
    }

    static func staffRows(_ month: AfterSchoolService.SchoolStipends, _ req: Request) -> (header: [String], rows: [[String]], total: [String]) {
        let header = ["as.staffName", "as.staffKindHeading", "as.programCount", "as.sessionsHeld", "as.hours", "as.owedYuan"].map { req.t($0) }
        let rows = month.lines.map { line in
            [line.staffName, req.t(line.staffKind.labelKey), line.programs.joined(separator: "、"), String(line.sessions), hours(minutes: line.minutes),
             owedText(line, rates: month.rates, req)]
        }
        let owed = month.lines.compactMap(\.owedFen).reduce(0, +)
        let total = [req.t("as.total"), "", "", String(month.lines.reduce(0) { $0 + $1.sessions }), hours(minutes: month.lines.reduce(0) { $0 + $1.minutes }),
                     month.rates.isSet ? Stipends.yuan(fen: owed) : "—"]
        return (header, rows, total)
    }

    @Sendable static func schoolStipends(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let month = try await AfterSchoolService.stipends(schoolId: id, month: try req.query.decode(MonthQuery.self).month, actor,
                                                          policies: req.application.policies, on: req.db)
        let table = staffRows(month, req)
        let numeric: Set<Int> = [3, 4, 5]
        func cells(_ row: [String]) -> [StipendCell] { row.enumerated().map { StipendCell($0.element, num: numeric.contains($0.offset)) } }
        let path = AfterSchoolPaths.schoolStipends.path(id)
        return try await req.view.render("after-school/stipends", StipendsPage(
            layout: Layout(req, title: req.t("as.stipends") + " · " + month.school.name), heading: req.t("as.stipends"),
            schoolName: month.school.name, schoolHref: AfterSchoolPaths.school.path(id), month: month.month.text,
            monthName: req.t("as.monthName", String(month.month.year), String(month.month.month)), action: path,
            previousHref: path + "?month=" + month.month.previous.text, rates: ratesText(month.rates, req), rule: month.rule.rule + " · " + month.rule.source,
            csvHref: AfterSchoolPaths.schoolStipendsCSV.path(id) + "?month=" + month.month.text,
            header: cells(table.header), lines: table.rows.map(cells), total: cells(table.total)))
    }

    @Sendable static func schoolStipendsCSV(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let month = try await AfterSchoolService.stipends(schoolId: id, month: try req.query.decode(MonthQuery.self).month, actor,
                                                          policies: req.application.policies, on: req.db)
        try await req.db.audit(actor, districtId: month.school.districtId, schoolId: id, action: "after_school.stipends_export", entity: "schools",
                               entityId: id, detail: ["month": month.month.text, "staff": String(month.lines.count)])
        let table = staffRows(month, req)
        let title = [month.school.name, req.t("as.monthName", String(month.month.year), String(month.month.month)), ratesText(month.rates, req)]
        return CSVDownload.response(rows: [title, table.header] + table.rows + [table.total], asciiName: "stipends-\(month.month.text)",
                                    displayName: "\(month.school.name)课后服务补助-\(month.month.text)")
    }

    @Sendable static func districtStipends(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let month = try await AfterSchoolService.districtStipends(month: try req.query.decode(MonthQuery.self).month, actor,
                                                                  policies: req.application.policies, on: req.db)
        let header = ["as.school", "as.staffCount", "as.sessionsHeld", "as.hours", "as.owedYuan"].enumerated()
            .map { StipendCell(req.t($0.element), num: $0.offset > 0) }
        let owedTotal = month.rates.isSet ? Stipends.yuan(fen: month.schools.reduce(0) { $0 + $1.owedFen }) : "—"
        let lines = month.schools.map { s in
            [StipendCell(s.schoolName, href: AfterSchoolPaths.schoolStipends.path(s.schoolId) + "?month=" + month.month.text),
             StipendCell(String(s.staff), num: true), StipendCell(String(s.sessions), num: true), StipendCell(hours(minutes: s.minutes), num: true),
             StipendCell(month.rates.isSet ? Stipends.yuan(fen: s.owedFen) : "—", num: true)]
        }
        let total = [StipendCell(req.t("as.total")), StipendCell(String(month.schools.reduce(0) { $0 + $1.staff }), num: true),
                     StipendCell(String(month.schools.reduce(0) { $0 + $1.sessions }), num: true),
                     StipendCell(hours(minutes: month.schools.reduce(0) { $0 + $1.minutes }), num: true), StipendCell(owedTotal, num: true)]
        return try await req.view.render("after-school/stipends", StipendsPage(
            layout: Layout(req, title: req.t("as.stipendsDistrict")), heading: req.t("as.stipendsDistrict"), schoolName: nil, schoolHref: nil,
            month: month.month.text, monthName: req.t("as.monthName", String(month.month.year), String(month.month.month)),
            action: AfterSchoolPaths.stipends.path, previousHref: AfterSchoolPaths.stipends.path + "?month=" + month.month.previous.text,
            rates: ratesText(month.rates, req), rule: month.rule.rule + " · " + month.rule.source, csvHref: nil,
            header: header, lines: lines, total: total))
    }
}
