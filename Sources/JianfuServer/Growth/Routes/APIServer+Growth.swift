import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func getClassTutors(_ input: Operations.GetClassTutors.Input) async throws -> Operations.GetClassTutors.Output {
        let (actor, request) = try actor()
        let record = try await TutoringService.classRecord(classId: try Self.id(input.path.id), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(record.pupils.map {
            .init(studentId: $0.pupil.id.uuidString, tutorId: $0.pupil.tutor_id?.uuidString, tutorName: $0.pupil.tutor_name)
        })))
    }

    func assignTutor(_ input: Operations.AssignTutor.Input) async throws -> Operations.AssignTutor.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let assigned = try await TutoringService.assign(studentId: try Self.id(input.path.id), tutorId: try Self.id(body.tutorId), actor,
                                                        policies: app.policies, on: request.db)
        return .ok(.init(body: .json(.init(studentId: assigned.row.studentId.uuidString, tutorId: assigned.row.tutorId.uuidString,
                                           overLimit: assigned.overLimit))))
    }

    func logTutorTask(_ input: Operations.LogTutorTask.Input) async throws -> Operations.LogTutorTask.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let row = try await TutoringService.log(.init(studentId: try Self.id(body.studentId), kind: body.kind.rawValue, date: body.date, summary: body.summary,
                                                      present: body.present ?? ""), actor, on: request.db)
        return .created(.init(body: .json(.init(id: row.id!.uuidString))))
    }

    func acknowledgeTutorFeedback(_ input: Operations.AcknowledgeTutorFeedback.Input) async throws -> Operations.AcknowledgeTutorFeedback.Output {
        let (actor, request) = try actor()
        let row = try await TutoringService.acknowledge(logId: try Self.id(input.path.id), actor, on: request.db)
        return .ok(.init(body: .json(.init(id: row.id!.uuidString, acknowledgedAt: row.acknowledgedAt!))))
    }

    func getTutoringCoverage(_ input: Operations.GetTutoringCoverage.Input) async throws -> Operations.GetTutoringCoverage.Output {
        let (actor, request) = try actor()
        let coverage = try await TutoringService.coverage(schoolId: try input.query.schoolId.map(Self.id), actor, policies: app.policies, on: request.db)
        let rules = coverage.period.rules
        return .ok(.init(body: .json(coverage.schools.map {
            .init(schoolId: $0.school.id!.uuidString, schoolName: $0.school.name, grades: $0.plan.grades, pupils: $0.pupils, tutored: $0.tutored,
                  complete: $0.complete, percent: $0.percent, overLimit: $0.overLimit.count, pupilsPerTutor: rules.pupilsPerTutor.value,
                  teachers: $0.teachers, teachersShortOfVisits: $0.shortOfVisits.count, homeVisitsPerWeek: rules.homeVisitsPerTeacherWeek.value)
        })))
    }
}

extension APIServer {
    func getGrowthRecord(_ input: Operations.GetGrowthRecord.Input) async throws -> Operations.GetGrowthRecord.Output {
        let (actor, request) = try actor()
        let record = try await TutoringService.growthRecord(studentId: try Self.id(input.path.id), termId: try input.query.termId.map(Self.id), actor,
                                                            language: request.language, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(.init(
            studentId: record.access.student.id!.uuidString, name: record.access.student.name, className: record.className,
            termId: record.term.id!.uuidString, termName: record.term.name, tutor: record.tutorName,
            sections: record.sections.map { section in
                .init(section: section.key, title: section.title, entries: section.entries.map { .init(label: $0.label, value: $0.value) })
            }))))
    }
}

extension APIServer {
    func getParentMeetingCoverage(_ input: Operations.GetParentMeetingCoverage.Input) async throws -> Operations.GetParentMeetingCoverage.Output {
        let (actor, request) = try actor()
        // Coverage is the bureau's and each school's administrators' figure; a family's or a teacher's view is the events page.
        guard actor.isDistrictWide || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        let overview = try await ParentSchoolService.overview(actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(overview.schools.map { line in
            .init(schoolId: line.school.id!.uuidString, schoolName: line.school.name, classes: line.classes,
                  uncovered: line.uncovered.map { .init(classId: $0.id.uuidString, grade: $0.grade_number, number: $0.number) },
                  lectures: line.lectures, onlineTalks: line.onlineTalks, attendancePercent: line.attendancePercent,
                  committees: .init(school: line.committees[.school] ?? 0, grade: line.committees[.grade] ?? 0, _class: line.committees[.class] ?? 0))
        })))
    }
}
