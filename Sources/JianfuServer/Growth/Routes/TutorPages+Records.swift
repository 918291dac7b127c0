import Fluent
import Foundation
import JianfuCore
import Vapor

extension TutorPages {
    struct ClassPage: Encodable {
        let layout: Layout
        let className: String
        let term: String
        let pupils: [PupilLine]
        let unvisited: Int
        let untutored: Int
        let tutors: [FormOption]
        let mayAssign: Bool
        let assignPath: String
        let notice: String?
        let error: String?
    }

    @Sendable static func classPage(_ req: Request) async throws -> View {
        try await renderClass(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderClass(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let record = try await TutoringService.classRecord(classId: id, actor, policies: req.application.policies, on: req.db)
        let language = req.language
        let className = ClassNames.name(record.schoolClass.gradeNumber, record.schoolClass.number, language)
        return try await req.view.render("growth/class", ClassPage(
            layout: Layout(req, title: req.t("growth.classTitle", className)), className: className, term: record.period.term.name,
            pupils: record.pupils.map {
                PupilLine(href: GrowthPaths.pupil.path($0.pupil.id), name: $0.pupil.name, className: className, tutor: $0.pupil.tutor_name,
                          tasks: tasks($0.done, $0.required, req), complete: $0.complete, visited: $0.visited, id: $0.pupil.id.uuidString)
            },
            unvisited: record.pupils.filter { !$0.visited }.count, untutored: record.pupils.filter { $0.pupil.tutor_id == nil }.count,
            tutors: record.tutors.map { FormOption(value: $0.id.uuidString, label: $0.name, selected: false) }, mayAssign: record.mayAssign,
            assignPath: GrowthPaths.assign.path(id), notice: notice, error: error))
    }

    @Sendable static func assign(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let classId = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let studentId = UUID(uuidString: form["student"] ?? "") else {
                throw AppError.invalid(field: "student", messageKey: "form.required", args: ["growth.pupil"])
            }
            guard let tutorId = UUID(uuidString: form["tutor"] ?? "") else { throw AppError.invalid(field: "tutor", messageKey: "form.required", args: ["growth.tutor"]) }
            guard let student = try await Student.find(studentId, on: req.db), student.classId == classId else { throw AppError.notFound }
            let assigned = try await TutoringService.assign(studentId: studentId, tutorId: tutorId, actor, policies: req.application.policies, on: req.db)
            let tutor = try await User.find(tutorId, on: req.db)?.displayName ?? ""
            let notice = req.t(assigned.overLimit ? "growth.assignedOverLimit" : "growth.assigned", student.name, tutor)
            return try await renderClass(req, id: classId, notice: notice, error: nil).encodeResponse(for: req)
        }, rerender: { try await renderClass(req, id: classId, notice: nil, error: $0) })
    }

    struct LogLine: Encodable {
        let id: String
        let kind: String
        let date: String
        let teacher: String
        let present: String
        let summary: String
        let restricted: Bool
        let isFeedback: Bool
        let acknowledged: Bool
        let acknowledgePath: String
    }

    struct SectionLine: Encodable {
        struct Entry: Encodable {
            let label: String
            let value: String
        }

        let title: String
        let entries: [Entry]
    }

    struct PupilPage: Encodable {
        let layout: Layout
        let sections: [SectionLine]
        let name: String
        let className: String
        let term: String
        let tutor: String?
        let logs: [LogLine]
        let isGuardian: Bool
        let notice: String?
        let error: String?
    }

    @Sendable static func pupilPage(_ req: Request) async throws -> View {
        try await renderPupil(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderPupil(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let record = try await TutoringService.pupilRecord(studentId: id, actor, policies: req.application.policies, on: req.db)
        let portfolio = try await TutoringService.growthRecord(studentId: id, termId: nil, actor, language: req.language, policies: req.application.policies,
                                                               on: req.db)
        return try await req.view.render("growth/pupil", PupilPage(
            layout: Layout(req, title: record.access.student.name),
            sections: portfolio.sections.filter { $0.key != "tutoring" }.map { section in
                SectionLine(title: section.title, entries: section.entries.map { .init(label: $0.label, value: $0.value) })
            },
            name: record.access.student.name,
            className: ClassNames.name(record.className.grade, record.className.number, req.language), term: record.period.term.name,
            tutor: record.tutorName,
            logs: record.logs.map {
                LogLine(id: $0.id.uuidString, kind: req.t("growth.task." + $0.kind), date: $0.held_on, teacher: $0.teacher_name, present: $0.present,
                        summary: $0.summary, restricted: $0.kind == TutorTask.homeVisit.rawValue && !record.access.mayReadVisits,
                        isFeedback: $0.kind == TutorTask.writtenFeedback.rawValue, acknowledged: $0.acknowledged_at != nil,
                        acknowledgePath: GrowthPaths.acknowledge.path($0.id))
            },
            isGuardian: record.access.isGuardian, notice: notice, error: error))
    }
}
