import Fluent
import Foundation
import JianfuCore

/// Phones at school (PH-01..04): in principle none; a guardian applies in writing with consent, the head teacher (or the
/// school's administrators) decides, and the school records its custody and the ways pupils reach home.
enum PhoneService {
    /// Who may see and decide a class's applications: its head teacher and the school's administrators.
    static func mayDecide(_ actor: Actor, classId: UUID, headTeacherId: UUID?, schoolId: UUID) -> Bool {
        actor.adminSchoolIds.contains(schoolId) || (headTeacherId == actor.userId && actor.memberships.contains { $0.role == .headTeacher && $0.classId == classId })
    }

    static func apply(studentId: UUID, reason raw: String, consent: Bool, _ actor: Actor, on db: any Database) async throws -> PhoneApplication {
        guard let child = actor.children.first(where: { $0.studentId == studentId }),
              let student = try await Student.find(studentId, on: db), student.erasedAt == nil else { throw AppError.notFound }
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(reason, field: "reason", label: Strings.text("phones.reason", .zh), max: 500)
        guard consent else { throw AppError.invalid(field: "consent", messageKey: "phones.e.consent") }
        do {
            return try await db.writeTransaction { tx in
                if try await PhoneApplication.query(on: tx).filter(\.$studentId == studentId).filter(\.$status == PhoneApplicationStatus.pending.rawValue).count() > 0 {
                    throw AppError.conflict(messageKey: "phones.e.open")
                }
                let row = PhoneApplication()
                row.districtId = student.districtId
                row.schoolId = child.schoolId
                row.classId = student.classId
                row.studentId = studentId
                row.applicantId = actor.userId
                row.reason = reason
                row.status = PhoneApplicationStatus.pending.rawValue
                row.decisionNote = ""
                row.createdAt = WallClock.now()
                try await row.create(on: tx)
                try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "phone.apply", entity: PhoneApplication.schema, entityId: row.id)
                return row
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.conflict(messageKey: "phones.e.open")
        }
    }

    /// The application, for a person who may decide it: its class's head teacher or the school's administrators; the
    /// school's other staff and the district's roles are refused, anyone else does not find it.
    static func decidable(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> PhoneApplication {
        guard let row = try await PhoneApplication.find(id, on: db), row.districtId == actor.districtId,
              let schoolClass = try await SchoolClass.find(row.classId, on: db) else { throw AppError.notFound }
        guard mayDecide(actor, classId: row.classId, headTeacherId: schoolClass.headTeacherId, schoolId: row.schoolId) else {
            throw actor.staffSchoolIds.contains(row.schoolId) || actor.isDistrictWide ? AppError.forbidden : AppError.notFound
        }
        return row
    }

    /// Decides an application `decidable` has given the person.
    static func decide(_ row: PhoneApplication, decision raw: String, note raw2: String, _ actor: Actor, on db: any Database) async throws -> PhoneApplication {
        let id = row.id!
        guard let decision = PhoneApplicationStatus(rawValue: raw), decision != .pending else {
            throw AppError.invalid(field: "decision", messageKey: "phones.e.decision")
        }
        let note = raw2.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision == .refused { try Validate.required(note, field: "note", label: Strings.text("phones.note", .zh), max: 500) }
        guard note.count <= 500 else { throw AppError.invalid(field: "note", messageKey: "form.tooLong", args: [Strings.text("phones.note", .zh), "500"]) }
        return try await db.writeTransaction { tx in
            // Decided once: a second decision (a double click, a colleague) is refused, not applied over the first.
            guard let fresh = try await PhoneApplication.find(id, on: tx), fresh.status == PhoneApplicationStatus.pending.rawValue else {
                throw AppError.conflict(messageKey: "phones.e.decided")
            }
            fresh.status = decision.rawValue
            fresh.decidedBy = actor.userId
            fresh.decidedAt = WallClock.now()
            fresh.decisionNote = note
            try await fresh.update(on: tx)
            try await tx.audit(actor, districtId: fresh.districtId, schoolId: fresh.schoolId, action: "phone.decide", entity: PhoneApplication.schema,
                               entityId: fresh.id, detail: ["decision": decision.rawValue])
            return fresh
        }
    }

    struct CustodyInput: Sendable {
        let place: String
        let method: String
        let keeper: String
        let channels: String
    }

    static func recordCustody(schoolId: UUID, _ input: CustodyInput, _ actor: Actor, on db: any Database) async throws {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId else { throw AppError.notFound }
        guard actor.adminSchoolIds.contains(schoolId) else { throw AppError.forbidden }
        let values = [("place", input.place), ("method", input.method), ("keeper", input.keeper), ("channels", input.channels)]
            .map { ($0.0, $0.1.trimmingCharacters(in: .whitespacesAndNewlines)) }
        for (field, value) in values { try Validate.required(value, field: field, label: Strings.text("phones." + field, .zh), max: 500) }
        try await db.writeTransaction { tx in
            let row = try await PhoneCustody.query(on: tx).filter(\.$schoolId == schoolId).first() ?? PhoneCustody()
            row.districtId = school.districtId
            row.schoolId = schoolId
            row.place = values[0].1
            row.method = values[1].1
            row.keeper = values[2].1
            row.channels = values[3].1
            row.updatedBy = actor.userId
            row.updatedAt = WallClock.now()
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "phone.custody", entity: PhoneCustody.schema, entityId: row.id)
        }
    }
}
