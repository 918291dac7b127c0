import Fluent
import Foundation
import OpenAPIRuntime
import Vapor

extension APIServer {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let request = try request
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let user = try await SignIn.authenticate(username: body.username, password: body.password, request: request)
        let issued = try await APITokens.issue(for: user.id!, districtId: user.districtId, on: request.db)
        return .created(.init(body: .json(.init(token: issued.token, expiresAt: issued.expiresAt))))
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let (actor, request) = try actor()
        let teaching = try await SchoolQueries.teaching(teacherId: actor.userId, on: request.db)
        let children = try await SchoolQueries.children(guardianId: actor.userId, on: request.db)
        let language = request.language
        let me = Components.Schemas.Me(
            id: actor.userId.uuidString, username: actor.username, displayName: actor.displayName, districtId: actor.districtId.uuidString,
            roles: actor.memberships.map {
                .init(role: .init(rawValue: $0.role.rawValue)!, districtId: $0.districtId.uuidString, schoolId: $0.schoolId?.uuidString,
                      gradeId: $0.gradeId?.uuidString, subjectId: $0.subjectId?.uuidString, classId: $0.classId?.uuidString)
            },
            teaching: teaching.map {
                .init(classId: $0.class_id.uuidString, className: ClassNames.name($0.grade_number, $0.class_number, language), grade: $0.grade_number,
                      schoolId: $0.school_id.uuidString, subjectId: $0.subject_id.uuidString,
                      subjectName: language == .en ? $0.subject_name_en : $0.subject_name)
            },
            children: children.map {
                .init(studentId: $0.student_id.uuidString, name: $0.name, classId: $0.class_id.uuidString, schoolId: $0.school_id.uuidString,
                      className: ClassNames.name($0.grade_number, $0.class_number, language))
            })
        return .ok(.init(body: .json(me)))
    }

    func listSchools(_ input: Operations.ListSchools.Input) async throws -> Operations.ListSchools.Output {
        let (actor, request) = try actor()
        let schools = try await OrganisationService.visibleSchools(actor, on: request.db)
        return .ok(.init(body: .json(schools.map {
            .init(id: $0.id.uuidString, name: $0.name, code: $0.code, stage: .init(rawValue: $0.stage) ?? .nineYear, classes: $0.classes, students: $0.students)
        })))
    }

    func listSchoolClasses(_ input: Operations.ListSchoolClasses.Input) async throws -> Operations.ListSchoolClasses.Output {
        let (actor, request) = try actor()
        guard let id = UUID(uuidString: input.path.id) else { throw AppError.notFound }
        let school = try await OrganisationService.school(id, actor, on: request.db)
        let classes = try await OrganisationService.classes(ofSchool: school, actor, on: request.db)
        let language = request.language
        return .ok(.init(body: .json(classes.map {
            .init(id: $0.id.uuidString, name: ClassNames.name($0.grade_number, $0.number, language), grade: $0.grade_number, number: $0.number,
                  headTeacherId: $0.head_teacher_id?.uuidString, students: $0.students)
        })))
    }

    func getClass(_ input: Operations.GetClass.Input) async throws -> Operations.GetClass.Output {
        let (actor, request) = try actor()
        guard let id = UUID(uuidString: input.path.id) else { throw AppError.notFound }
        let detail = try await OrganisationService.classDetail(id, actor, on: request.db)
        let language = request.language
        let row = detail.row
        return .ok(.init(body: .json(.init(
            id: row.id.uuidString, name: ClassNames.name(row.grade_number, row.number, language), grade: row.grade_number, number: row.number,
            schoolId: row.school_id.uuidString, schoolName: row.school_name, headTeacherId: row.head_teacher_id?.uuidString,
            teachers: detail.teachers.map {
                .init(subjectId: $0.subject_id.uuidString, subjectName: language == .en ? $0.subject_name_en : $0.subject_name,
                      teacherId: $0.teacher_id.uuidString, teacherName: $0.teacher_name)
            },
            roster: detail.roster.map { .init(id: $0.id.uuidString, studentNumber: $0.student_number, name: $0.name, gender: $0.gender) },
            fullRoster: detail.fullRoster))))
    }
}
