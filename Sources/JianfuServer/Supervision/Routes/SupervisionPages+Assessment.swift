import Fluent
import Foundation
import JianfuCore
import Vapor

/// Assessment tables: loading one as published, the bureau's decisions where it disagrees with itself, the schools by
/// total for a term, and one school's ratings.
extension SupervisionPages {
    static func registerAssessment(_ routes: any RoutesBuilder) {
        routes.get(SupervisionPaths.assessment, use: assessment)
        routes.on(.POST, SupervisionPaths.assessment.components, body: .collect(maxSize: "1mb"), use: loadTable)
        routes.get(SupervisionPaths.table, use: table)
        routes.post(SupervisionPaths.decisions, use: decideDiscrepancy)
        routes.get(SupervisionPaths.rating, use: rating)
        routes.post(SupervisionPaths.rating, use: saveRating)
    }

    struct TableLine: Encodable {
        let href: String
        let title: String
        let source: String
        let discrepancies: Int
        let undecided: Int
    }

    struct AssessmentPage: Encodable {
        let layout: Layout
        let tables: [TableLine]
        let published: [FormOption]
        let mayLoad: Bool
        let notice: String?
        let error: String?
    }

    @Sendable static func assessment(_ req: Request) async throws -> View {
        try await renderAssessment(req, notice: nil, error: nil)
    }

    static func renderAssessment(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let tables = try await SupervisionService.tables(actor, on: req.db)
        let loaded = Set(tables.map(\.table.id))
        return try await req.view.render("supervision/assessment", AssessmentPage(
            layout: Layout(req, title: req.t("sup.assessment")),
            tables: tables.map {
                TableLine(href: SupervisionPaths.table.path($0.record.id!), title: $0.table.title, source: $0.table.source,
                          discrepancies: $0.table.discrepancies.count, undecided: $0.undecided.count)
            },
            published: req.application.policies.assessmentTables.values.filter { !loaded.contains($0.table.id) }.sorted { $0.table.id < $1.table.id }
                .map { FormOption(value: $0.table.id, label: $0.table.title, selected: false) },
            mayLoad: actor.isBureauAdmin, notice: notice, error: error))
    }

    @Sendable static func loadTable(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        struct Form: Content { var key: String?; var file: File? }
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            let yaml = form.file.flatMap { $0.data.readableBytes > 0 ? String(buffer: $0.data) : nil }
            let record = try await SupervisionService.loadTable(key: form.key, yaml: yaml, actor, policies: req.application.policies, on: req.db)
            return req.redirect(to: SupervisionPaths.table.path(record.id!), redirectType: .normal)
        }, rerender: { try await renderAssessment(req, notice: nil, error: $0) })
    }

    struct IndicatorLine: Encodable {
        let key: String
        let depth: Int
        let title: String
        let points: String
        let content: [String]
        let deadline: String
        let method: String
        let achievements: String
    }

    struct DiscrepancyLine: Encodable {
        let key: String
        let note: String
        let decision: String?
        let decidedBy: String?
        let choices: [FormOption]
        let action: String?
    }

    struct StandingLine: Encodable {
        let school: String
        let href: String
        let total: String
        let rated: String
        let previous: String
        let change: String
    }

    struct TablePage: Encodable {
        let layout: Layout
        let title: String
        let source: String
        let statedTotal: String
        let scheme: String
        let levels: [String]
        let indicators: [IndicatorLine]
        let discrepancies: [DiscrepancyLine]
        let undecided: Bool
        let terms: [FormOption]
        let termName: String
        let previousTermName: String?
        let standings: [StandingLine]
        let action: String
        let notice: String?
        let error: String?
    }

    @Sendable static func table(_ req: Request) async throws -> View {
        try await renderTable(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderTable(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        struct Query: Content { var term: String? }
        let chosen = try req.query.decode(Query.self).term.flatMap(UUID.init(uuidString:))
        let termId = if let chosen { chosen } else { try await SupervisionService.currentTerm(actor, on: req.db).id! }
        let result = try await SupervisionService.standings(tableId: id, termId: termId, actor, on: req.db)
        let loaded = result.loaded
        let terms = try await Term.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$startsOn, .descending).all()
        return try await req.view.render("supervision/table", TablePage(
            layout: Layout(req, title: loaded.table.title), title: loaded.table.title, source: loaded.table.source,
            statedTotal: loaded.table.statedTotal.map(SupervisionService.points) ?? req.t("sup.noStatedTotal"),
            scheme: loaded.table.scheme.wording,
            levels: loaded.table.scheme.levels.map { "\($0.name) ×\($0.weight)" + ($0.criterion.isEmpty ? "" : "（\($0.criterion)）") },
            indicators: loaded.table.nodes.map { node in
                let i = node.indicator
                return IndicatorLine(key: node.key, depth: node.depth, title: i.title ?? req.t("sup.untitled"),
                                     points: i.points.map(SupervisionService.points) ?? "—", content: i.content ?? [],
                                     deadline: (i.deadline ?? []).joined(separator: " "), method: i.method ?? "",
                                     achievements: (i.achievements ?? []).map { "\($0.name) \(SupervisionService.points($0.points))" }.joined(separator: "；"))
            },
            discrepancies: loaded.table.discrepancies.map { d in
                let decided = loaded.decisions[d.key]
                return DiscrepancyLine(key: d.key, note: SupervisionText.discrepancy(d, language),
                                       decision: decided.flatMap { TableDecision(rawValue: $0.decision) }.map { SupervisionText.decision($0, language) },
                                       decidedBy: decided.map { "\($0.decided_by_name) · \($0.note)" },
                                       choices: d.choices.map { FormOption(value: $0.rawValue, label: SupervisionText.decision($0, language),
                                                                           selected: decided?.decision == $0.rawValue) },
                                       action: actor.isBureauAdmin ? SupervisionPaths.decisions.path(id) : nil)
            },
            undecided: !loaded.undecided.isEmpty,
            terms: terms.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == termId) },
            termName: result.term.name, previousTermName: result.previousTerm?.name,
            standings: result.standings.map { s in
                let change = s.score.flatMap { now in s.previous.map { now.total - $0.total } }
                return StandingLine(school: s.schoolName, href: SupervisionPaths.rating.path(id) + "?school=\(s.schoolId.uuidString.lowercased())&term=\(termId.uuidString.lowercased())",
                                    total: s.score.map { "\(SupervisionService.points($0.total)) / \(SupervisionService.points($0.maximum))" } ?? "—",
                                    rated: s.score.map { "\($0.rated) / \($0.toRate)" } ?? "—",
                                    previous: s.previous.map { SupervisionService.points($0.total) } ?? "—",
                                    change: change.map { ($0 > 0 ? "+" : "") + SupervisionService.points($0) } ?? "—")
            },
            action: SupervisionPaths.table.path(id), notice: notice, error: error))
    }

    @Sendable static func decideDiscrepancy(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            try await SupervisionService.decide(tableId: id, key: form["key"] ?? "", decision: form["decision"] ?? "", note: form["note"] ?? "", actor, on: req.db)
            return try await renderTable(req, id: id, notice: req.t("sup.decided", form["key"] ?? ""), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderTable(req, id: id, notice: nil, error: $0) })
    }

    struct RatingLine: Encodable {
        let key: String
        let depth: Int
        let title: String
        let points: String
        let score: String
        let leaf: Bool
        let levelField: String?
        let levels: [FormOption]
        let noteField: String
        let note: String
        let achievements: [AchievementField]
        let ratedBy: String?
    }

    struct AchievementField: Encodable {
        let name: String
        let label: String
        let value: String
    }

    struct RatingPage: Encodable {
        let layout: Layout
        let tableTitle: String
        let tableHref: String
        let school: String
        let termName: String
        let total: String
        let lines: [RatingLine]
        let mayRate: Bool
        let undecided: Bool
        let action: String
        let notice: String?
        let error: String?
    }

    struct RatingQuery: Content {
        var school: String?
        var term: String?
    }

    @Sendable static func rating(_ req: Request) async throws -> View {
        try await renderRating(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderRating(_ req: Request, id: UUID, notice: String?, error: String?, typed: [String: String]? = nil) async throws -> View {
        let actor = try req.requireActor()
        let query = try req.query.decode(RatingQuery.self)
        guard let schoolId = query.school.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let termId = if let raw = query.term, let id = UUID(uuidString: raw) { id } else { try await SupervisionService.currentTerm(actor, on: req.db).id! }
        let result = try await SupervisionService.breakdown(tableId: id, schoolId: schoolId, termId: termId, actor, on: req.db)
        let rows = Dictionary(result.ratings.map { ($0.code, $0) }) { first, _ in first }
        let mayRate = SupervisionService.mayInspect(actor)
        let table = result.loaded.table
        return try await req.view.render("supervision/rating", RatingPage(
            layout: Layout(req, title: result.school.name + " · " + table.title), tableTitle: table.title,
            tableHref: actor.isDistrictWide ? SupervisionPaths.table.path(id) + "?term=\(termId.uuidString.lowercased())" : SupervisionPaths.index.path,
            school: result.school.name, termName: result.term.name,
            total: result.score.map { "\(SupervisionService.points($0.total)) / \(SupervisionService.points($0.maximum))" } ?? "—",
            lines: table.nodes.map { node in
                let i = node.indicator
                let row = rows[i.code]
                let counts = JSONText.decode([String: Int].self, row?.achievements) ?? [:]
                let level = typed?["level_" + i.code] ?? row?.level.map(String.init) ?? ""
                let line = result.score?.line(node.key)
                return RatingLine(
                    key: node.key, depth: node.depth, title: i.title ?? req.t("sup.untitled"), points: i.points.map(SupervisionService.points) ?? "—",
                    score: line.map { $0.rated || !i.isLeaf ? SupervisionService.points($0.score) : "—" } ?? "—", leaf: i.isLeaf,
                    levelField: i.isLeaf && i.achievements == nil ? "level_" + i.code : nil,
                    levels: [FormOption(value: "", label: req.t("sup.notRated"), selected: level.isEmpty)]
                        + table.scheme.levels.map { FormOption(value: String($0.level), label: "\($0.name) ×\($0.weight)", selected: level == String($0.level)) },
                    noteField: "note_" + i.code, note: typed?["note_" + i.code] ?? row?.note ?? "",
                    achievements: (i.achievements ?? []).map { a in
                        let name = "ach_\(i.code)_\(a.key)"
                        return AchievementField(name: name, label: "\(a.name)（\(SupervisionService.points(a.points))）", value: typed?[name] ?? counts[a.key].map(String.init) ?? "")
                    },
                    ratedBy: row.map { $0.rated_by_name })
            },
            mayRate: mayRate, undecided: !result.loaded.undecided.isEmpty,
            action: SupervisionPaths.rating.path(id) + "?school=\(schoolId.uuidString.lowercased())&term=\(termId.uuidString.lowercased())",
            notice: notice, error: error))
    }

    @Sendable static func saveRating(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let query = try req.query.decode(RatingQuery.self)
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let schoolId = query.school.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let termId = if let raw = query.term, let id = UUID(uuidString: raw) { id } else { try await SupervisionService.currentTerm(actor, on: req.db).id! }
            let loaded = try await SupervisionService.table(id, actor, on: req.db)
            var inputs: [SupervisionService.RatingInput] = []
            for leaf in loaded.table.leaves {
                let code = leaf.indicator.code
                let note = (form["note_" + code] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if let listed = leaf.indicator.achievements {
                    var counts: [String: Int] = [:]
                    for a in listed {
                        let text = (form["ach_\(code)_\(a.key)"] ?? "").trimmingCharacters(in: .whitespaces)
                        guard !text.isEmpty else { continue }
                        counts[a.key] = try Validate.wholeNumber(text, field: "ach_\(code)_\(a.key)", label: a.name)
                    }
                    if !counts.isEmpty { inputs.append(.init(code: code, level: nil, achievements: counts, note: note)) }
                } else if let text = form["level_" + code], !text.isEmpty {
                    guard let level = Int(text) else { throw SupervisionError.rating(.levelNotInScheme(code: code, level: -1)) }
                    inputs.append(.init(code: code, level: level, achievements: nil, note: note))
                }
            }
            let score = try await SupervisionService.rate(tableId: id, schoolId: schoolId, termId: termId, inputs, actor, on: req.db)
            return try await renderRating(req, id: id, notice: req.t("sup.ratingSaved", SupervisionService.points(score.total), String(score.rated), String(score.toRate)),
                                          error: nil).encodeResponse(for: req)
        }, rerender: { try await renderRating(req, id: id, notice: nil, error: $0, typed: form) })
    }
}
