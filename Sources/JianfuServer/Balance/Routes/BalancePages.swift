import Fluent
import Foundation
import JianfuCore
import Vapor

/// The county's balance for the bureau (coefficients against their limits, each school's standing, class sizes, the
/// trend, printable for the report upward) and a school's figures with its administrators' form.
enum BalancePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(BalancePaths.index, use: index)
        routes.get(BalancePaths.school, use: school)
        routes.post(BalancePaths.school, use: record)
    }

    struct Cell: Encodable {
        let text: String
        let flag: Bool
    }

    struct IndicatorRow: Encodable {
        let code: String
        let name: String
        let coefficient: Cell
        let limit: String
        let mean: String
        let pulling: String
    }

    struct StageBlock: Encodable {
        let title: String
        let schools: Int
        let rows: [IndicatorRow]
        let verdict: Cell
    }

    struct SchoolRow: Encodable {
        let name: String
        let href: String
        let part: String
        let met: String
        let passes: Cell
        let shortfalls: String
    }

    struct SizeRow: Encodable {
        let name: String
        let classes: Int
        let over: Int
        let large: Int
        let huge: Int
        let list: String
    }

    struct TrendRow: Encodable {
        let year: Int
        let cells: [Cell]
    }

    struct YearLink: Encodable {
        let year: Int
        let href: String
        let current: Bool
    }

    struct Page: Encodable {
        let layout: Layout
        let year: Int
        let years: [YearLink]
        let stages: [StageBlock]
        let schools: [SchoolRow]
        let missing: [String]
        let sizes: [SizeRow]
        let sizeTotals: SizeRow
        let trendHead: [String]
        let trend: [TrendRow]
        let rules: [String]
    }

    static func number(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

    @Sendable static func index(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let overview = try await BalanceService.overview(year: req.query[Int.self, at: "year"], actor, policies: req.application.policies, on: req.db)
        let b = overview.balance
        func block(_ s: BalanceService.StageBalance) -> StageBlock {
            StageBlock(title: req.t("bal.stage." + s.stage.rawValue), schools: s.schools, rows: s.indicators.map { i in
                IndicatorRow(code: i.standard.code, name: i.standard.name,
                             coefficient: Cell(text: i.variation.map { number($0.coefficient) } ?? "—", flag: i.within == false),
                             limit: "≤ " + number(i.limit), mean: i.variation.map { number($0.mean) + " " + i.standard.unit } ?? "—",
                             pulling: i.pulling.map { "\($0.name)（\($0.percent)%）" }.joined(separator: "、"))
            }, verdict: Cell(text: s.within.map { req.t($0 ? "bal.within" : "bal.notWithin") } ?? req.t("bal.noFigures"), flag: s.within == false))
        }
        let schools = overview.schools.flatMap { line in
            line.parts.map { part in
                let short = part.standing.values.filter { !$0.met }.map { v in
                    req.t("bal.short", b.indicators.first { $0.code == v.code }?.name ?? v.code, number(v.shortfall, v.threshold >= 100 ? 0 : 1), v.unit)
                }
                return SchoolRow(name: line.school.name, href: BalancePaths.school.path(line.school.id!) + "?year=\(overview.year)",
                                 part: req.t("bal.stage." + part.stage.rawValue), met: "\(part.standing.metCount)/\(part.standing.values.count)",
                                 passes: Cell(text: req.t(part.standing.passes ? "bal.passes" : "bal.fails"), flag: !part.standing.passes),
                                 shortfalls: short.joined(separator: "；"))
            }
        }
        let sizes = overview.classSizes.filter { $0.classes > 0 }.map { line in
            SizeRow(name: line.school.name, classes: line.classes, over: line.counts[.over] ?? 0, large: line.counts[.large] ?? 0, huge: line.counts[.huge] ?? 0,
                    list: line.oversized.map { "\($0.name) \($0.pupils)" }.joined(separator: "、"))
        }
        let totals = SizeRow(name: req.t("bal.district"), classes: sizes.reduce(0) { $0 + $1.classes }, over: sizes.reduce(0) { $0 + $1.over },
                             large: sizes.reduce(0) { $0 + $1.large }, huge: sizes.reduce(0) { $0 + $1.huge }, list: "")
        let trendHead = [Stage.primary, .junior].flatMap { stage in b.indicators.map { req.t("bal.stageShort." + stage.rawValue) + $0.code } }
        return try await req.view.render("balance/index", Page(
            layout: Layout(req, title: req.t("bal.title")), year: overview.year,
            years: overview.years.map { YearLink(year: $0, href: BalancePaths.index.path + "?year=\($0)", current: $0 == overview.year) },
            stages: overview.stages.map(block), schools: schools,
            missing: overview.schools.filter { !$0.reported }.map(\.school.name), sizes: sizes, sizeTotals: totals, trendHead: trendHead,
            trend: overview.trend.map { t in
                TrendRow(year: t.year, cells: t.stages.flatMap { s in s.indicators.map { Cell(text: $0.variation.map { number($0.coefficient) } ?? "—", flag: $0.within == false) } })
            },
            rules: [b.pass.rule + "：" + b.pass.wording, b.variation.rule + "：" + b.variation.wording, b.classSize.rule + "：" + b.classSize.wording,
                    b.largeClasses.rule + "：" + b.largeClasses.wording] + b.indicators.map { "\($0.rule)（\($0.code)）：\($0.wording)" }))
    }

    struct Field: Encodable {
        let name: String
        let label: String
        let value: String
    }

    struct PartForm: Encodable {
        let title: String
        let fields: [Field]
        let indicators: [IndicatorLine]
        let passes: Cell?
    }

    struct IndicatorLine: Encodable {
        let name: String
        let value: String
        let threshold: String
        let met: Bool
    }

    struct SchoolPage: Encodable {
        let layout: Layout
        let schoolName: String
        let year: Int
        let action: String
        let parts: [PartForm]
        let mayRecord: Bool
        let backHref: String?
        let notice: String?
        let error: String?
    }

    @Sendable static func school(_ req: Request) async throws -> View {
        try await renderSchool(req, id: try req.idParameter(), year: req.query[Int.self, at: "year"],
                               notice: req.query[String.self, at: "done"] == "record" ? req.t("bal.recorded") : nil, error: nil)
    }

    static func renderSchool(_ req: Request, id: UUID, year: Int?, notice: String?, error: String?, form: [String: String]? = nil) async throws -> View {
        let actor = try req.requireActor()
        let found = try await BalanceService.school(id, year: year, actor, policies: req.application.policies, on: req.db)
        let parts = BalanceService.parts(of: found.school).map { stage -> PartForm in
            let row = found.parts[stage]
            let figures = row?.resourceFigures
            let standing = figures.map { ResourceIndicators.standing($0, stage: stage, balance: found.balance) }
            return PartForm(
                title: req.t("bal.stage." + stage.rawValue),
                fields: ResourceFigures.keys.map { key in
                    let name = stage.rawValue + "." + key
                    return Field(name: name, label: req.t("bal.figure." + key),
                                 value: form?[name] ?? figures?.values[key].map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "")
                },
                indicators: standing.map { s in
                    s.values.map { v in
                        IndicatorLine(name: (found.balance.indicators.first { $0.code == v.code }?.name ?? v.code), value: number(v.value) + " " + v.unit,
                                      threshold: number(v.threshold, v.threshold >= 100 ? 0 : 1), met: v.met)
                    }
                } ?? [],
                passes: standing.map { Cell(text: req.t($0.passes ? "bal.passes" : "bal.fails"), flag: !$0.passes) })
        }
        return try await req.view.render("balance/school", SchoolPage(
            layout: Layout(req, title: found.school.name), schoolName: found.school.name, year: found.year, action: BalancePaths.school.path(id),
            parts: parts, mayRecord: BalanceService.mayRecord(id, actor), backHref: actor.isDistrictWide ? BalancePaths.index.path + "?year=\(found.year)" : nil,
            notice: notice, error: error))
    }

    @Sendable static func record(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        guard let school = try await School.find(id, on: req.db), school.districtId == actor.districtId else { throw AppError.notFound }
        guard BalanceService.mayRecord(id, actor) else { throw actor.isDistrictWide || actor.staffSchoolIds.contains(id) ? AppError.forbidden : AppError.notFound }
        let year = Int(form["year"] ?? "")
        return try await FormResponse.handle(req, {
            guard let year else { throw AppError.invalid(field: "year", messageKey: "bal.e.yearMissing") }
            var parts: [Stage: ResourceFigures] = [:]
            for stage in BalanceService.parts(of: school) {
                var values: [String: Double] = [:]
                for key in ResourceFigures.keys {
                    let raw = (form[stage.rawValue + "." + key] ?? "").trimmingCharacters(in: .whitespaces)
                    guard !raw.isEmpty else { continue }
                    guard let value = Double(raw) else {
                        throw AppError.invalid(field: key, messageKey: "bal.e.notANumber", args: ["bal.part." + stage.rawValue, "bal.figure." + key])
                    }
                    values[key] = value
                }
                parts[stage] = ResourceFigures(values)
            }
            _ = try await BalanceService.record(schoolId: id, year: year, parts: parts, actor, policies: req.application.policies, on: req.db)
            return req.redirect(to: BalancePaths.school.path(id) + "?year=\(year)&done=record")
        }, rerender: { try await renderSchool(req, id: id, year: year, notice: nil, error: $0, form: form) })
    }
}
