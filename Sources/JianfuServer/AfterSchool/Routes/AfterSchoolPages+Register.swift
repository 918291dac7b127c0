import Fluent
import Foundation
import JianfuCore
import Vapor

/// The register on a phone: every enrolled pupil ticked present, the staff member unticks who is missing and saves;
/// a pupil who leaves early (分批离校) gets the time and who picked them up.
extension AfterSchoolPages {
    static func registerRegister(_ routes: any RoutesBuilder) {
        routes.get(AfterSchoolPaths.register, use: showRegister)
        routes.post(AfterSchoolPaths.register, use: saveRegister)
    }

    struct RegisterPage: Encodable {
        struct Line: Encodable {
            let name: String
            let field: String
            let className: String
            let present: Bool
            let leftAtField: String
            let leftAt: String
            let pickedUpByField: String
            let pickedUpBy: String
        }
        let layout: Layout
        let programName: String
        let date: String
        /// No day asked for and no session in the last fortnight: nothing to mark until a day is chosen.
        let hasSession: Bool
        let action: String
        let marked: Bool
        let lines: [Line]
        let notice: String?
        let error: String?
    }

    @Sendable static func showRegister(_ req: Request) async throws -> View {
        struct Query: Content { var date: String? }
        return try await renderRegister(req, id: try req.parameters.require("id", as: UUID.self), date: try req.query.decode(Query.self).date,
                                        notice: nil, error: nil)
    }

    /// `typed` is the form just refused: it is shown again as the teacher left it.
    static func renderRegister(_ req: Request, id: UUID, date: String?, notice: String?, error: String?, typed: [String: String]? = nil) async throws -> View {
        let actor = try req.requireActor()
        let register = try await AfterSchoolService.register(programId: id, date: date, actor, on: req.db)
        let language = req.language
        return try await req.view.render("after-school/register", RegisterPage(
            layout: Layout(req, title: req.t("as.register") + " · " + register.program.name), programName: register.program.name,
            date: register.date?.iso ?? "", hasSession: register.date != nil, action: AfterSchoolPaths.register.path(id), marked: register.rows.contains { $0.present != nil },
            lines: register.rows.map { row in
                let key = row.student_id.uuidString
                return RegisterPage.Line(name: row.name, field: "p_" + key, className: ClassNames.name(row.grade_number, row.class_number, language),
                                         present: typed.map { $0["p_" + key] != nil } ?? row.present ?? true,
                                         leftAtField: "t_" + key, leftAt: typed.map { $0["t_" + key] ?? "" } ?? row.left_at ?? "",
                                         pickedUpByField: "b_" + key, pickedUpBy: typed.map { $0["b_" + key] ?? "" } ?? row.picked_up_by ?? "")
            }, notice: notice, error: error))
    }

    @Sendable static func saveRegister(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let form = try req.content.decode([String: String].self)
        let date = form["date"] ?? ""
        // Unticked boxes are not sent: the register's pupils are read again, and whoever is not ticked is absent.
        let register = try await AfterSchoolService.register(programId: id, date: date, actor, on: req.db)
        let present = register.rows.map(\.student_id).filter { form["p_" + $0.uuidString] != nil }
        let absent = register.rows.map(\.student_id).filter { form["p_" + $0.uuidString] == nil }
        // A leaving time or a name given for a pupil marked present; an absent pupil is not picked up.
        let pickUps = present.compactMap { studentId -> AfterSchoolService.PickUp? in
            let at = form["t_" + studentId.uuidString]?.trimmingCharacters(in: .whitespaces) ?? ""
            let by = form["b_" + studentId.uuidString] ?? ""
            return at.isEmpty && by.trimmingCharacters(in: .whitespaces).isEmpty ? nil : AfterSchoolService.PickUp(studentId: studentId, at: at, by: by)
        }
        return try await FormResponse.handle(req, {
            let saved = try await AfterSchoolService.mark(programId: id, date: date, present: present, absent: absent, pickUps: pickUps, actor, on: req.db)
            return try await renderRegister(req, id: id, date: date, notice: req.t("as.registerSaved", String(saved.present), String(saved.absent)), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderRegister(req, id: id, date: date, notice: nil, error: $0, typed: form) })
    }
}
