import Fluent
import Foundation
import JianfuCore
import Vapor

/// The phones page: a guardian's applications and form, the head teacher's and school's decisions and custody, the
/// district's counts per school.
enum PhonePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(FiveManagementsPaths.phones, use: index)
        routes.post(FiveManagementsPaths.applications, use: apply)
        routes.post(FiveManagementsPaths.application, use: decide)
        routes.post(FiveManagementsPaths.custody, use: custody)
    }

    struct Line: Encodable {
        let id: String
        let pupil: String
        let className: String
        let reason: String
        let status: String
        let pending: Bool
        let filedOn: String
        let note: String
        let decidePath: String
        let mayDecide: Bool
    }

    struct Child: Encodable {
        let studentId: String
        let name: String
        let open: Bool
        let lines: [Line]
    }

    struct SchoolLine: Encodable {
        let name: String
        let pending: Int
        let approved: Int
        let refused: Int
        let custody: Bool
    }

    struct Custody: Encodable {
        let place: String
        let method: String
        let keeper: String
        let channels: String
    }

    struct Page: Encodable {
        let layout: Layout
        let children: [Child]
        let lines: [Line]
        let schools: [SchoolLine]
        let custody: Custody?
        let custodyForm: Custody
        let mayRecordCustody: Bool
        let showsSchool: Bool
        let form: [String: String]
        let notice: String?
        let error: String?
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        let notice = req.query[String.self, at: "done"].map { req.t("phones.done." + ($0 == "apply" || $0 == "decide" || $0 == "custody" ? $0 : "decide")) }
        return try await render(req, notice: notice, error: nil)
    }

    static func render(_ req: Request, notice: String?, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        guard let zone = try await District.find(actor.districtId, on: req.db)?.zone else { throw AppError.notFound }
        let language = req.language
        func line(_ row: PhoneApplication, pupil: String, className: String, mayDecide: Bool) -> Line {
            Line(id: row.id!.uuidString, pupil: pupil, className: className, reason: row.reason, status: req.t("phones.status." + row.status),
                 pending: row.status == PhoneApplicationStatus.pending.rawValue, filedOn: LocalTime.minute(row.createdAt, zone: zone), note: row.decisionNote,
                 decidePath: FiveManagementsPaths.application.path(row.id!), mayDecide: mayDecide)
        }
        var children: [Child] = []
        if !actor.children.isEmpty {
            let rows = try await PhoneApplication.query(on: req.db).filter(\.$studentId ~~ actor.children.map(\.studentId)).sort(\.$createdAt, .descending).all()
            children = actor.children.map { child in
                let own = rows.filter { $0.studentId == child.studentId }
                return Child(studentId: child.studentId.uuidString, name: child.name, open: own.contains { $0.status == PhoneApplicationStatus.pending.rawValue },
                             lines: own.map { line($0, pupil: child.name, className: "", mayDecide: false) })
            }
        }
        // The classes this person decides for: a head teacher's own, every class of a school the person administers.
        let headClasses = actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.classId)
        var lines: [Line] = []
        if !headClasses.isEmpty || !actor.adminSchoolIds.isEmpty {
            var query = PhoneApplication.query(on: req.db).filter(\.$districtId == actor.districtId)
            query = query.group(.or) { group in
                if !headClasses.isEmpty { group.filter(\.$classId ~~ headClasses) }
                if !actor.adminSchoolIds.isEmpty { group.filter(\.$schoolId ~~ actor.adminSchoolIds) }
            }
            // The waiting ones first, then the decided, newest first.
            let rows = try await query.sort(\.$createdAt, .descending).limit(200).all()
                .sorted { ($0.status == PhoneApplicationStatus.pending.rawValue ? 0 : 1) < ($1.status == PhoneApplicationStatus.pending.rawValue ? 0 : 1) }
            let students = Dictionary(try await Student.query(on: req.db).filter(\.$id ~~ Set(rows.map(\.studentId))).all().map { ($0.id!, $0.name) },
                                      uniquingKeysWith: { a, _ in a })
            let classes = try await SchoolClass.query(on: req.db).filter(\.$id ~~ Set(rows.map(\.classId))).all()
            let byClass = Dictionary(classes.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            lines = rows.map { row in
                let c = byClass[row.classId]
                return line(row, pupil: students[row.studentId] ?? "", className: c.map { ClassNames.name($0.gradeNumber, $0.number, language) } ?? "",
                            mayDecide: PhoneService.mayDecide(actor, classId: row.classId, headTeacherId: c?.headTeacherId, schoolId: row.schoolId))
            }
        }
        let schools = actor.isDistrictWide ? try await PhoneQueries.schools(districtId: actor.districtId, on: req.db).map {
            SchoolLine(name: $0.name, pending: $0.pending, approved: $0.approved, refused: $0.refused, custody: $0.custody > 0)
        } : []
        let schoolId = actor.staffSchoolIds.sorted { $0.uuidString < $1.uuidString }.first
        var kept: PhoneCustody?
        if let schoolId { kept = try await PhoneCustody.query(on: req.db).filter(\.$schoolId == schoolId).first() }
        return try await req.view.render("phones/index", Page(
            layout: Layout(req, title: req.t("phones.title")), children: children, lines: lines, schools: schools,
            custody: kept.map { Custody(place: $0.place, method: $0.method, keeper: $0.keeper, channels: $0.channels) },
            custodyForm: Custody(place: form["place"] ?? kept?.place ?? "", method: form["method"] ?? kept?.method ?? "", keeper: form["keeper"] ?? kept?.keeper ?? "",
                                 channels: form["channels"] ?? kept?.channels ?? ""),
            mayRecordCustody: schoolId.map { actor.adminSchoolIds.contains($0) } ?? false, showsSchool: schoolId != nil, form: form,
            notice: notice, error: error))
    }

    @Sendable static func apply(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard !actor.children.isEmpty else { throw AppError.forbidden }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let id = UUID(uuidString: form["student"] ?? "") else { throw AppError.notFound }
            _ = try await PhoneService.apply(studentId: id, reason: form["reason"] ?? "", consent: form["consent"] == "on", actor, on: req.db)
            return req.redirect(to: FiveManagementsPaths.phones.path + "?done=apply")
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }

    @Sendable static func decide(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let row = try await PhoneService.decidable(try req.idParameter(), actor, on: req.db)
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            _ = try await PhoneService.decide(row, decision: form["decision"] ?? "", note: form["note"] ?? "", actor, on: req.db)
            return req.redirect(to: FiveManagementsPaths.phones.path + "?done=decide")
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }

    @Sendable static func custody(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let schoolId = actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }).first else { throw AppError.forbidden }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            try await PhoneService.recordCustody(schoolId: schoolId, .init(place: form["place"] ?? "", method: form["method"] ?? "", keeper: form["keeper"] ?? "",
                                                                           channels: form["channels"] ?? ""), actor, on: req.db)
            return req.redirect(to: FiveManagementsPaths.phones.path + "?done=custody")
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }
}
