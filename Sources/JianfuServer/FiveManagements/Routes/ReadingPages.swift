import Fluent
import Foundation
import JianfuCore
import Vapor

/// The reading list page: a school's titles for its families and staff, its administrators' form, and every school's
/// list for the bureau with the strike.
enum ReadingPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(FiveManagementsPaths.reading, use: index)
        routes.post(FiveManagementsPaths.reading, use: add)
        routes.post(FiveManagementsPaths.strike, use: strike)
    }

    struct Line: Encodable {
        let title: String
        let author: String
        let publisher: String
        let grades: String
        let reviewer: String
        let reviewedOn: String
        let standards: String
        let note: String
        let struck: Bool
        let struckReason: String
        let strikePath: String
    }

    struct SchoolList: Encodable {
        let name: String
        let lines: [Line]
    }

    struct Check: Encodable {
        let name: String
        let value: String
        let checked: Bool
    }

    struct GradeOption: Encodable {
        let value: Int
        let from: Bool
        let to: Bool
    }

    struct Page: Encodable {
        let layout: Layout
        let schools: [SchoolList]
        let mayAdd: Bool
        let mayStrike: Bool
        let standards: [Check]
        let grades: [GradeOption]
        let form: [String: String]
        let clear: Bool
        let rules: [String]
        let notice: String?
        let error: String?
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        let done = req.query[String.self, at: "done"]
        return try await render(req, notice: done == "add" ? req.t("rd.added") : done == "strike" ? req.t("rd.struckDone") : nil, error: nil)
    }

    /// The school whose list the caller keeps, if any.
    static func ownSchool(_ actor: Actor) -> UUID? { actor.adminSchoolIds.sorted { $0.uuidString < $1.uuidString }.first }

    static func render(_ req: Request, notice: String?, error: String?, form: [String: String] = [:], checked: Set<String> = []) async throws -> View {
        let actor = try req.requireActor()
        guard let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        let profile = try req.application.policies.profile(for: district)
        let reading = profile.schoolDay.reading
        let rows = try await ReadingService.lists(actor, on: req.db)
        let schools = try await School.query(on: req.db).filter(\.$districtId == district.id!).sort(\.$code).all()
        let mayStrike = ReadingService.mayStrike(actor)
        let lists = schools.compactMap { school -> SchoolList? in
            let own = rows.filter { $0.schoolId == school.id }
            guard !own.isEmpty || ownSchool(actor) == school.id else { return nil }
            return SchoolList(name: school.name, lines: own.map { row in
                Line(title: row.title, author: row.author, publisher: row.publisher,
                     grades: row.fromGrade == row.toGrade ? req.t("grade.name", String(row.fromGrade)) : req.t("rd.gradeRange", String(row.fromGrade), String(row.toGrade)),
                     reviewer: row.reviewer, reviewedOn: row.reviewedOn, standards: row.standardList.joined(separator: "、"), note: row.note,
                     struck: row.struckAt != nil, struckReason: row.struckReason ?? "", strikePath: FiveManagementsPaths.strike.path(row.id!))
            })
        }
        let own = ownSchool(actor)
        let grades = try own.map { id in (SchoolStage(rawValue: schools.first { $0.id == id }?.stage ?? "") ?? .nineYear).grades(in: try district.system) }
        return try await req.view.render("five-managements/reading", Page(
            layout: Layout(req, title: req.t("rd.title")), schools: lists, mayAdd: own != nil, mayStrike: mayStrike,
            standards: reading.standards.items.enumerated().map { Check(name: "standard_\($0.offset)", value: $0.element, checked: checked.contains($0.element)) },
            grades: (grades.map(Array.init) ?? []).map { GradeOption(value: $0, from: form["fromGrade"] == String($0), to: form["toGrade"] == String($0)) },
            form: form, clear: form["clear"] == "on",
            rules: [reading.standards.rule + "：" + reading.standards.wording, reading.negativeList.rule + "：" + reading.negativeList.wording,
                    reading.voluntaryPurchase.rule + "：" + reading.voluntaryPurchase.wording],
            notice: notice, error: error))
    }

    @Sendable static func add(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let schoolId = ownSchool(actor) else { throw actor.isDistrictWide || !actor.staffSchoolIds.isEmpty ? AppError.forbidden : AppError.notFound }
        let form = try req.content.decode([String: String].self)
        guard let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        let items = try req.application.policies.profile(for: district).schoolDay.reading.standards.items
        let checked = Set(items.enumerated().filter { form["standard_\($0.offset)"] == "on" }.map(\.element))
        return try await FormResponse.handle(req, {
            let draft = ReadingTitleDraft(title: form["title"] ?? "", author: form["author"] ?? "", publisher: form["publisher"] ?? "",
                                          fromGrade: Int(form["fromGrade"] ?? "") ?? 0, toGrade: Int(form["toGrade"] ?? "") ?? 0, reviewer: form["reviewer"] ?? "",
                                          reviewedOn: LocalDate(iso: form["reviewedOn"] ?? ""), standards: checked, clearOfNegativeList: form["clear"] == "on",
                                          note: form["note"] ?? "")
            _ = try await ReadingService.add(schoolId: schoolId, draft, actor, policies: req.application.policies, on: req.db)
            return req.redirect(to: FiveManagementsPaths.reading.path + "?done=add")
        }, rerender: { try await render(req, notice: nil, error: $0, form: form, checked: checked) })
    }

    @Sendable static func strike(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            try await ReadingService.strike(id, reason: form["reason"] ?? "", actor, on: req.db)
            return req.redirect(to: FiveManagementsPaths.reading.path + "?done=strike")
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }
}
