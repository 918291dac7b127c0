import Fluent
import Foundation
import JianfuCore
import Vapor

/// The register on a phone: every enrolled pupil ticked present, the staff member unticks who is missing and saves.
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
            let pickUp: String
        }
        let layout: Layout
        let programName: String
        let date: String
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

    static func renderRegister(_ req: Request, id: UUID, date: String?, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let register = try await AfterSchoolService.register(programId: id, date: date, actor, on: req.db)
        let language = req.language
        return try await req.view.render("after-school/register", RegisterPage(
            layout: Layout(req, title: req.t("as.register") + " · " + register.program.name), programName: register.program.name,
            date: register.date.iso, action: AfterSchoolPaths.register.path(id), marked: register.rows.contains { $0.present != nil },
            lines: register.rows.map {
                RegisterPage.Line(name: $0.name, field: "p_" + $0.student_id.uuidString, className: ClassNames.name($0.grade_number, $0.class_number, language),
                                  present: $0.present ?? true, pickUp: [$0.left_at, $0.picked_up_by].compactMap { $0 }.joined(separator: " "))
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
        return try await FormResponse.handle(req, {
            let saved = try await AfterSchoolService.mark(programId: id, date: date, present: present, absent: absent, pickUps: [], actor, on: req.db)
            return try await renderRegister(req, id: id, date: date, notice: req.t("as.registerSaved", String(saved.present), String(saved.absent)), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderRegister(req, id: id, date: date, notice: nil, error: $0) })
    }
}
