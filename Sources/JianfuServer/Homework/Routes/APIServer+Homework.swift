import Fluent
import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func fileHomework(_ input: Operations.FileHomework.Input) async throws -> Operations.FileHomework.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        guard let subjectId = UUID(uuidString: body.subjectId) else { throw AppError.invalid(field: "subjectId", messageKey: "error.badRequest") }
        let classIds = try body.classIds.map { raw -> UUID in
            guard let id = UUID(uuidString: raw) else { throw AppError.notFound }
            return id
        }
        let filed = try await HomeworkService.file(
            .init(classIds: classIds, subjectId: subjectId, assignedOn: body.assignedOn, dueOn: body.dueOn, kind: body.kind.rawValue,
                  optional: body.optional ?? false, tier: body.tier?.rawValue, minutes: body.minutes, content: body.content,
                  overrideReason: body.override?.reason),
            actor, policies: app.policies, on: request.db)
        return .created(.init(body: .json(.init(ids: filed.ids.map(\.uuidString), status: .init(rawValue: filed.status.rawValue)!,
                                                loads: filed.loads.map { Self.load($0, language: request.language) }))))
    }

    func getReviewQueue(_ input: Operations.GetReviewQueue.Input) async throws -> Operations.GetReviewQueue.Output {
        let (actor, request) = try actor()
        let language = request.language
        let queue = try await HomeworkService.reviewQueue(actor, on: request.db)
        return .ok(.init(body: .json(queue.map {
            .init(id: $0.id.uuidString, classId: $0.class_id.uuidString, className: ClassNames.name($0.grade_number, $0.class_number, language),
                  subjectId: $0.subject_id.uuidString, subjectName: language == .en ? $0.subject_name_en : $0.subject_name, teacherName: $0.teacher_name,
                  assignedOn: $0.assigned_on, dueOn: $0.due_on, kind: .init(rawValue: $0.kind) ?? .written, optional: $0.optional, tier: $0.tier, minutes: $0.minutes,
                  content: $0.content, status: .pendingReview, reviewStep: .init(rawValue: $0.review_step), overrideReason: $0.override_reason,
                  possiblyRepetitive: $0.possibly_repetitive, contentFlags: ContentFlags.rules($0.content_flags))
        })))
    }

    func getHomework(_ input: Operations.GetHomework.Input) async throws -> Operations.GetHomework.Output {
        let (actor, request) = try actor()
        let entry = try await HomeworkService.visibleEntry(try Self.id(input.path.id), actor, on: request.db)
        return .ok(.init(body: .json(try await Self.entry(entry, withHistory: true, request: request))))
    }

    func reviewHomework(_ input: Operations.ReviewHomework.Input) async throws -> Operations.ReviewHomework.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let action: HomeworkService.ReviewAction = switch body.action {
        case .approve: .approve
        case ._return: .return
        case .edit: .edit
        }
        let entry = try await HomeworkService.review(try Self.id(input.path.id), action: action, reason: body.reason, minutes: body.minutes,
                                                     content: body.content, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(try await Self.entry(entry, withHistory: true, request: request))))
    }

    func resubmitHomework(_ input: Operations.ResubmitHomework.Input) async throws -> Operations.ResubmitHomework.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let entry = try await HomeworkService.resubmit(try Self.id(input.path.id), minutes: body.minutes, content: body.content, actor,
                                                       policies: app.policies, on: request.db)
        return .ok(.init(body: .json(try await Self.entry(entry, withHistory: true, request: request))))
    }

    func withdrawHomework(_ input: Operations.WithdrawHomework.Input) async throws -> Operations.WithdrawHomework.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let entry = try await HomeworkService.withdraw(try Self.id(input.path.id), reason: body.reason, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(try await Self.entry(entry, withHistory: true, request: request))))
    }

    func getClassLoad(_ input: Operations.GetClassLoad.Input) async throws -> Operations.GetClassLoad.Output {
        let (actor, request) = try actor()
        let classId = try Self.id(input.path.id)
        let date = try await Self.date(input.query.date, classId: classId, request: request)
        let load = try await HomeworkService.load(classId: classId, date: date, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.load(load, language: request.language))))
    }

    func getPublishedHomework(_ input: Operations.GetPublishedHomework.Input) async throws -> Operations.GetPublishedHomework.Output {
        let (actor, request) = try actor()
        let classId = try Self.id(input.path.id)
        guard let context = try await ClassContext.load(classId, policies: app.policies, on: request.db) else { throw AppError.notFound }
        let day = try await HomeworkService.published(classId: classId, date: try Self.date(input.query.date, today: context.today()), actor,
                                                      policies: app.policies, cache: app.publishedDays, context: context, on: request.db)
        let language = request.language
        return .ok(.init(body: .json(.init(
            classId: day.classId.uuidString, date: day.date.iso, capMinutes: day.capMinutes, writtenMinutes: day.writtenMinutes,
            otherMinutes: day.otherMinutes, averageReportedMinutes: day.averageReportedMinutes, reports: day.reports,
            entries: day.entries.map {
                .init(id: $0.id.uuidString, subjectId: $0.subject_id.uuidString, subjectName: language == .en ? $0.subject_name_en : $0.subject_name,
                      minutes: $0.minutes, kind: .init(rawValue: $0.kind) ?? .written, optional: $0.optional, tier: $0.tier, content: $0.content, dueOn: $0.due_on)
            }))))
    }

    func reportFeedback(_ input: Operations.ReportFeedback.Input) async throws -> Operations.ReportFeedback.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        try await HomeworkService.report(studentId: try Self.id(body.studentId), date: body.date, minutes: body.minutes, tooMuch: body.tooMuch,
                                         actor, policies: app.policies, on: request.db)
        return .created(.init(body: .json(body)))
    }

    static func id(_ raw: String) throws -> UUID {
        guard let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }

    /// The query's date, or today in the class's district when absent.
    static func date(_ raw: String?, classId: UUID, request: Request) async throws -> LocalDate {
        if let raw { return try parsedDate(raw) }
        guard let context = try await ClassContext.load(classId, policies: request.application.policies, on: request.db) else { throw AppError.notFound }
        return context.today()
    }

    static func date(_ raw: String?, today: LocalDate) throws -> LocalDate {
        try raw.map(parsedDate) ?? today
    }

    private static func parsedDate(_ raw: String) throws -> LocalDate {
        guard let date = LocalDate(iso: raw) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["feedback.date"]) }
        return date
    }

    static func load(_ load: HomeworkService.LoadView, language: Language) -> Components.Schemas.Load {
        .init(classId: load.classId.uuidString, date: load.date.iso, capMinutes: load.capMinutes, plannedMinutes: load.plannedMinutes,
              publishedMinutes: load.publishedMinutes, remainingMinutes: load.remainingMinutes,
              entries: load.entries.map {
                  .init(id: $0.id.uuidString, subjectId: $0.subject_id.uuidString, subjectName: language == .en ? $0.subject_name_en : $0.subject_name,
                        minutes: $0.minutes, countedMinutes: $0.countedMinutes, kind: .init(rawValue: $0.kind) ?? .written,
                        status: .init(rawValue: $0.status) ?? .pendingReview, content: $0.content, teacherName: $0.teacher_name)
              })
    }

    static func entry(_ entry: HomeworkEntry, withHistory: Bool, request: Request) async throws -> Components.Schemas.HomeworkEntry {
        let language = request.language
        let subject = try await Subject.find(entry.subjectId, on: request.db)
        let schoolClass = try await SchoolClass.find(entry.classId, on: request.db)
        let history = withHistory ? try await HomeworkQueries.history(entry.id!, on: request.db) : []
        return .init(
            id: entry.id!.uuidString, classId: entry.classId.uuidString,
            className: schoolClass.map { ClassNames.name($0.gradeNumber, $0.number, language) },
            subjectId: entry.subjectId.uuidString, subjectName: (language == .en ? subject?.nameEn : subject?.name) ?? "",
            assignedOn: entry.assignedOn, dueOn: entry.dueOn, kind: .init(rawValue: entry.kind) ?? .written, optional: entry.optional,
            tier: entry.tier, minutes: entry.minutes, content: entry.content, status: .init(rawValue: entry.status) ?? .pendingReview,
            reviewStep: entry.reviewStep.flatMap { .init(rawValue: $0) }, overrideReason: entry.overrideReason, withdrawnReason: entry.withdrawnReason,
            possiblyRepetitive: entry.possiblyRepetitive, contentFlags: ContentFlags.rules(entry.contentFlags),
            history: history.map { line in
                .init(action: line.action, fromStatus: line.fromStatus, toStatus: line.toStatus, step: line.step, reason: line.reason,
                      actorName: line.actorName, at: line.at, minutesBefore: line.minutesBefore, minutesAfter: line.minutesAfter)
            })
    }
}
