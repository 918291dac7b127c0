import Fluent
import Vapor

enum PeoplePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(OrganisationPaths.people, use: list)
        routes.post(OrganisationPaths.people, use: create)
        routes.post(OrganisationPaths.personPassword, use: resetPassword)
        routes.post(OrganisationPaths.personRole, use: assignRole)
    }

    struct Page: Encodable {
        let layout: Layout
        let people: [Line]
        let search: String
        let previousHref: String?
        let nextHref: String?
        let schools: [FormOption]
        let roles: [FormOption]
        let scopedRoles: [FormOption]
        let subjects: [FormOption]
        let name: String
        let phone: String
        let notice: String?
        let error: String?
    }

    struct Line: Encodable {
        let name: String
        let username: String
        let roles: String
        let hasPassword: Bool
        let resetHref: String
    }

    struct CreateForm: Content {
        let name: String?
        let phone: String?
        let schoolId: String?
        let role: String?
    }

    @Sendable static func list(_ req: Request) async throws -> View {
        try await render(req, form: nil, notice: nil, error: nil)
    }

    static func render(_ req: Request, form: CreateForm?, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let search = (try? req.query.get(String.self, at: "q")) ?? ""
        let page = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        let people = try await PeopleService.list(actor, search: search, page: page, on: req.db)
        let lines = people.prefix(PeopleService.pageSize).map { p in
            Line(name: p.row.display_name, username: p.row.username,
                 roles: p.roles.map { Strings.text("role." + $0.rawValue, language) }.joined(separator: "、"),
                 hasPassword: p.row.has_password == 1, resetHref: OrganisationPaths.personPassword.path(p.row.id))
        }
        let q = search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let schools = try await OrganisationService.visibleSchools(actor, on: req.db)
            .filter { actor.canAdminister(schoolId: $0.id, districtId: actor.districtId) }
            .map { FormOption(value: $0.id.uuidString, label: $0.name, selected: $0.id.uuidString == form?.schoolId) }
        var roles: [Role] = [.teacher, .schoolAdmin]
        if actor.isBureauAdmin { roles += [.inspector, .bureauAdmin] }
        let page_ = Page(
            layout: Layout(req, title: req.t("people.title")), people: Array(lines), search: search,
            previousHref: page > 1 ? "\(OrganisationPaths.people.path)?q=\(q)&page=\(page - 1)" : nil,
            nextHref: people.count > PeopleService.pageSize ? "\(OrganisationPaths.people.path)?q=\(q)&page=\(page + 1)" : nil,
            schools: schools,
            roles: roles.map { FormOption(value: $0.rawValue, label: Strings.text("role." + $0.rawValue, language), selected: $0.rawValue == form?.role) },
            scopedRoles: [Role.subjectLeader, .gradeLeader, .schoolAdmin].map {
                FormOption(value: $0.rawValue, label: Strings.text("role." + $0.rawValue, language), selected: false)
            },
            subjects: try await Subject.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$name).all().map {
                FormOption(value: $0.id!.uuidString, label: language == .en ? $0.nameEn : $0.name, selected: false)
            },
            name: form?.name ?? "", phone: form?.phone ?? "", notice: notice, error: error)
        return try await req.view.render("organisation/people", page_)
    }

    @Sendable static func create(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(CreateForm.self)
        let password = PeopleService.generatePassword()
        return try await FormResponse.handle(req, {
            guard let role = Role(rawValue: form.role ?? "") else { throw AppError.invalid(field: "role", messageKey: "form.invalidRole") }
            let user = try await PeopleService.createStaff(
                .init(name: form.name ?? "", phone: form.phone ?? "", schoolId: form.schoolId.flatMap(UUID.init(uuidString:)), role: role),
                actor, password: password, request: req)
            return try await render(req, form: nil, notice: req.t("people.created", user.username, password), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, form: form, notice: nil, error: $0) })
    }

    @Sendable static func resetPassword(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let password = PeopleService.generatePassword()
        let user = try await PeopleService.resetPassword(userId: try req.idParameter(), actor, password: password, request: req)
        return try await render(req, form: nil, notice: req.t("people.passwordIssued", user.displayName, password), error: nil)
    }

    struct RoleForm: Content {
        let username: String?
        let role: String?
        let schoolId: String?
        let grade: String?
        let subjectId: String?
    }

    @Sendable static func assignRole(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(RoleForm.self)
        return try await FormResponse.handle(req, {
            guard let role = Role(rawValue: form.role ?? "") else { throw AppError.invalid(field: "role", messageKey: "form.invalidRole") }
            let user = try await PeopleService.assignRole(
                .init(username: form.username ?? "", role: role, schoolId: form.schoolId.flatMap(UUID.init(uuidString:)),
                      gradeNumber: form.grade.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                      subjectId: form.subjectId.flatMap(UUID.init(uuidString:))),
                actor, on: req.db)
            return try await render(req, form: nil, notice: req.t("people.roleAssigned", user.displayName, req.t("role." + role.rawValue)), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await render(req, form: nil, notice: nil, error: $0) })
    }
}
