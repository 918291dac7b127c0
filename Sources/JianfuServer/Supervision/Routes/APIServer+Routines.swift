import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func logObservation(_ input: Operations.LogObservation.Input) async throws -> Operations.LogObservation.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let row = try await RoutineService.logObservation(.init(date: body.date, classId: try Self.id(body.classId), subjectId: try Self.id(body.subjectId),
                                                                teacherId: try Self.id(body.teacherId), critiqued: body.critiqued, notes: body.notes ?? ""),
                                                          actor, on: request.db)
        return .created(.init(body: .json(.init(id: row.id!.uuidString))))
    }

    func getObservationProgress(_ input: Operations.GetObservationProgress.Input) async throws -> Operations.GetObservationProgress.Output {
        let (actor, request) = try actor()
        let progress = try await RoutineService.progress(schoolId: try input.query.schoolId.map(Self.id), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(progress.people.map {
            .init(userId: $0.userId.uuidString, name: $0.name, schoolId: $0.schoolId?.uuidString, role: $0.post.rawValue,
                  heard: $0.heard.done, heardQuota: $0.heard.quota, heardExpectedByNow: $0.heard.expectedByNow,
                  critiqued: $0.critiqued.done, critiquedQuota: $0.critiqued.quota, critiquedExpectedByNow: $0.critiqued.expectedByNow,
                  guided: $0.guided?.done, guidedQuota: $0.guided?.quota, behind: $0.behind)
        })))
    }

    func logResearchSession(_ input: Operations.LogResearchSession.Input) async throws -> Operations.LogResearchSession.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let row = try await RoutineService.logSession(.init(schoolId: try Self.id(body.schoolId), subjectId: try body.subjectId.map(Self.id), date: body.date,
                                                            minutes: body.minutes, schoolWide: body.schoolWide, topic: body.topic), actor, on: request.db)
        return .created(.init(body: .json(.init(id: row.id!.uuidString))))
    }

    func assignStaffPost(_ input: Operations.AssignStaffPost.Input) async throws -> Operations.AssignStaffPost.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let holder = try await RoutineService.assignPost(userId: try Self.id(input.path.id), post: body.post.rawValue, actor, on: request.db)
        return .ok(.init(body: .json(.init(userId: holder.userId.uuidString, post: holder.post, schoolId: holder.schoolId?.uuidString))))
    }
}
