import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

/// Accounts: who an administrator may list, create and issue passwords for.
enum PeopleService {
    static let pageSize = 50

    struct PersonRow: Decodable, Sendable {
        let id: UUID
        let username: String
        let display_name: String
        let phone: String?
        let has_password: Int
    }

    struct Person: Sendable {
        let row: PersonRow
        let roles: [Role]
    }

    /// The people an administrator manages: the whole district for the bureau, the school's staff and parents for a school.
    static func list(_ actor: Actor, search: String, page: Int, on db: any Database) async throws -> [Person] {
        guard actor.isBureauAdmin || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        let pattern = "%" + search.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        var query = SQLQueryString("""
            SELECT u.id, u.username, u.display_name, u.phone,
              CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password
            FROM users u WHERE u.district_id = \(bind: actor.districtId)
              AND (u.display_name LIKE \(bind: pattern) OR u.username LIKE \(bind: pattern))
            """)
        if !actor.isBureauAdmin {
            let schools = Array(actor.adminSchoolIds)
            query.appendInterpolation(unsafeRaw: " AND (EXISTS (SELECT 1 FROM role_memberships m WHERE m.user_id = u.id AND m.school_id IN (")
            query.appendInterpolation(binds: schools)
            query.appendInterpolation(unsafeRaw: ")) OR EXISTS (SELECT 1 FROM guardianships g WHERE g.guardian_id = u.id AND g.school_id IN (")
            query.appendInterpolation(binds: schools)
            query.appendInterpolation(unsafeRaw: ")))")
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY u.display_name, u.username LIMIT \(pageSize + 1) OFFSET \(max(0, page - 1) * pageSize)")
        let rows = try await db.sql.raw(query).all(decoding: PersonRow.self)
        guard !rows.isEmpty else { return [] }
        let memberships = try await RoleMembership.query(on: db).filter(\.$userId ~~ rows.map(\.id)).all()
        let roles = Dictionary(grouping: memberships, by: \.userId).mapValues { Set($0.compactMap { Role(rawValue: $0.role) }) }
        return rows.map { row in Person(row: row, roles: Role.allCases.filter { roles[row.id]?.contains($0) == true }) }
    }

    struct NewStaff: Sendable {
        let name: String
        let phone: String
        let schoolId: UUID?
        let role: Role
    }

    static func createStaff(_ input: NewStaff, _ actor: Actor, password: String, request: Request) async throws -> User {
        let db = request.db
        let name = input.name.trimmingCharacters(in: .whitespaces)
        try Validate.required(name, field: "name", label: "people.name", max: 32)
        guard let phone = ChineseNumbers.mobile(input.phone) else {
            throw AppError.invalid(field: "phone", messageKey: "form.invalidPhone", args: [input.phone])
        }
        switch input.role {
        case .bureauAdmin, .inspector:
            guard actor.isBureauAdmin else { throw AppError.forbidden }
        case .schoolAdmin, .teacher:
            guard let schoolId = input.schoolId else { throw AppError.invalid(field: "schoolId", messageKey: "form.invalidSchool") }
            guard let school = try await School.find(schoolId, on: db), actor.canAdminister(schoolId: schoolId, districtId: school.districtId) else {
                throw AppError.invalid(field: "schoolId", messageKey: "form.invalidSchool")
            }
        default:
            throw AppError.invalid(field: "role", messageKey: "form.invalidRole")
        }
        let hash = try await request.passwordHashing.hash(password)
        return try await db.writeTransaction { tx in
            guard try await User.query(on: tx).filter(\.$username == phone).count() == 0 else {
                throw AppError.conflict(messageKey: "form.duplicateUsername", args: [phone])
            }
            let schoolId = input.role.isDistrictWide ? nil : input.schoolId
            let user = User(districtId: actor.districtId, schoolId: schoolId, username: phone, displayName: name, phone: phone, passwordHash: hash)
            try await user.create(on: tx)
            let districtWide = input.role.isDistrictWide
            try await RoleMembership(districtId: actor.districtId, userId: user.id!, role: input.role, schoolId: districtWide ? nil : input.schoolId).create(on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: schoolId, action: "create", entity: "user", entityId: user.id,
                               detail: ["username": phone, "name": name, "role": input.role.rawValue])
            return user
        }
    }

    struct Assignment: Sendable {
        let username: String
        let role: Role
        let schoolId: UUID?
        let gradeNumber: Int?
        let subjectId: UUID?
    }

    /// Gives an existing account a school-scoped role: grade leader of a grade, subject leader of a subject,
    /// or school administrator. Head teachers come with the teaching import.
    static func assignRole(_ input: Assignment, _ actor: Actor, on db: any Database) async throws -> User {
        guard actor.isBureauAdmin || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        guard [.gradeLeader, .subjectLeader, .schoolAdmin].contains(input.role) else {
            throw AppError.invalid(field: "role", messageKey: "form.invalidRole")
        }
        guard let schoolId = input.schoolId, let school = try await School.find(schoolId, on: db),
              actor.canAdminister(schoolId: schoolId, districtId: school.districtId) else {
            throw AppError.invalid(field: "schoolId", messageKey: "form.invalidSchool")
        }
        let username = input.username.trimmingCharacters(in: .whitespaces)
        guard let user = try await User.query(on: db).filter(\.$username == username).filter(\.$districtId == actor.districtId).first() else {
            throw AppError.invalid(field: "username", messageKey: "people.unknownUser", args: [username])
        }
        var gradeId: UUID? = nil
        var subjectId: UUID? = nil
        switch input.role {
        case .gradeLeader:
            guard let number = input.gradeNumber,
                  let grade = try await Grade.query(on: db).filter(\.$schoolId == schoolId).filter(\.$number == number).first() else {
                throw AppError.invalid(field: "grade", messageKey: "people.gradeRequired")
            }
            gradeId = grade.id
        case .subjectLeader:
            guard let id = input.subjectId, let subject = try await Subject.find(id, on: db), subject.districtId == actor.districtId else {
                throw AppError.invalid(field: "subjectId", messageKey: "people.subjectRequired")
            }
            subjectId = subject.id
        default:
            break
        }
        let scope = (grade: gradeId, subject: subjectId)
        return try await db.writeTransaction { tx in
            let (gradeId, subjectId) = scope
            let existing = try await RoleMembership.query(on: tx).filter(\.$userId == user.id!).filter(\.$role == input.role.rawValue)
                .filter(\.$schoolId == schoolId).all()
            guard !existing.contains(where: { $0.gradeId == gradeId && $0.subjectId == subjectId }) else { return user }
            try await RoleMembership(districtId: actor.districtId, userId: user.id!, role: input.role, schoolId: schoolId, gradeId: gradeId, subjectId: subjectId)
                .create(on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: schoolId, action: "assign_role", entity: "user", entityId: user.id,
                               detail: ["role": input.role.rawValue, "grade": input.gradeNumber.map(String.init) ?? "", "subject": subjectId?.uuidString ?? ""])
            return user
        }
    }

    /// Issues a new password; only for someone the administrator manages, and never for a district-wide account unless bureau.
    static func resetPassword(userId: UUID, _ actor: Actor, password: String, request: Request) async throws -> User {
        let db = request.db
        guard let user = try await User.find(userId, on: db), user.districtId == actor.districtId else { throw AppError.notFound }
        if !actor.isBureauAdmin {
            let schools = actor.adminSchoolIds
            let memberships = try await RoleMembership.query(on: db).filter(\.$userId == userId).all()
            if memberships.contains(where: { $0.schoolId == nil && Role(rawValue: $0.role)?.isDistrictWide == true }) { throw AppError.notFound }
            let inSchool = memberships.contains { $0.schoolId.map(schools.contains) ?? false }
            let guardianHere = try await Guardianship.query(on: db).filter(\.$guardianId == userId).all().contains { schools.contains($0.schoolId) }
            guard inSchool || guardianHere else { throw AppError.notFound }
        }
        user.passwordHash = try await request.passwordHashing.hash(password)
        try await db.writeTransaction { tx in
            try await user.save(on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: user.schoolId, action: "reset_password", entity: "user", entityId: user.id,
                               detail: ["username": user.username])
        }
        return user
    }

    /// Replaces one's own password: the current one must be right (wrong answers count toward the sign-in
    /// throttle, so this form cannot be used to guess), the new one must pass `PasswordRules`. API tokens end.
    static func changeOwnPassword(_ actor: Actor, current: String, new: String, confirm: String, request: Request) async throws {
        guard let user = try await User.find(actor.userId, on: request.db), let hash = user.passwordHash else { throw AppError.notFound }
        let subject = SignIn.accountSubject(user.username)
        guard try await SignIn.recentFailures(subject, on: request.db) < SignIn.maxFailuresPerAccount else {
            throw AppError.tooManyAttempts
        }
        guard (try? await request.passwordHashing.verify(current, created: hash)) == true else {
            try await request.db.writeTransaction { tx in
                try await SignInFailure(subject: subject, failedAt: WallClock.now()).create(on: tx)
                try await tx.audit(actor, districtId: user.districtId, schoolId: user.schoolId, action: "change_password_failed", entity: "user", entityId: user.id)
            }
            throw AppError.invalid(field: "current", messageKey: "account.wrongCurrent")
        }
        guard new == confirm else { throw AppError.invalid(field: "confirm", messageKey: "account.mismatch") }
        if let problem = PasswordRules.problems(new, username: user.username).first ?? (new == current ? .tooCommon : nil) {
            throw AppError.invalid(field: "password", messageKey: messageKey(problem), args: [String(PasswordRules.minimumLength)])
        }
        let newHash = try await request.passwordHashing.hash(new)
        try await request.db.writeTransaction { tx in
            user.passwordHash = newHash
            try await user.save(on: tx)
            try await APIToken.query(on: tx).filter(\.$userId == user.id!).delete()
            try await tx.audit(actor, districtId: user.districtId, schoolId: user.schoolId, action: "change_password", entity: "user", entityId: user.id)
        }
    }

    static func messageKey(_ problem: PasswordRules.Problem) -> String {
        switch problem {
        case .tooShort: "account.tooShort"
        case .tooLong: "account.tooLong"
        case .needsLettersAndDigits: "account.lettersAndDigits"
        case .containsUsername: "account.containsUsername"
        case .tooCommon: "account.tooCommon"
        }
    }

    /// Ten characters without look-alikes (no 0/O, 1/l/I), easy to read out to a parent.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return String((0..<10).map { _ in alphabet.randomElement()! })
    }
}
