import Fluent
import Foundation
import JianfuCore

/// 全员导师制 (seed 004 §三(五)): each school's plan (一校一策), every pupil of its grades given a tutor by hand or by an
/// even split, the tutors' three tasks logged (EV-07), every teacher's weekly home visits (seed 000), and coverage
/// against the plan for the term.
enum TutoringService {
    static let maxSummary = 2_000
    static let maxPresent = 200
    static let maxTaskCount = 9

    /// The district's day, its current term and that term's calendar, and the profile's tutor rules.
    struct Period: Sendable {
        let district: District
        let today: LocalDate
        let term: Term
        let calendar: SchoolCalendar
        let rules: PolicyProfile.Growth
    }

    static func currentTerm(_ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Period {
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let today = WallClock.today(in: district.zone)
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: today, on: db),
              let calendar = try await CalendarQueries.calendar(districtId: district.id!, containing: LocalDate(iso: term.startsOn)!, on: db) else {
            throw GrowthError.noTerm
        }
        return Period(district: district, today: today, term: term, calendar: calendar, rules: try policies.profile(for: district).growth)
    }

    // MARK: the plan

    struct Plan: Sendable {
        let grades: [Int]
        let tasks: [TutorTask: Int]
        /// Set by the school, not the default.
        let chosen: Bool
    }

    /// A school's plan; until it sets one: every junior grade (seed 004: 初中覆盖所有年级) and no primary grade (小学选择
    /// 重点年级落实, the school's choice), each task once a term (EV-07's 三个一).
    static func plan(of school: School, system: SchoolSystem, on db: any Database) async throws -> Plan {
        if let row = try await TutorPlan.query(on: db).filter(\.$schoolId == school.id!).first() {
            return Plan(grades: row.gradeNumbers, tasks: row.taskCounts, chosen: true)
        }
        let grades = SchoolStage(rawValue: school.stage).map { Array($0.grades(in: system)) } ?? []
        return Plan(grades: grades.filter { $0 > system.lastPrimaryGrade }, tasks: Dictionary(uniqueKeysWithValues: TutorTask.allCases.map { ($0, 1) }),
                    chosen: false)
    }

    static func plans(_ schools: [School], system: SchoolSystem, on db: any Database) async throws -> [UUID: Plan] {
        let rows = try await TutorPlan.query(on: db).filter(\.$schoolId ~~ schools.compactMap(\.id)).all()
        var plans: [UUID: Plan] = [:]
        for school in schools {
            if let row = rows.first(where: { $0.schoolId == school.id }) {
                plans[school.id!] = Plan(grades: row.gradeNumbers, tasks: row.taskCounts, chosen: true)
            } else {
                plans[school.id!] = try await plan(of: school, system: system, on: db)
            }
        }
        return plans
    }

    /// The school's administrators set its plan: grades of the school, each task 0 to 9 times a term.
    static func setPlan(schoolId: UUID, grades: [Int], tasks: [String: Int], _ actor: Actor, on db: any Database) async throws -> TutorPlan {
        let school = try await administeredSchool(schoolId, actor, on: db)
        guard let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        let own = SchoolStage(rawValue: school.stage)?.grades(in: try district.system) ?? 1...9
        for grade in grades where !own.contains(grade) { throw GrowthError.badGrade(grade) }
        var counts: [String: Int] = [:]
        for (key, count) in tasks {
            guard TutorTask(rawValue: key) != nil else { throw GrowthError.badTask(key) }
            guard (0...maxTaskCount).contains(count) else { throw GrowthError.badTaskCount(count) }
            counts[key] = count
        }
        let row = try await TutorPlan.query(on: db).filter(\.$schoolId == schoolId).first() ?? TutorPlan()
        let before = row.id == nil ? "" : "\(row.grades) \(row.tasks)"
        row.districtId = school.districtId
        row.schoolId = schoolId
        row.grades = JSONText.encode(Array(Set(grades)).sorted())
        row.tasks = JSONText.encode(counts)
        row.updatedBy = actor.userId
        row.updatedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "tutoring.plan", entity: TutorPlan.schema, entityId: row.id,
                               detail: ["grades": row.grades, "tasks": row.tasks, "before": before])
        }
        return row
    }

    static func administeredSchool(_ schoolId: UUID, _ actor: Actor, on db: any Database) async throws -> School {
        guard let school = try await School.find(schoolId, on: db), actor.canSee(schoolId: schoolId, districtId: school.districtId) else {
            throw AppError.notFound
        }
        guard actor.adminSchoolIds.contains(schoolId) else { throw AppError.forbidden }
        return school
    }

    // MARK: tutors

    /// The school's teachers who may tutor, with the classes they teach.
    static func tutors(schoolId: UUID, districtId: UUID, on db: any Database) async throws -> [Tutoring.Tutor] {
        let rows = try await TutoringQueries.teachers(districtId: districtId, schoolIds: [schoolId], on: db)
        var order: [UUID] = []
        var classes: [UUID: Set<UUID>] = [:]
        for row in rows {
            if classes[row.teacher_id] == nil { order.append(row.teacher_id) }
            classes[row.teacher_id, default: []].insert(row.class_id)
        }
        return order.map { Tutoring.Tutor(id: $0, classIds: classes[$0]!) }
    }

    struct Assigned: Sendable {
        let row: TutorAssignment
        /// The tutor now holds more pupils than the profile's limit (a guideline's: accepted, shown).
        let overLimit: Bool
    }

    /// A school's administrator makes a teacher of the school a pupil's tutor. Past the profile's limit it is refused,
    /// unless the limit is a guideline (原则上), when it is accepted and the tutor shown over it.
    static func assign(studentId: UUID, tutorId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Assigned {
        guard let student = try await Student.find(studentId, on: db), student.erasedAt == nil, student.districtId == actor.districtId,
              actor.staffSchoolIds.contains(student.schoolId) || actor.isDistrictWide else { throw AppError.notFound }
        guard actor.adminSchoolIds.contains(student.schoolId) else { throw AppError.forbidden }
        let tutors = try await tutors(schoolId: student.schoolId, districtId: student.districtId, on: db)
        guard tutors.contains(where: { $0.id == tutorId }) else { throw GrowthError.tutorNotOfSchool }
        guard let district = try await District.find(student.districtId, on: db) else { throw AppError.notFound }
        let limit = try policies.profile(for: district).growth.pupilsPerTutor
        let held = try await TutorAssignment.query(on: db).filter(\.$tutorId == tutorId).filter(\.$studentId != studentId).count()
        let overLimit = limit.value.map { held + 1 > $0 } ?? false
        if overLimit && !limit.guideline { throw GrowthError.tutorFull(limit: limit.value!) }
        let row = try await TutorAssignment.query(on: db).filter(\.$studentId == studentId).first() ?? TutorAssignment()
        let before = row.id == nil ? "" : row.tutorId.uuidString
        row.districtId = student.districtId
        row.schoolId = student.schoolId
        row.studentId = studentId
        row.tutorId = tutorId
        row.assignedBy = actor.userId
        row.assignedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: student.districtId, schoolId: student.schoolId, action: "tutoring.assign", entity: TutorAssignment.schema,
                               entityId: row.id, detail: ["student": studentId.uuidString, "tutor": tutorId.uuidString, "before": before])
        }
        return Assigned(row: row, overLimit: overLimit)
    }

    struct SplitProposal: Sendable {
        let school: School
        let plan: Plan
        let split: Tutoring.Split
        /// Pairings the split adds.
        let added: [UUID: UUID]
        let limit: Int?
    }

    /// The even split of the plan's pupils among the school's teachers, kept pairings untouched: shown before it is confirmed.
    static func proposeSplit(schoolId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> SplitProposal {
        let school = try await administeredSchool(schoolId, actor, on: db)
        guard let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        let plan = try await plan(of: school, system: try district.system, on: db)
        let pupils = try await TutoringQueries.pupils(schoolId: schoolId, grades: plan.grades, on: db)
        let existing = Dictionary(uniqueKeysWithValues: pupils.compactMap { row in row.tutor_id.map { (row.id, $0) } })
        let limit = try policies.profile(for: district).growth.pupilsPerTutor.value
        let tutors = try await tutors(schoolId: schoolId, districtId: school.districtId, on: db)
        // Held pupils outside the plan's grades count toward a tutor's load too.
        let split = Tutoring.evenSplit(pupils.map { .init(id: $0.id, classId: $0.class_id) }, tutors: tutors, existing: existing, limit: limit)
        return SplitProposal(school: school, plan: plan, split: split, added: split.assignments.filter { existing[$0.key] == nil }, limit: limit)
    }

    /// Writes the split's new pairings in one transaction, with one audit record naming how many.
    static func confirmSplit(schoolId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> SplitProposal {
        let proposal = try await proposeSplit(schoolId: schoolId, actor, policies: policies, on: db)
        guard !proposal.added.isEmpty else { return proposal }
        let now = WallClock.now()
        try await db.writeTransaction { tx in
            for (studentId, tutorId) in proposal.added.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                let row = TutorAssignment()
                row.districtId = proposal.school.districtId
                row.schoolId = schoolId
                row.studentId = studentId
                row.tutorId = tutorId
                row.assignedBy = actor.userId
                row.assignedAt = now
                try await row.create(on: tx)
            }
            try await tx.audit(actor, districtId: proposal.school.districtId, schoolId: schoolId, action: "tutoring.split", entity: TutorAssignment.schema,
                               entityId: nil, detail: ["added": String(proposal.added.count), "unplaced": String(proposal.split.unplaced.count)])
        }
        return proposal
    }

    // MARK: logging

    struct NewLog: Sendable {
        let studentId: UUID
        let kind: String
        let date: String
        let summary: String
        let present: String
    }

    /// Who may do what for a pupil: their tutor every task, their head teacher a home visit.
    struct PupilAccess: Sendable {
        let student: Student
        let isTutor: Bool
        let isHeadTeacher: Bool
        let isAdmin: Bool
        let isGuardian: Bool

        /// The pupil's records (talks, written feedback, the portfolio).
        var mayRead: Bool { isTutor || isHeadTeacher || isAdmin || isGuardian }
        /// Home-visit notes.
        var mayReadVisits: Bool { isTutor || isHeadTeacher || isAdmin }
    }

    /// The pupil as the person may reach them; a pupil they have nothing to do with is not found.
    static func access(_ studentId: UUID, _ actor: Actor, on db: any Database) async throws -> PupilAccess {
        guard let student = try await Student.find(studentId, on: db), student.erasedAt == nil, student.districtId == actor.districtId else {
            throw AppError.notFound
        }
        let tutor = try await TutorAssignment.query(on: db).filter(\.$studentId == studentId).first()?.tutorId
        let access = PupilAccess(
            student: student, isTutor: tutor == actor.userId,
            isHeadTeacher: actor.memberships.contains { $0.role == .headTeacher && $0.classId == student.classId },
            isAdmin: actor.adminSchoolIds.contains(student.schoolId), isGuardian: actor.children.contains { $0.studentId == studentId })
        guard access.mayRead || actor.staffSchoolIds.contains(student.schoolId) else { throw AppError.notFound }
        return access
    }

    /// A tutor logs a task for their pupil; the pupil's head teacher may log a home visit.
    static func log(_ new: NewLog, _ actor: Actor, on db: any Database) async throws -> TutorLog {
        let access = try await access(new.studentId, actor, on: db)
        guard let kind = TutorTask(rawValue: new.kind) else { throw GrowthError.badTask(new.kind) }
        guard access.isTutor || (kind == .homeVisit && access.isHeadTeacher) else { throw GrowthError.notTutor }
        guard let date = LocalDate(iso: new.date) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["growth.date"]) }
        let summary = new.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(summary, field: "summary", label: "growth.summary", max: maxSummary)
        let present = new.present.trimmingCharacters(in: .whitespacesAndNewlines)
        guard present.count <= maxPresent else { throw AppError.invalid(field: "present", messageKey: "form.tooLong", args: ["growth.present", String(maxPresent)]) }
        guard let district = try await District.find(access.student.districtId, on: db) else { throw AppError.notFound }
        guard date <= WallClock.today(in: district.zone) else { throw GrowthError.notYet(date.iso) }
        guard let term = try await Term.query(on: db).filter(\.$districtId == district.id!)
            .filter(\.$startsOn <= date.iso).filter(\.$endsOn >= date.iso).first() else { throw GrowthError.outsideTerms(date.iso) }
        let row = TutorLog()
        row.districtId = district.id!
        row.schoolId = access.student.schoolId
        row.termId = term.id!
        row.studentId = new.studentId
        row.teacherId = actor.userId
        row.kind = kind.rawValue
        row.heldOn = date.iso
        row.present = kind == .homeVisit ? present : ""
        row.summary = summary
        row.createdAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            // The notes stay out of the audit trail: it is read more widely than a home visit may be.
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "tutoring.log", entity: TutorLog.schema, entityId: row.id,
                               detail: ["student": new.studentId.uuidString, "kind": kind.rawValue, "date": date.iso])
        }
        return row
    }

    /// A guardian of the pupil acknowledges a written feedback.
    static func acknowledge(logId: UUID, _ actor: Actor, on db: any Database) async throws -> TutorLog {
        guard let row = try await TutorLog.find(logId, on: db), row.districtId == actor.districtId else { throw AppError.notFound }
        let access = try await access(row.studentId, actor, on: db)
        guard access.isGuardian else { throw access.mayRead ? AppError.forbidden : AppError.notFound }
        guard row.kind == TutorTask.writtenFeedback.rawValue else { throw GrowthError.notFeedback }
        guard row.acknowledgedAt == nil else { throw GrowthError.alreadyAcknowledged }
        row.acknowledgedAt = WallClock.now()
        row.acknowledgedBy = actor.userId
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "tutoring.feedback.acknowledge", entity: TutorLog.schema,
                               entityId: row.id, detail: ["student": row.studentId.uuidString])
        }
        return row
    }

    /// The personal text of a pupil's logs goes with the pupil; the rows stay, so coverage keeps its counts.
    static func erase(_ studentId: UUID, on tx: any Database) async throws {
        try await TutorLog.query(on: tx).filter(\.$studentId == studentId)
            .set(\.$summary, to: PupilPrivacyService.erasedName).set(\.$present, to: "").update()
    }
}
