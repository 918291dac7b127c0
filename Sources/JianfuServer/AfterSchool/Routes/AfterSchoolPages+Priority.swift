import Fluent
import Foundation
import JianfuCore
import Vapor

/// The school administrator's list of applicants, to mark those in a priority group before the allocation.
extension AfterSchoolPages {
    static func registerPriority(_ routes: any RoutesBuilder) {
        routes.get(AfterSchoolPaths.priority, use: priority)
        routes.post(AfterSchoolPaths.priority, use: savePriority)
    }

    struct PriorityPage: Encodable {
        struct Line: Encodable {
            let field: String
            let name: String
            let className: String
            let checked: Bool
        }
        let layout: Layout
        let schoolName: String
        let schoolHref: String
        let termName: String
        let action: String
        let allocated: Bool
        let lines: [Line]
        let notice: String?
        let error: String?
    }

    @Sendable static func priority(_ req: Request) async throws -> View {
        try await renderPriority(req, id: try req.parameters.require("id", as: UUID.self), notice: nil, error: nil)
    }

    static func renderPriority(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let list = try await AfterSchoolService.priorityList(schoolId: id, try req.requireActor(), policies: req.application.policies,
                                                            language: req.language, on: req.db)
        return try await req.view.render("after-school/priority", PriorityPage(
            layout: Layout(req, title: req.t("as.priority.heading") + " · " + list.school.name), schoolName: list.school.name,
            schoolHref: AfterSchoolPaths.school.path(id), termName: list.term.name, action: AfterSchoolPaths.priority.path(id), allocated: list.allocated,
            lines: list.applicants.map { .init(field: "p_" + $0.studentId.uuidString, name: $0.name, className: $0.className, checked: $0.priority) },
            notice: notice, error: error))
    }

    @Sendable static func savePriority(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let form = try req.content.decode([String: String].self)
        let marked = Set(form.keys.compactMap { $0.hasPrefix("p_") ? UUID(uuidString: String($0.dropFirst(2))) : nil })
        return try await FormResponse.handle(req, {
            let count = try await AfterSchoolService.markPriority(schoolId: id, studentIds: marked, actor, policies: req.application.policies, on: req.db)
            return try await renderPriority(req, id: id, notice: req.t("as.priority.saved", String(count)), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderPriority(req, id: id, notice: nil, error: $0) })
    }
}
