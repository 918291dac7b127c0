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

    /// Saves a session's register as marked: each pupil's mark replaces an earlier one of that day, audited.
    static func mark(programId: UUID, date raw: String, present: [UUID], absent: [UUID], pickUps: [PickUp], _ actor: Actor,
                     on db: any Database) async throws -> (present: Int, absent: Int) {
        guard let program = try await AfterSchoolProgram.find(programId, on: db), actor.districtId == program.districtId,
              actor.canSee(schoolId: program.schoolId, districtId: program.districtId) else { throw AppError.notFound }
        guard mayMark(program, actor) else { throw AppError.forbidden }
        guard let date = LocalDate(iso: raw) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["as.date"]) }
        guard let district = try await District.find(program.districtId, on: db) else { throw AppError.notFound }
        let calendar = try await CalendarQueries.calendar(districtId: district.id!, around: date, on: db)
        let enrolled = try await AfterSchoolEnrolment.query(on: db).filter(\.$programId == programId)
            .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all()
        let classes = Dictionary(enrolled.map { ($0.studentId, $0.classId) }, uniquingKeysWith: { first, _ in first })
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
            guard !by.isEmpty, by.count <= maxNameLength else { throw AppError.invalid(field: "pickUps.by", messageKey: "form.required", args: ["as.pickedUpBy"]) }
            leaving[pickUp.studentId] = PickUp(studentId: pickUp.studentId, at: pickUp.at, by: by)
        }
        let marks = present.map { ($0, true) } + absent.map { ($0, false) }
        let leavingNow = leaving
        try await db.writeTransaction { tx in
            let earlier = Dictionary(try await AfterSchoolAttendance.query(on: tx).filter(\.$programId == programId).filter(\.$date == date.iso).all()
                .map { ($0.studentId, $0) }, uniquingKeysWith: { first, _ in first })
            for (studentId, isPresent) in marks {
                let row = earlier[studentId] ?? AfterSchoolAttendance()
                row.districtId = program.districtId
                row.schoolId = program.schoolId
                row.programId = programId
                row.studentId = studentId
                row.classId = classes[studentId]!
                row.date = date.iso
                row.present = isPresent
                row.leftAt = isPresent ? leavingNow[studentId]?.at : nil
                row.pickedUpBy = isPresent ? leavingNow[studentId]?.by : nil
                row.markedBy = actor.userId
                row.markedAt = WallClock.now()
                try await row.save(on: tx)
            }
            try await tx.audit(actor, districtId: program.districtId, schoolId: program.schoolId, action: "after_school.attendance", entity: AfterSchoolProgram.schema,
                               entityId: programId, detail: ["date": date.iso, "present": String(present.count), "absent": absent.map(\.uuidString).joined(separator: ","),
                                                             "pickUps": String(leavingNow.count)])
        }
        return (present.count, absent.count)
    }

    /// A session's register for its staff: the enrolled pupils and their marks of the day.
    static func register(programId: UUID, date raw: String?, _ actor: Actor, on db: any Database) async throws
        -> (program: AfterSchoolProgram, date: LocalDate, rows: [AfterSchoolQueries.RegisterRow]) {
        guard let program = try await AfterSchoolProgram.find(programId, on: db), actor.districtId == program.districtId,
              actor.canSee(schoolId: program.schoolId, districtId: program.districtId) else { throw AppError.notFound }
        guard mayMark(program, actor) else { throw AppError.forbidden }
        guard let district = try await District.find(program.districtId, on: db) else { throw AppError.notFound }
        let date: LocalDate
        if let raw, !raw.isEmpty {
            guard let parsed = LocalDate(iso: raw) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["as.date"]) }
            date = parsed
        } else {
            date = WallClock.today(in: district.zone)
        }
        return (program, date, try await AfterSchoolQueries.register(programId: programId, date: date.iso, on: db))
    }

    /// A pupil's marks, for the pupil's guardians, head teacher and school administrators.
    static func marks(studentId: UUID, _ actor: Actor, on db: any Database) async throws -> [AfterSchoolQueries.MarkRow] {
        guard let student = try await Student.find(studentId, on: db), student.districtId == actor.districtId else { throw AppError.notFound }
        let mayRead = actor.children.contains { $0.studentId == studentId } || actor.adminSchoolIds.contains(student.schoolId)
            || actor.memberships.contains { $0.role == .headTeacher && $0.classId == student.classId }
        guard mayRead else { throw AppError.notFound }
        return try await AfterSchoolQueries.marks(studentId: studentId, on: db)
    }
}
