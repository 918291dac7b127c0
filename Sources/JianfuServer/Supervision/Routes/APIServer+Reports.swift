import Foundation
import OpenAPIRuntime
import Vapor

extension APIServer {
    func requireReport(_ input: Operations.RequireReport.Input) async throws -> Operations.RequireReport.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let report = try await RequiredReportService.create(.init(title: body.title, kind: body.kind.rawValue, dueOn: body.dueOn, description: body.description ?? "",
                                                                  schoolIds: try body.schoolIds?.map(Self.id)), actor, on: request.db)
        let overview = try await RequiredReportService.overviews(reportId: report.id!, actor, on: request.db).reports[0]
        return .created(.init(body: .json(Self.report(overview))))
    }

    func listRequiredReports(_ input: Operations.ListRequiredReports.Input) async throws -> Operations.ListRequiredReports.Output {
        let (actor, request) = try actor()
        return .ok(.init(body: .json(try await RequiredReportService.overviews(actor, on: request.db).reports.map(Self.report))))
    }

    func submitReport(_ input: Operations.SubmitReport.Input) async throws -> Operations.SubmitReport.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let (row, late) = try await RequiredReportService.submit(reportId: try Self.id(input.path.id), note: body.note ?? "",
                                                                 attachmentIds: try body.attachmentIds.map(Self.id), schoolId: try body.schoolId.map(Self.id),
                                                                 actor, on: request.db)
        return .created(.init(body: .json(.init(id: row.id!.uuidString, late: late))))
    }

    static func report(_ overview: RequiredReportService.Overview) -> Components.Schemas.RequiredReport {
        .init(id: overview.report.id!.uuidString, title: overview.report.title, kind: overview.report.kind, dueOn: overview.report.dueOn,
              description: overview.report.description,
              schools: overview.schools.map { .init(schoolId: $0.schoolId.uuidString, schoolName: $0.schoolName, submittedOn: $0.submittedOn, late: $0.late) })
    }
}
