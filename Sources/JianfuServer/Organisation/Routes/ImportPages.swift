import Fluent
import JianfuCore
import Vapor

enum ImportPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(OrganisationPaths.importRoster, use: form)
        routes.on(.POST, OrganisationPaths.importRoster.components, body: .collect(maxSize: "50mb"), use: upload)
        routes.get(OrganisationPaths.importTemplate, use: template)
    }

    struct Page: Encodable {
        let layout: Layout
        let schools: [FormOption]
        let templates: [FormOption]
        let notice: String?
        let error: String?
        let problems: [ProblemLine]
    }

    struct ProblemLine: Encodable {
        let line: Int
        let reason: String
    }

    struct Upload: Content {
        let file: File?
        let schoolId: String?
    }

    @Sendable static func form(_ req: Request) async throws -> View {
        try await render(req, schoolId: nil, notice: nil, error: nil, problems: [])
    }

    static func render(_ req: Request, schoolId: String?, notice: String?, error: String?, problems: [ProblemLine]) async throws -> View {
        let actor = try req.requireActor()
        guard actor.isBureauAdmin || !actor.adminSchoolIds.isEmpty else { throw AppError.notFound }
        let schools = try await OrganisationService.visibleSchools(actor, on: req.db)
            .filter { actor.canAdminister(schoolId: $0.id, districtId: actor.districtId) }
            .map { FormOption(value: $0.id.uuidString, label: $0.name, selected: $0.id.uuidString == schoolId) }
        let templates = RosterKind.allCases.map {
            FormOption(value: OrganisationPaths.importTemplate.path($0.rawValue + ".csv"), label: req.t("import.template." + $0.rawValue), selected: false)
        }
        return try await req.view.render("organisation/import", Page(layout: Layout(req, title: req.t("import.title")), schools: schools, templates: templates,
                                                        notice: notice, error: error, problems: problems))
    }

    @Sendable static func upload(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let upload = try req.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            let view = try await render(req, schoolId: upload.schoolId, notice: nil, error: req.t("import.noFile"), problems: [])
            let response = try await view.encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
        let schoolId = upload.schoolId.flatMap(UUID.init(uuidString:))
        let result = try await ImportService.importRoster(Data(buffer: file.data), fileName: file.filename, schoolId: schoolId, actor: actor, on: req.db)
        switch result {
        case .success(let outcome):
            let notice = req.t("import.kind." + outcome.kind.rawValue) + "：" + req.t("import.done", String(outcome.rows), String(outcome.created), String(outcome.updated), String(outcome.unchanged))
            return try await render(req, schoolId: upload.schoolId, notice: notice, error: nil, problems: []).encodeResponse(for: req)
        case .failure(let rejection):
            let english = req.language == .en
            let lines = rejection.problems.map { ProblemLine(line: $0.line, reason: $0.message(english: english)) }
            let view = try await render(req, schoolId: upload.schoolId, notice: nil, error: req.t("import.rejected", String(lines.count)), problems: lines)
            let response = try await view.encodeResponse(for: req)
            response.status = .unprocessableEntity
            return response
        }
    }

    @Sendable static func template(_ req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(".csv"), let kind = RosterKind(rawValue: String(file.dropLast(4))) else { throw AppError.notFound }
        return CSVDownload.response(rows: kind.templateRows, asciiName: kind.rawValue, displayName: req.t("import.template." + kind.rawValue))
    }
}
