import Fluent
import Foundation
import JianfuCore
import SQLKit

/// Minors' personal data (PIPL): who may see guardians' full phone numbers, export a roster with
/// them, or erase a pupil on request. Each of these leaves an audit record.
enum PupilPrivacyService {
    /// School administrators of the class's school and the bureau administrator: exports and erasure.
    static func mayHandlePersonalData(_ actor: Actor, _ scope: ClassScope) -> Bool {
        actor.canAdminister(schoolId: scope.schoolId, districtId: scope.districtId)
    }

    /// The above and the class's head teacher, who calls parents: full numbers on the class page.
    static func mayRevealContacts(_ actor: Actor, _ scope: ClassScope) -> Bool {
        mayHandlePersonalData(actor, scope) || actor.memberships.contains { $0.role == .headTeacher && $0.classId == scope.classId }
    }

    /// A class the person may see, and its scope; 404 otherwise, so ids cannot be probed.
    static func visibleScope(_ classId: UUID, _ actor: Actor, on db: any Database) async throws -> (row: SchoolQueries.ClassRow, scope: ClassScope) {
        guard let (row, _) = try await SchoolQueries.visibleClass(id: classId, actor: actor, on: db) else { throw AppError.notFound }
        return (row, ClassScope(classId: row.id, districtId: row.district_id, schoolId: row.school_id, gradeId: row.grade_id))
    }

    /// Guardians as "name phone" for each pupil: masked unless `full`, which is recorded.
    static func guardianLines(classId: UUID, scope: ClassScope, full: Bool, _ actor: Actor, on db: any Database) async throws -> [UUID: String] {
        if full {
            guard mayRevealContacts(actor, scope) else { throw AppError.forbidden }
            try await db.audit(actor, districtId: scope.districtId, schoolId: scope.schoolId, action: "personal_data.view", entity: "school_class",
                               entityId: classId, detail: ["what": "guardian_phones"])
        }
        return try await SchoolQueries.guardians(classId: classId, on: db).mapValues { guardians in
            guardians.map { g in
                [g.display_name, g.phone.map { full ? $0 : ContactMask.phone($0) }].compactMap { $0 }.joined(separator: " ")
            }.joined(separator: "、")
        }
    }

    /// The class's roster in the student import template's columns, so it round-trips through Excel.
    static func rosterExport(classId: UUID, _ actor: Actor, on db: any Database) async throws -> (rows: [[String]], className: String) {
        let (row, scope) = try await visibleScope(classId, actor, on: db)
        guard mayHandlePersonalData(actor, scope) else { throw AppError.forbidden }
        let pupils = try await SchoolQueries.roster(classId: classId, onlyStudentIds: nil, on: db)
        let guardians = try await SchoolQueries.guardians(classId: classId, on: db)
        var rows = [["学校", "年级", "班级", "学号", "姓名", "性别", "家长姓名", "家长手机", "家长2姓名", "家长2手机"]]
        for pupil in pupils {
            let theirs = guardians[pupil.id] ?? []
            var line = [row.school_name, String(row.grade_number), String(row.number), pupil.student_number, pupil.name, pupil.gender ?? ""]
            for index in 0..<2 {
                line += index < theirs.count ? [theirs[index].display_name, theirs[index].phone ?? ""] : ["", ""]
            }
            rows.append(line)
        }
        try await db.audit(actor, districtId: scope.districtId, schoolId: scope.schoolId, action: "export.roster", entity: "school_class",
                           entityId: classId, detail: ["pupils": String(pupils.count)])
        return (rows, "\(row.grade_number)-\(row.number)")
    }

    static let erasedName = "（已删除）"

    /// Erases a pupil's personal data at a guardian's request: name, number and sex go, and so do the
    /// guardians' accounts and phone numbers unless they have another child in the district. The row and
    /// its reported minutes and levels stay, anonymous, so the class's statistics keep their counts.
    static func erase(studentId: UUID, reason rawReason: String, _ actor: Actor, store: AttachmentStore, on db: any Database) async throws {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AppError.invalid(field: "reason", messageKey: "privacy.reasonRequired") }
        guard reason.count <= 500 else { throw AppError.invalid(field: "reason", messageKey: "privacy.reasonTooLong") }
        guard let student = try await Student.find(studentId, on: db), student.districtId == actor.districtId, student.erasedAt == nil else {
            throw AppError.notFound
        }
        let (_, scope) = try await visibleScope(student.classId, actor, on: db)
        guard mayHandlePersonalData(actor, scope) else { throw AppError.forbidden }
        try await db.writeTransaction { tx in
            let guardianIds = try await Guardianship.query(on: tx).filter(\.$studentId == studentId).all().map(\.guardianId)
            try await Guardianship.query(on: tx).filter(\.$studentId == studentId).delete()
            var removedAccounts = 0
            for guardianId in guardianIds {
                guard try await Guardianship.query(on: tx).filter(\.$guardianId == guardianId).count() == 0,
                      let guardian = try await User.find(guardianId, on: tx) else { continue }
                guardian.username = "erased-" + guardianId.uuidString.lowercased()
                guardian.displayName = erasedName
                guardian.phone = nil
                guardian.passwordHash = nil
                guardian.isActive = false
                try await guardian.save(on: tx)
                try await APIToken.query(on: tx).filter(\.$userId == guardianId).delete()
                try await RoleMembership.query(on: tx).filter(\.$userId == guardianId).delete()
                removedAccounts += 1
            }
            student.name = erasedName
            student.studentNumber = "erased-" + studentId.uuidString.lowercased()
            student.gender = nil
            student.erasedAt = WallClock.now()
            try await student.save(on: tx)
            try await Domains.erasePupil(studentId, on: tx)
            // The record names the pupil by id only: writing the name here would keep what was erased.
            try await tx.audit(actor, districtId: student.districtId, schoolId: student.schoolId, action: "erase", entity: "student", entityId: studentId,
                               detail: ["reason": reason, "guardianAccountsRemoved": String(removedAccounts), "guardiansUnlinked": String(guardianIds.count)])
        }
        // The erased pupil's files, no longer named by any row, leave the disk too.
        try await AttachmentService.sweepUnnamed(store: store, on: db)
    }
}
