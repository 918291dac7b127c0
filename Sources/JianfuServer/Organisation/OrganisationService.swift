import Fluent
import Foundation
import JianfuCore
import Vapor

/// What pages and the API both do with the organisation; every call goes through the actor's scope.
enum OrganisationService {
    static func visibleSchools(_ actor: Actor, on db: any Database) async throws -> [SchoolQueries.SchoolSummary] {
        let only: Set<UUID>? = actor.isDistrictWide ? nil : actor.staffSchoolIds.union(actor.children.map(\.schoolId))
        return try await SchoolQueries.schoolSummaries(districtId: actor.districtId, onlySchoolIds: only, on: db)
    }

    /// A school's page is for staff of the school and district-wide roles; parents see their child's class instead.
    static func school(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> School {
        guard let school = try await School.find(id, on: db), school.districtId == actor.districtId,
              actor.isDistrictWide || actor.staffSchoolIds.contains(id) else { throw AppError.notFound }
        return school
    }

    /// The classes of a school the actor may open.
    static func classes(ofSchool school: School, _ actor: Actor, on db: any Database) async throws -> [SchoolQueries.ClassSummary] {
        let all = try await SchoolQueries.classSummaries(schoolId: school.id!, on: db)
        return all.filter { c in
            actor.canSeeRoster(of: ClassScope(classId: c.id, districtId: school.districtId, schoolId: c.school_id, gradeId: c.grade_id))
        }
    }

    struct ClassDetail: Sendable {
        let row: SchoolQueries.ClassRow
        let teachers: [SchoolQueries.TeacherOfClass]
        let roster: [SchoolQueries.RosterRow]
        let fullRoster: Bool
    }

    static func classDetail(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> ClassDetail {
        guard let (row, full) = try await SchoolQueries.visibleClass(id: id, actor: actor, on: db) else { throw AppError.notFound }
        let own = full ? nil : Set(actor.children.filter { $0.classId == id }.map(\.studentId))
        let roster = try await SchoolQueries.roster(classId: id, onlyStudentIds: own, on: db)
        let teachers = try await SchoolQueries.teachers(ofClass: id, on: db)
        return ClassDetail(row: row, teachers: teachers, roster: roster, fullRoster: full)
    }

    struct NewSchool: Sendable {
        let name: String
        let code: String
        let stage: String
    }

    static func createSchool(_ input: NewSchool, _ actor: Actor, on db: any Database) async throws -> School {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let code = input.code.trimmingCharacters(in: .whitespaces)
        try Validate.required(name, field: "name", label: "school.name", max: 64)
        try Validate.required(code, field: "code", label: "school.code", max: 32)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw AppError.invalid(field: "code", messageKey: "form.invalidCode")
        }
        guard let stage = SchoolStage(rawValue: input.stage) else { throw AppError.invalid(field: "stage", messageKey: "form.invalidStage") }
        let district = try await District.find(actor.districtId, on: db)!
        let system = try district.system
        return try await db.writeTransaction { tx in
            let clash = try await School.query(on: tx).filter(\.$districtId == actor.districtId)
                .group(.or) { $0.filter(\.$name == name).filter(\.$code == code) }.count()
            guard clash == 0 else { throw AppError.conflict(messageKey: "form.duplicateSchool") }
            let school = School(districtId: actor.districtId, name: name, code: code, stage: stage.rawValue)
            try await school.create(on: tx)
            for number in stage.grades(in: system) {
                try await Grade(districtId: actor.districtId, schoolId: school.id!, number: number).create(on: tx)
            }
            try await tx.audit(actor, districtId: actor.districtId, schoolId: school.id, action: "create", entity: "school", entityId: school.id,
                               detail: ["name": name, "code": code, "stage": stage.rawValue])
            return school
        }
    }
}
