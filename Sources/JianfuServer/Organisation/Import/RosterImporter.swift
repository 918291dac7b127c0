import Fluent
import FluentSQLiteDriver
import Foundation
import JianfuCore
import SQLKit

/// Writes a checked roster file in one transaction: all of it or none of it.
/// Writing is idempotent, so importing the same file twice changes nothing.
enum RosterImporter {
    struct Outcome: Sendable, Equatable {
        let kind: RosterKind
        var rows = 0
        var created = 0
        var updated = 0
        var unchanged = 0
    }

    /// The schools an importer may write to, as the validator needs them.
    static func contexts(districtId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> (contexts: [RosterContext], schools: [String: School]) {
        guard let district = try await District.find(districtId, on: db) else { return ([], [:]) }
        let system = try district.system
        var query = School.query(on: db).filter(\.$districtId == districtId)
        if let schoolIds { query = query.filter(\.$id ~~ schoolIds) }
        let schools = try await query.all()
        let subjects = Set(try await Subject.query(on: db).filter(\.$districtId == districtId).all().map(\.name))
        let classes = try await SchoolClass.query(on: db).filter(\.$districtId == districtId).all()
        let bySchool = Dictionary(grouping: classes, by: \.schoolId)
        let contexts = schools.map { school in
            RosterContext(schoolName: school.name, system: system,
                          grades: (SchoolStage(rawValue: school.stage) ?? .nineYear).grades(in: system),
                          classes: Set((bySchool[school.id!] ?? []).map { ClassKey(grade: $0.gradeNumber, number: $0.number) }),
                          subjects: subjects)
        }
        return (contexts, Dictionary(schools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    static func write(_ file: RosterFile, districtId: UUID, schools: [String: School], actor: Actor?, fileName: String, on db: any Database) async throws -> Outcome {
        try await db.writeTransaction { tx in
            var outcome: Outcome
            switch file {
            case .classes(let rows): outcome = try await writeClasses(rows, districtId: districtId, schools: schools, on: tx)
            case .students(let rows): outcome = try await writeStudents(rows, districtId: districtId, schools: schools, on: tx)
            case .teaching(let rows): outcome = try await writeTeaching(rows, districtId: districtId, schools: schools, on: tx)
            }
            outcome.rows = file.rowCount
            let schoolIds = Set(schools.values.compactMap(\.id))
            try await tx.audit(actor, districtId: districtId, schoolId: schoolIds.count == 1 ? schoolIds.first : nil, action: "import", entity: "roster_" + file.kind.rawValue,
                               entityId: nil, detail: ["file": fileName, "rows": String(outcome.rows), "created": String(outcome.created),
                                                       "updated": String(outcome.updated), "unchanged": String(outcome.unchanged)])
            return outcome
        }
    }

    static func writeClasses(_ rows: [SchoolClassKey], districtId: UUID, schools: [String: School], on db: any Database) async throws -> Outcome {
        var outcome = Outcome(kind: .classes)
        let grades = try await Grade.query(on: db).filter(\.$districtId == districtId).all()
        var gradeIds = Dictionary(grades.map { ("\($0.schoolId)/\($0.number)", $0.id!) }, uniquingKeysWith: { a, _ in a })
        let existing = Set(try await SchoolClass.query(on: db).filter(\.$districtId == districtId).all().map { "\($0.schoolId)/\($0.gradeNumber)/\($0.number)" })
        for row in rows {
            let school = schools[row.school]!
            let schoolId = school.id!
            if existing.contains("\(schoolId)/\(row.classKey.grade)/\(row.classKey.number)") { outcome.unchanged += 1; continue }
            let gradeKey = "\(schoolId)/\(row.classKey.grade)"
            if gradeIds[gradeKey] == nil {
                let grade = Grade(districtId: districtId, schoolId: schoolId, number: row.classKey.grade)
                try await grade.create(on: db)
                gradeIds[gradeKey] = grade.id!
            }
            try await SchoolClass(districtId: districtId, schoolId: schoolId, gradeId: gradeIds[gradeKey]!, gradeNumber: row.classKey.grade, number: row.classKey.number).create(on: db)
            outcome.created += 1
        }
        return outcome
    }

    struct ClassIdRow: Decodable { let id: UUID; let school_id: UUID; let grade_number: Int; let number: Int }
    struct StudentIdRow: Decodable { let id: UUID; let school_id: UUID; let student_number: String; let class_id: UUID; let name: String; let gender: String? }
    struct UserIdRow: Decodable { let id: UUID; let username: String }
    struct PairRow: Decodable { let a: UUID; let b: UUID }

    static func classIds(districtId: UUID, on db: any Database) async throws -> [String: UUID] {
        let rows = try await db.sql.raw("SELECT id, school_id, grade_number, number FROM school_classes WHERE district_id = \(bind: districtId)").all(decoding: ClassIdRow.self)
        return Dictionary(rows.map { ("\($0.school_id)/\($0.grade_number)/\($0.number)", $0.id) }, uniquingKeysWith: { a, _ in a })
    }

    /// Existing accounts by username (a mobile number), looked up in chunks to stay under bind limits.
    static func users(named names: Set<String>, on db: any Database) async throws -> [String: UUID] {
        var found: [String: UUID] = [:]
        for chunk in Array(names).chunked(into: 500) {
            var q = SQLQueryString("SELECT id, username FROM users WHERE username IN (")
            q.appendInterpolation(binds: chunk)
            q.appendInterpolation(unsafeRaw: ")")
            for row in try await db.sql.raw(q).all(decoding: UserIdRow.self) { found[row.username] = row.id }
        }
        return found
    }

    static func writeStudents(_ rows: [StudentRow], districtId: UUID, schools: [String: School], on db: any Database) async throws -> Outcome {
        var outcome = Outcome(kind: .students)
        let classIds = try await classIds(districtId: districtId, on: db)
        let schoolIds = Set(rows.map { schools[$0.school]!.id! })
        var students: [String: StudentIdRow] = [:]
        for schoolId in schoolIds {
            for row in try await db.sql.raw("SELECT id, school_id, student_number, class_id, name, gender FROM students WHERE school_id = \(bind: schoolId)").all(decoding: StudentIdRow.self) {
                students["\(row.school_id)/\(row.student_number)"] = row
            }
        }
        var guardianUsers = try await users(named: Set(rows.flatMap { $0.guardians.map(\.phone) }), on: db)
        var parentRoles = Set(try await db.sql.raw("SELECT user_id AS a, user_id AS b FROM role_memberships WHERE district_id = \(bind: districtId) AND role = 'parent'").all(decoding: PairRow.self).map(\.a))
        var links = Set<String>()
        for schoolId in schoolIds {
            for row in try await db.sql.raw("SELECT student_id AS a, guardian_id AS b FROM guardianships WHERE school_id = \(bind: schoolId)").all(decoding: PairRow.self) {
                links.insert("\(row.a)/\(row.b)")
            }
        }

        var newStudents: [[any Encodable & Sendable]] = []
        var newUsers: [[any Encodable & Sendable]] = []
        var newRoles: [[any Encodable & Sendable]] = []
        var newLinks: [[any Encodable & Sendable]] = []
        let now = WallClock.now()
        for row in rows {
            let schoolId = schools[row.school]!.id!
            let classId = classIds["\(schoolId)/\(row.classKey.grade)/\(row.classKey.number)"]!
            let studentId: UUID
            if let existing = students["\(schoolId)/\(row.studentNumber)"] {
                studentId = existing.id
                if existing.class_id != classId || existing.name != row.name || existing.gender != row.gender {
                    try await db.sql.update("students").set("class_id", to: classId).set("name", to: row.name).set("gender", to: row.gender)
                        .where("id", .equal, studentId).run()
                    outcome.updated += 1
                } else {
                    outcome.unchanged += 1
                }
            } else {
                studentId = UUID()
                newStudents.append([studentId, districtId, schoolId, classId, row.studentNumber, row.name, row.gender])
                outcome.created += 1
            }
            for guardian in row.guardians {
                let userId: UUID
                if let id = guardianUsers[guardian.phone] {
                    userId = id
                } else {
                    userId = UUID()
                    guardianUsers[guardian.phone] = userId
                    newUsers.append([userId, districtId, guardian.phone, guardian.name, guardian.phone, true, now])
                }
                if !parentRoles.contains(userId) {
                    parentRoles.insert(userId)
                    newRoles.append([UUID(), districtId, userId, Role.parent.rawValue])
                }
                if links.insert("\(studentId)/\(userId)").inserted {
                    newLinks.append([UUID(), districtId, schoolId, studentId, userId])
                }
            }
        }
        try await BulkInsert.insert(into: "students", columns: ["id", "district_id", "school_id", "class_id", "student_number", "name", "gender"], rows: newStudents, on: db)
        try await BulkInsert.insert(into: "users", columns: ["id", "district_id", "username", "display_name", "phone", "is_active", "created_at"], rows: newUsers, on: db)
        try await BulkInsert.insert(into: "role_memberships", columns: ["id", "district_id", "user_id", "role"], rows: newRoles, on: db)
        try await BulkInsert.insert(into: "guardianships", columns: ["id", "district_id", "school_id", "student_id", "guardian_id"], rows: newLinks, on: db)
        return outcome
    }

    static func writeTeaching(_ rows: [TeachingRow], districtId: UUID, schools: [String: School], on db: any Database) async throws -> Outcome {
        var outcome = Outcome(kind: .teaching)
        let classIds = try await classIds(districtId: districtId, on: db)
        let subjects = Dictionary(try await Subject.query(on: db).filter(\.$districtId == districtId).all().map { ($0.name, $0.id!) }, uniquingKeysWith: { a, _ in a })
        var teachers = try await users(named: Set(rows.map(\.phone)), on: db)
        for row in rows {
            let school = schools[row.school]!
            let schoolId = school.id!
            let classId = classIds["\(schoolId)/\(row.classKey.grade)/\(row.classKey.number)"]!
            let subjectId = subjects[row.subject]!
            let teacherId: UUID
            if let id = teachers[row.phone] {
                teacherId = id
            } else {
                let user = User(districtId: districtId, schoolId: schoolId, username: row.phone, displayName: row.teacherName, phone: row.phone, passwordHash: nil)
                try await user.create(on: db)
                teacherId = user.id!
                teachers[row.phone] = teacherId
            }
            let hasTeacherRole = try await RoleMembership.query(on: db).filter(\.$userId == teacherId).filter(\.$role == Role.teacher.rawValue)
                .filter(\.$schoolId == schoolId).count() > 0
            if !hasTeacherRole {
                try await RoleMembership(districtId: districtId, userId: teacherId, role: .teacher, schoolId: schoolId).create(on: db)
            }
            var changed = false
            if let assignment = try await TeachingAssignment.query(on: db).filter(\.$classId == classId).filter(\.$subjectId == subjectId).first() {
                if assignment.teacherId != teacherId {
                    assignment.teacherId = teacherId
                    try await assignment.save(on: db)
                    changed = true
                }
            } else {
                try await TeachingAssignment(districtId: districtId, schoolId: schoolId, classId: classId, subjectId: subjectId, teacherId: teacherId).create(on: db)
                outcome.created += 1
                if row.isHeadTeacher { try await setHeadTeacher(teacherId, classId: classId, schoolId: schoolId, districtId: districtId, on: db) }
                continue
            }
            if row.isHeadTeacher, try await setHeadTeacher(teacherId, classId: classId, schoolId: schoolId, districtId: districtId, on: db) { changed = true }
            if changed { outcome.updated += 1 } else { outcome.unchanged += 1 }
        }
        return outcome
    }

    /// Makes the teacher the class's head teacher; true when that changed anything.
    @discardableResult
    static func setHeadTeacher(_ teacherId: UUID, classId: UUID, schoolId: UUID, districtId: UUID, on db: any Database) async throws -> Bool {
        guard let schoolClass = try await SchoolClass.find(classId, on: db), schoolClass.headTeacherId != teacherId else { return false }
        schoolClass.headTeacherId = teacherId
        try await schoolClass.save(on: db)
        try await RoleMembership.query(on: db).filter(\.$classId == classId).filter(\.$role == Role.headTeacher.rawValue).delete()
        try await RoleMembership(districtId: districtId, userId: teacherId, role: .headTeacher, schoolId: schoolId, gradeId: schoolClass.gradeId, classId: classId).create(on: db)
        return true
    }
}
