import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func publishClassTimetable(_ input: Operations.PublishClassTimetable.Input) async throws -> Operations.PublishClassTimetable.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let inputs = body.periods.enumerated().map { index, p in
            TimetableService.PeriodInput(line: index + 1, weekday: String(p.weekday), start: p.start, end: p.end, subject: p.subject,
                                         subjectId: try? p.subjectId.map(Self.id), activity: p.activity, teacher: nil, teacherId: try? p.teacherId.map(Self.id))
        }
        let published = try await TimetableService.publish(classId: try Self.id(input.path.id), inputs, note: body.note ?? "", actor, policies: app.policies,
                                                           on: request.db)
        let language = request.language
        return .ok(.init(body: .json(.init(
            version: published.version.number, unchanged: published.unchanged,
            check: .init(meets: published.version.meets, problems: published.problems.map {
                .init(ruleId: $0.rule, message: TimetableText.message($0, language), guideline: $0.guideline)
            })))))
    }

    func getPublicClassTimetable(_ input: Operations.GetPublicClassTimetable.Input) async throws -> Operations.GetPublicClassTimetable.Output {
        let request = try request
        let id = try Self.id(input.path.id)
        guard let context = try await ClassContext.load(id, policies: app.policies, on: request.db) else { throw AppError.notFound }
        let history = try await TimetableQueries.history(classId: id, on: request.db)
        let periods = history.first.flatMap { JSONText.decode([StoredPeriod].self, $0.periods) } ?? []
        return .ok(.init(body: .json(.init(
            classId: id.uuidString, school: context.school.name,
            className: ClassNames.name(context.schoolClass.gradeNumber, context.schoolClass.number, request.language),
            version: history.first?.number, publishedAt: history.first?.publishedAt,
            periods: periods.map { .init(weekday: $0.weekday, start: $0.start, end: $0.end, subject: $0.course, activity: $0.activity, teacher: $0.teacherName) },
            history: history.map { .init(version: $0.number, publishedAt: $0.publishedAt, changes: (JSONText.decode([TimetableChange].self, $0.changes) ?? []).count) }))))
    }
}
