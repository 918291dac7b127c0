import Fluent
import Foundation
import JianfuCore
import Vapor

/// 平行编班 pages: a school's runs and the form that starts one from the entrance scores (CSV as Excel saves it, or
/// pasted), and each run's record — inputs with names masked, seed, classes and the check that proves the balance —
/// printable for the public notice, with the confirmation and later transfers.
enum PlacementPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(BalancePaths.placements, use: index)
        routes.post(BalancePaths.placements, use: run)
        routes.get(BalancePaths.placement, use: show)
        routes.post(BalancePaths.confirm, use: confirm)
        routes.post(BalancePaths.transfers, use: transfer)
    }

    /// The fixed columns of the pupils' file; every column after them is a subject's score.
    static let columns = ["pl.col.ref", "pl.col.name", "pl.col.sex", "pl.col.special", "pl.col.together", "pl.col.apart"]

    struct RunLine: Encodable {
        let href: String
        let school: String
        let grade: String
        let pupils: Int
        let classes: Int
        let status: String
        let at: String
        let unmet: Int
    }

    struct IndexPage: Encodable {
        let layout: Layout
        let runs: [RunLine]
        let mayRun: Bool
        let columns: String
        let form: [String: String]
        let tolerance: String
        let error: String?
    }

    @Sendable static func index(_ req: Request) async throws -> View { try await renderIndex(req, error: nil) }

    static func ownSchool(_ actor: Actor) -> UUID? { actor.adminSchoolIds.sorted { $0.uuidString < $1.uuidString }.first }

    static func renderIndex(_ req: Request, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        guard actor.isDistrictWide || ownSchool(actor) != nil, let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        var query = PlacementRun.query(on: req.db).filter(\.$districtId == actor.districtId)
        if !actor.isDistrictWide { query = query.filter(\.$schoolId ~~ actor.adminSchoolIds) }
        let runs = try await query.sort(\.$createdAt, .descending).limit(100).all()
        let names = Dictionary(try await School.query(on: req.db).filter(\.$districtId == actor.districtId).all().map { ($0.id!, $0.name) },
                               uniquingKeysWith: { a, _ in a })
        return try await req.view.render("balance/placements", IndexPage(
            layout: Layout(req, title: req.t("pl.title")),
            runs: runs.map { r in
                RunLine(href: BalancePaths.placement.path(r.id!), school: names[r.schoolId] ?? "", grade: req.t("grade.name", String(r.grade)),
                        pupils: r.pupilList.count, classes: r.classCount, status: req.t("pl.status." + r.status),
                        at: LocalTime.minute(r.createdAt, zone: district.zone), unmet: r.unmetList.count)
            },
            mayRun: ownSchool(actor) != nil, columns: columns.map { req.t($0) }.joined(separator: ","), form: form,
            tolerance: form["tolerance"] ?? String(try req.application.policies.profile(for: district).balance.placement.tolerance), error: error))
    }

    /// The pupils of the file, every bad line named with its number; all or nothing.
    static func pupils(_ text: String, _ req: Request) throws -> [PlacedPupil] {
        let table = CSVTable(text: text)
        let fixed = columns.map { req.t($0) }
        guard table.header.count > fixed.count, Array(table.header.prefix(fixed.count)).map({ $0.trimmingCharacters(in: .whitespaces) }) == fixed else {
            throw AppError.invalid(field: "pupils", messageKey: "pl.e.header", args: [fixed.joined(separator: ",")])
        }
        let subjects = table.header.dropFirst(fixed.count).map { $0.trimmingCharacters(in: .whitespaces) }
        var problems: [String] = []
        var result: [PlacedPupil] = []
        for record in table.records where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let f = record.fields.map { $0.trimmingCharacters(in: .whitespaces) } + Array(repeating: "", count: max(0, table.header.count - record.fields.count))
            let sex: PlacementPupil.Sex? = ["男", "m", "M"].contains(f[2]) ? .m : ["女", "f", "F"].contains(f[2]) ? .f : nil
            var scores: [String: Double] = [:]
            for (i, subject) in subjects.enumerated() { scores[subject] = Double(f[fixed.count + i]) }
            if f[0].isEmpty { problems.append(req.t("pl.e.line.ref", String(record.line))); continue }
            guard let sex else { problems.append(req.t("pl.e.line.sex", String(record.line))); continue }
            if let bad = subjects.first(where: { scores[$0] == nil }) { problems.append(req.t("pl.e.line.score", String(record.line), bad)); continue }
            result.append(PlacedPupil(ref: f[0], name: f[1].isEmpty ? nil : f[1],
                                      pupil: PlacementPupil(ref: f[0], sex: sex, scores: scores, specialNeeds: ["是", "1", "y", "Y"].contains(f[3]),
                                                            together: f[4].isEmpty ? nil : f[4], apart: f[5].isEmpty ? nil : f[5])))
        }
        guard problems.isEmpty else { throw AppError.invalid(field: "pupils", messageKey: "pl.e.lines", args: [problems.prefix(20).joined(separator: "；")]) }
        return result
    }

    @Sendable static func run(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let schoolId = ownSchool(actor) else { throw actor.isDistrictWide || !actor.staffSchoolIds.isEmpty ? AppError.forbidden : AppError.notFound }
        struct Upload: Content {
            var grade: String?
            var classCount: String?
            var tolerance: String?
            var seed: String?
            var pupils: String?
            var file: File?
        }
        let upload = try req.content.decode(Upload.self)
        let form = ["grade": upload.grade ?? "", "classCount": upload.classCount ?? "", "tolerance": upload.tolerance ?? "", "seed": upload.seed ?? "",
                    "pupils": upload.pupils ?? ""]
        return try await FormResponse.handle(req, {
            var text = upload.pupils ?? ""
            if let file = upload.file, file.data.readableBytes > 0 {
                do { text = try SpreadsheetText.decode(Data(buffer: file.data)).text } catch { throw AppError.invalid(field: "file", messageKey: "pl.e.file") }
            }
            guard let grade = Int(upload.grade ?? "") else { throw AppError.invalid(field: "grade", messageKey: "pl.e.grade", args: ["1", "9"]) }
            guard let classes = Int(upload.classCount ?? "") else { throw AppError.invalid(field: "classCount", messageKey: "pl.e.classCount") }
            let tolerance = (upload.tolerance ?? "").isEmpty ? nil : Double(upload.tolerance ?? "")
            if !(upload.tolerance ?? "").isEmpty, tolerance == nil { throw AppError.invalid(field: "tolerance", messageKey: "pl.e.tolerance") }
            let seedText = (upload.seed ?? "").trimmingCharacters(in: .whitespaces)
            let seed = seedText.isEmpty ? nil : UInt64(seedText)
            if !seedText.isEmpty, seed == nil { throw AppError.invalid(field: "seed", messageKey: "pl.e.seed") }
            let run = try await PlacementService.run(schoolId: schoolId, grade: grade, classCount: classes, seed: seed, tolerance: tolerance,
                                                     pupils: try pupils(text, req), actor, policies: req.application.policies, on: req.db)
            return req.redirect(to: BalancePaths.placement.path(run.id!))
        }, rerender: { try await renderIndex(req, error: $0, form: form) })
    }

    struct ClassBlock: Encodable {
        let number: Int
        let size: Int
        let boys: Int
        let girls: Int
        let special: Int
        let means: [String]
        let pupils: [String]
    }

    struct TransferLine: Encodable {
        let ref: String
        let from: Int
        let to: Int
        let reason: String
        let at: String
    }

    struct RunPage: Encodable {
        let layout: Layout
        let school: String
        let grade: String
        let seed: String
        let tolerance: String
        let status: String
        let confirmed: Bool
        let confirmedAt: String
        let pupils: Int
        let subjects: [String]
        let classes: [ClassBlock]
        let spreads: [String]
        let unmet: [String]
        let transfers: [TransferLine]
        let mayConfirm: Bool
        let mayTransfer: Bool
        let confirmPath: String
        let transferPath: String
        let classNumbers: [Int]
        let notice: String?
        let error: String?
    }

    @Sendable static func show(_ req: Request) async throws -> View {
        let done = req.query[String.self, at: "done"]
        return try await renderRun(req, id: try req.idParameter(),
                                   notice: done == "confirm" ? req.t("pl.confirmedNotice") : done == "transfer" ? req.t("pl.transferred") : nil, error: nil)
    }

    static func renderRun(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let run = try await PlacementService.find(id, actor, on: req.db)
        guard let school = try await School.find(run.schoolId, on: req.db), let district = try await District.find(run.districtId, on: req.db) else {
            throw AppError.notFound
        }
        let transfers = try await PlacementTransfer.query(on: req.db).filter(\.$runId == id).sort(\.$createdAt).all()
        let placed = run.pupilList
        let byRef = Dictionary(placed.map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        let subjects = Array(Set(placed.flatMap(\.pupil.scores.keys))).sorted()
        let indexOf = Dictionary(placed.enumerated().map { ($0.element.ref, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let check = PlacementCheck.of(run.classLists.map { $0.compactMap { indexOf[$0] } }, placed.map(\.pupil))
        let classes = run.classLists.enumerated().map { index, refs in
            ClassBlock(number: index + 1, size: check.sizes[index], boys: check.boys[index], girls: check.girls[index], special: check.specialNeeds[index],
                       means: (subjects + [""]).map { String(format: "%.2f", check.means[$0]?[index] ?? 0) },
                       pupils: refs.map { ref in [ref, PlacementService.masked(byRef[ref]?.name)].filter { !$0.isEmpty }.joined(separator: " ") })
        }
        let spreads = (subjects + [""]).map { subject in
            let values = check.means[subject] ?? []
            return String(format: "%.2f", (values.max() ?? 0) - (values.min() ?? 0))
        }
        let mayRun = PlacementService.mayRun(run.schoolId, actor)
        return try await req.view.render("balance/placement", RunPage(
            layout: Layout(req, title: req.t("pl.recordTitle", school.name, String(run.grade))), school: school.name, grade: req.t("grade.name", String(run.grade)),
            seed: run.seed, tolerance: String(run.tolerance), status: req.t("pl.status." + run.status), confirmed: run.confirmed,
            confirmedAt: run.confirmedAt.map { LocalTime.minute($0, zone: district.zone) } ?? "", pupils: placed.count, subjects: subjects + [req.t("pl.total")],
            classes: classes, spreads: spreads, unmet: run.unmetList.map { Strings.text($0.key, req.language, $0.args) },
            transfers: transfers.map { TransferLine(ref: $0.ref, from: $0.fromClass, to: $0.toClass, reason: $0.reason, at: LocalTime.minute($0.createdAt, zone: district.zone)) },
            mayConfirm: mayRun && !run.confirmed, mayTransfer: mayRun && run.confirmed, confirmPath: BalancePaths.confirm.path(id),
            transferPath: BalancePaths.transfers.path(id), classNumbers: Array(1...max(1, run.classCount)), notice: notice, error: error))
    }

    @Sendable static func confirm(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        return try await FormResponse.handle(req, {
            try await PlacementService.confirm(id, actor, on: req.db)
            return req.redirect(to: BalancePaths.placement.path(id) + "?done=confirm")
        }, rerender: { try await renderRun(req, id: id, notice: nil, error: $0) })
    }

    @Sendable static func transfer(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            try await PlacementService.transfer(id, ref: (form["ref"] ?? "").trimmingCharacters(in: .whitespaces), toClass: Int(form["toClass"] ?? "") ?? 0,
                                                reason: form["reason"] ?? "", actor, on: req.db)
            return req.redirect(to: BalancePaths.placement.path(id) + "?done=transfer")
        }, rerender: { try await renderRun(req, id: id, notice: nil, error: $0) })
    }
}
