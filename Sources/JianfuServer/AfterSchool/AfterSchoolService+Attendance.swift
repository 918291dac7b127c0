import Fluent
import Foundation
import JianfuCore
import Vapor

/// Registers: the program's staff (or the school's administrator) marks a session in a few taps; the pupil's head
/// teacher and guardians see an absence the same day.
extension AfterSchoolService {
    struct PickUp: Sendable {
        let studentId: UUID
        let at: String
        let by: String
    }

    /// May take the program's register: the teacher who runs it, or the school's administrators for everyone else.
    static func mayMark(_ program: AfterSchoolProgram, _ actor: Actor) -> Bool {
        actor.districtId == program.districtId && (program.staffUserId == actor.userId || actor.adminSchoolIds.contains(program.schoolId))
    }

    /// Saves a session's register as marked: each pupil's mark replaces an earlier one of that day (the audit trail keeps
    /// every save), audited.
    static func mark(programId: UUID, date raw: String, present: [UUID], absent: [UUID], pickUps: [PickUp], _ actor: Actor,
                     on db: any Database) async throws -> (present: Int, absent: Int) {
        guard let program = try await AfterSchoolProgram.find(programId, on: db), actor.districtId == program.districtId,
              actor.canSee(schoolId: program.schoolId, districtId: program.districtId) else { throw AppError.notFound }
        guard mayMark(program, actor) else { throw AppError.forbidden }
        guard let date = LocalDate(iso: raw) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["as.date"]) }
        guard let district = try await District.find(program.districtId, on: db) else { throw AppError.notFound }
        let calendar = try await CalendarQueries.calendar(districtId: district.id!, around: date, on: db)
        // Two columns, not whole models: a basic session of 400 pupils decodes in a fraction of the time.
        let classes = Dictionary(try await AfterSchoolQueries.enrolledClasses(programId: programId, on: db).map { ($0.student_id, $0.class_id) },
                                 uniquingKeysWith: { first, _ in first })
        do {
            try AttendanceRules.check(date: date, today: WallClock.today(in: district.zone), weekdays: Set(program.weekdayList), calendar: calendar,
                                      enrolled: Set(classes.keys.map(\.uuidString)), present: present.map(\.uuidString), absent: absent.map(\.uuidString))
        } catch {
            throw AfterSchoolError.attendance(error)
        }
        var leaving: [UUID: PickUp] = [:]
        for pickUp in pickUps {
            guard present.contains(pickUp.studentId) else { throw AfterSchoolError.attendance(.notEnrolled([pickUp.studentId.uuidString])) }
            guard TimeOfDay(hhmm: pickUp.at) != nil else { throw AfterSchoolError.badTime(field: "pickUps.at") }
            let by = pickUp.by.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !by.isEmpty else { throw AppError.invalid(field: "pickUps.by", messageKey: "form.required", args: ["as.pickedUpBy"]) }
            guard by.count <= maxNameLength else {
                throw AppError.invalid(field: "pickUps.by", messageKey: "form.tooLong", args: ["as.pickedUpBy", String(maxNameLength)])
            }
            leaving[pickUp.studentId] = PickUp(studentId: pickUp.studentId, at: pickUp.at, by: by)
        }
        let now = WallClock.now()
        let rows: [[any Encodable & Sendable]] = (present.map { ($0, true) } + absent.map { ($0, false) }).map { studentId, isPresent in
            [UUID(), program.districtId, program.schoolId, programId, studentId, classes[studentId]!, date.iso, isPresent,
             isPresent ? leaving[studentId]?.at : nil, isPresent ? leaving[studentId]?.by : nil, actor.userId, now]
        }
        let marked = present + absent
        let leavingCount = leaving.count
        // One statement out and a few in, not a round trip a pupil: a register of 400 saves in milliseconds.
        do {
            try await saveMarks(rows, replacing: marked, programId: programId, date: date.iso, on: db) { tx in
                try await tx.audit(actor, districtId: program.districtId, schoolId: program.schoolId, action: "after_school.attendance",
                                   entity: AfterSchoolProgram.schema, entityId: programId,
                                   detail: ["date": date.iso, "present": String(present.count), "absent": absent.map(\.uuidString).joined(separator: ","),
                                            "pickUps": String(leavingCount)])
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same register saved twice at once on PostgreSQL: the second is told, nothing is half-written.
            throw AppError.conflict(messageKey: "as.savedMeanwhile")
        }
        return (present.count, absent.count)
    }

    private static func saveMarks(_ rows: [[any Encodable & Sendable]], replacing marked: [UUID], programId: UUID, date: String, on db: any Database,
                                  audit: @Sendable @escaping (any Database) async throws -> Void) async throws {
        try await db.writeTransaction { tx in
            if !marked.isEmpty {
                try await AfterSchoolQueries.deleteMarks(programId: programId, date: date, studentIds: marked, on: tx)
            }
            try await BulkInsert.insert(into: AfterSchoolAttendance.schema, columns: ["id", "district_id", "school_id", "program_id", "student_id", "class_id",
                                                                                   "date", "present", "left_at", "picked_up_by", "marked_by", "marked_at"],
                                        rows: rows, on: tx)
            try await audit(tx)
        }
    }

    /// A session's register for its staff: the enrolled pupils and their marks of the day.
    /// Without a day asked for, the latest session of the last fortnight; `date` nil when there was none (nothing to mark).
    static func register(programId: UUID, date raw: String?, _ actor: Actor, on db: any Database) async throws
        -> (program: AfterSchoolProgram, date: LocalDate?, rows: [AfterSchoolQueries.RegisterRow]) {
        guard let program = try await AfterSchoolProgram.find(programId, on: db), actor.districtId == program.districtId,
              actor.canSee(schoolId: program.schoolId, districtId: program.districtId) else { throw AppError.notFound }
        guard mayMark(program, actor) else { throw AppError.forbidden }
        guard let district = try await District.find(program.districtId, on: db) else { throw AppError.notFound }
        let date: LocalDate?
        if let raw, !raw.isEmpty {
            guard let parsed = LocalDate(iso: raw) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["as.date"]) }
            date = parsed
        } else {
            let today = WallClock.today(in: district.zone)
            let calendar = try await CalendarQueries.calendar(districtId: district.id!, around: today, on: db)
            date = AttendanceRules.latestSession(onOrBefore: today, weekdays: Set(program.weekdayList), calendar: calendar)
        }
        guard let date else { return (program, nil, []) }
        return (program, date, try await AfterSchoolQueries.register(programId: programId, date: date.iso, on: db))
    }

    /// A pupil's marks, for the pupil's guardians, head teacher and school administrators.
    static func marks(studentId: UUID, limit: Int? = nil, _ actor: Actor, on db: any Database) async throws -> [AfterSchoolQueries.MarkRow] {
        guard let student = try await Student.find(studentId, on: db), student.districtId == actor.districtId else { throw AppError.notFound }
        let mayRead = actor.children.contains { $0.studentId == studentId } || actor.adminSchoolIds.contains(student.schoolId)
            || actor.memberships.contains { $0.role == .headTeacher && $0.classId == student.classId }
        guard mayRead else { throw AppError.notFound }
        return try await AfterSchoolQueries.marks(studentId: studentId, limit: limit, on: db)
    }

    /// How far back a head teacher's list of absences reaches.
    static let absenceDays = 7

    /// The absences of the classes the actor heads, this past week: the head teacher sees one the day it is marked.
    static func classAbsences(_ actor: Actor, on db: any Database) async throws -> [AfterSchoolQueries.AbsenceRow] {
        let classIds = actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.classId)
        guard !classIds.isEmpty, let district = try await District.find(actor.districtId, on: db) else { return [] }
        let from = WallClock.today(in: district.zone).adding(days: -(absenceDays - 1))
        return try await AfterSchoolQueries.absences(classIds: classIds, from: from.iso, on: db)
    }
}
