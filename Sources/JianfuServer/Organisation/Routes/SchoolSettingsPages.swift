import Fluent
import Vapor

/// A school's own switches: which review steps are on, when homework is published, whether the cap may be exceeded with a reason.
enum SchoolSettingsPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(OrganisationPaths.schoolSettings, use: show)
        routes.post(OrganisationPaths.schoolSettings, use: save)
    }

    struct Page: Encodable {
        let layout: Layout
        let name: String
        let subjectLeader: Bool
        let headTeacher: Bool
        let academicOffice: Bool
        let publishTime: String
        let allowOverride: Bool
        let notice: String?
        let error: String?
    }

    struct Form: Content {
        let subjectLeader: String?
        let headTeacher: String?
        let academicOffice: String?
        let publishTime: String?
        let allowOverride: String?
    }

    static func school(_ req: Request) async throws -> (School, Actor) {
        let actor = try req.requireActor()
        guard let school = try await School.find(try req.idParameter(), on: req.db),
              actor.canAdminister(schoolId: school.id!, districtId: school.districtId) else { throw AppError.notFound }
        return (school, actor)
    }

    @Sendable static func show(_ req: Request) async throws -> View {
        let (school, _) = try await school(req)
        return try await render(req, school, notice: nil, error: nil)
    }

    static func render(_ req: Request, _ school: School, notice: String?, error: String?) async throws -> View {
        try await req.view.render("organisation/school-settings", Page(
            layout: Layout(req, title: req.t("settings.title")), name: school.name, subjectLeader: school.reviewSubjectLeader,
            headTeacher: school.reviewHeadTeacher, academicOffice: school.reviewAcademicOffice, publishTime: school.publishTime,
            allowOverride: school.allowCapOverride, notice: notice, error: error))
    }

    @Sendable static func save(_ req: Request) async throws -> Response {
        let (school, actor) = try await school(req)
        let form = try req.content.decode(Form.self)
        let time = (form.publishTime ?? "").trimmingCharacters(in: .whitespaces)
        let parts = time.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let h = parts[0], let m = parts[1], (0...23).contains(h), (0...59).contains(m) else {
            let response = try await render(req, school, notice: nil, error: req.t("settings.badTime")).encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        try await SchoolSettingsService.save(school, subjectLeader: form.subjectLeader != nil, headTeacher: form.headTeacher != nil,
                                             academicOffice: form.academicOffice != nil, publishTime: String(format: "%02d:%02d", h, m),
                                             allowOverride: form.allowOverride != nil, actor, on: req.db)
        return try await render(req, school, notice: req.t("settings.saved"), error: nil).encodeResponse(for: req)
    }
}
