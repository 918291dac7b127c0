import Fluent
import Foundation
import JianfuCore
import Vapor

/// Sign-up (AS-05, AS-12: voluntary, by the family): the basic session takes every pupil who applies (愿留尽留); the
/// limited programs take ranked choices until sign-up closes, are allocated once by `Allocation` (a recorded lottery),
/// and after that fill first come, with a waiting list that moves up when a place frees.
extension AfterSchoolService {
    /// Jianfu's own bound: a pupil ranks at most this many limited programs.
    static let maxChoices = 3

    static func isBasic(_ program: AfterSchoolProgram) -> Bool { program.category == ProgramCategory.homeworkGuidance.rawValue }

    static let active: [AfterSchoolEnrolment.Status] = [.pendingReview, .applied, .enrolled, .waiting]

    /// A guardian signs their child up for a program.
    static func apply(studentId: UUID, programId: UUID, choice: Int?, _ actor: Actor, on db: any Database) async throws -> AfterSchoolEnrolment {
        // Nobody is enrolled without a guardian's sign-up, and a guardian signs up only their own child.
        guard let child = actor.children.first(where: { $0.studentId == studentId }),
              let student = try await Student.find(studentId, on: db), student.erasedAt == nil else { throw AppError.notFound }
        guard let program = try await AfterSchoolProgram.find(programId, on: db), program.schoolId == child.schoolId,
              program.status == AfterSchoolProgram.Status.active.rawValue else { throw AppError.notFound }
        guard let schoolClass = try await SchoolClass.find(student.classId, on: db) else { throw AppError.notFound }
        guard program.gradeList.contains(schoolClass.gradeNumber) else { throw AfterSchoolError.notForGrade(schoolClass.gradeNumber) }
        guard let plan = try await AfterSchoolPlan.query(on: db).filter(\.$schoolId == program.schoolId).filter(\.$termId == program.termId).first(),
              let district = try await District.find(program.districtId, on: db) else { throw AfterSchoolError.noPlan }
        let allocated = try await AfterSchoolAllocation.query(on: db).filter(\.$schoolId == program.schoolId).filter(\.$termId == program.termId).first() != nil
        let basic = isBasic(program)
        if !basic && !allocated {
            guard let choice, (1...maxChoices).contains(choice) else { throw AfterSchoolError.choiceNeeded(max: maxChoices) }
            if let closes = plan.signupClosesOn.flatMap(LocalDate.init(iso:)), WallClock.today(in: district.zone) > closes {
                throw AfterSchoolError.signupClosed(closes.iso)
            }
        }
        let rank = basic || allocated ? nil : choice
        return try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            let mine = try await AfterSchoolEnrolment.query(on: tx).filter(\.$studentId == studentId).filter(\.$termId == program.termId).all()
            if let same = mine.first(where: { $0.programId == programId }), let state = same.state, active.contains(state) {
                throw AfterSchoolError.alreadyApplied
            }
            if let rank, mine.contains(where: { $0.choice == rank && $0.status == AfterSchoolEnrolment.Status.applied.rawValue }) {
                throw AfterSchoolError.choiceTaken(rank)
            }
            let row = mine.first { $0.programId == programId } ?? AfterSchoolEnrolment()
            row.districtId = program.districtId
            row.schoolId = program.schoolId
            row.termId = program.termId
            row.programId = programId
            row.studentId = studentId
            row.classId = student.classId
            row.guardianId = actor.userId
            row.choice = rank
            if row.id == nil { row.priority = false }
            row.appliedAt = WallClock.now()
            row.decidedAt = nil
            row.reviewedBy = nil
            row.position = nil
            if plan.classReview {
                row.status = AfterSchoolEnrolment.Status.pendingReview.rawValue
            } else {
                try await place(row, program: program, allocated: allocated, others: mine, on: tx)
            }
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "after_school.enrolment.apply",
                               entity: AfterSchoolEnrolment.schema, entityId: row.id,
                               detail: ["program": program.name, "studentId": studentId.uuidString, "status": row.status,
                                        "choice": rank.map(String.init) ?? ""])
            return row
        }
    }

    /// Where an accepted application stands: the basic session takes everyone; before the allocation a limited
    /// program's application waits for it; after it, a free place or the end of the waiting list.
    private static func place(_ row: AfterSchoolEnrolment, program: AfterSchoolProgram, allocated: Bool, others: [AfterSchoolEnrolment],
                              on db: any Database) async throws {
        if isBasic(program) {
            row.status = AfterSchoolEnrolment.Status.enrolled.rawValue
            row.decidedAt = WallClock.now()
            return
        }
        guard allocated else {
            row.status = AfterSchoolEnrolment.Status.applied.rawValue
            return
        }
        let limited = try await limitedProgramIds(schoolId: program.schoolId, termId: program.termId, on: db)
        if others.contains(where: { $0.programId != program.id && limited.contains($0.programId) && $0.status == AfterSchoolEnrolment.Status.enrolled.rawValue }) {
            throw AfterSchoolError.onePlace
        }
        let list = try await AfterSchoolEnrolment.query(on: db).filter(\.$programId == program.id!).all()
        let enrolled = list.filter { $0.status == AfterSchoolEnrolment.Status.enrolled.rawValue }.count
        if enrolled < program.capacity {
            row.status = AfterSchoolEnrolment.Status.enrolled.rawValue
            row.decidedAt = WallClock.now()
        } else {
            row.status = AfterSchoolEnrolment.Status.waiting.rawValue
            row.position = (list.compactMap { $0.status == AfterSchoolEnrolment.Status.waiting.rawValue ? $0.position : nil }.max() ?? 0) + 1
        }
    }

    static func limitedProgramIds(schoolId: UUID, termId: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(try await AfterSchoolProgram.query(on: db).filter(\.$schoolId == schoolId).filter(\.$termId == termId)
            .filter(\.$category != ProgramCategory.homeworkGuidance.rawValue).all().compactMap(\.id))
    }

    /// A guardian withdraws their child, at any time; a place that frees goes to the first on the waiting list.
    static func withdraw(enrolmentId: UUID, _ actor: Actor, on db: any Database) async throws -> AfterSchoolEnrolment {
        guard let row = try await AfterSchoolEnrolment.find(enrolmentId, on: db), actor.children.contains(where: { $0.studentId == row.studentId }),
              let plan = try await AfterSchoolPlan.query(on: db).filter(\.$schoolId == row.schoolId).filter(\.$termId == row.termId).first() else {
            throw AppError.notFound
        }
        return try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            guard let row = try await AfterSchoolEnrolment.find(enrolmentId, on: tx) else { throw AppError.notFound }
            guard let state = row.state, active.contains(state) else { throw AfterSchoolError.notActive }
            row.status = AfterSchoolEnrolment.Status.withdrawn.rawValue
            row.position = nil
            row.decidedAt = WallClock.now()
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "after_school.enrolment.withdraw",
                               entity: AfterSchoolEnrolment.schema, entityId: row.id, detail: ["was": state.rawValue, "programId": row.programId.uuidString])
            if state == .enrolled { try await promote(programId: row.programId, actor, on: tx) }
            if state == .waiting { try await renumber(programId: row.programId, on: tx) }
            return row
        }
    }

    /// The first on the waiting list takes the freed place; their other waits end (one limited program a pupil).
    static func promote(programId: UUID, _ actor: Actor, on db: any Database) async throws {
        guard let program = try await AfterSchoolProgram.find(programId, on: db), !isBasic(program) else { return }
        let list = try await AfterSchoolEnrolment.query(on: db).filter(\.$programId == programId).all()
        let enrolled = list.filter { $0.status == AfterSchoolEnrolment.Status.enrolled.rawValue }.count
        let waiting = list.filter { $0.status == AfterSchoolEnrolment.Status.waiting.rawValue }.sorted { ($0.position ?? 0) < ($1.position ?? 0) }
        guard enrolled < program.capacity, let first = waiting.first else { return }
        first.status = AfterSchoolEnrolment.Status.enrolled.rawValue
        first.position = nil
        first.decidedAt = WallClock.now()
        try await first.save(on: db)
        try await db.audit(actor, districtId: first.districtId, schoolId: first.schoolId, action: "after_school.enrolment.promote",
                           entity: AfterSchoolEnrolment.schema, entityId: first.id, detail: ["programId": programId.uuidString])
        let elsewhere = try await AfterSchoolEnrolment.query(on: db).filter(\.$studentId == first.studentId).filter(\.$termId == first.termId)
            .filter(\.$status == AfterSchoolEnrolment.Status.waiting.rawValue).all()
        for other in elsewhere {
            other.status = AfterSchoolEnrolment.Status.released.rawValue
            other.position = nil
            try await other.save(on: db)
            try await renumber(programId: other.programId, on: db)
        }
        try await renumber(programId: programId, on: db)
    }

    /// Waiting positions 1, 2, 3 … in their order, after someone leaves the list.
    static func renumber(programId: UUID, on db: any Database) async throws {
        let waiting = try await AfterSchoolEnrolment.query(on: db).filter(\.$programId == programId)
            .filter(\.$status == AfterSchoolEnrolment.Status.waiting.rawValue).all().sorted { ($0.position ?? 0) < ($1.position ?? 0) }
        for (index, row) in waiting.enumerated() where row.position != index + 1 {
            row.position = index + 1
            try await row.save(on: db)
        }
    }

    /// The head teacher (or the school's administrator) accepts or refuses an application (家长申请、班级审核).
    static func review(enrolmentId: UUID, approve: Bool, _ actor: Actor, on db: any Database) async throws -> AfterSchoolEnrolment {
        guard let row = try await AfterSchoolEnrolment.find(enrolmentId, on: db), row.districtId == actor.districtId,
              let plan = try await AfterSchoolPlan.query(on: db).filter(\.$schoolId == row.schoolId).filter(\.$termId == row.termId).first(),
              let program = try await AfterSchoolProgram.find(row.programId, on: db) else { throw AppError.notFound }
        let mayReview = actor.adminSchoolIds.contains(row.schoolId) || actor.memberships.contains { $0.role == .headTeacher && $0.classId == row.classId }
        guard mayReview else { throw AppError.notFound }
        let allocated = try await AfterSchoolAllocation.query(on: db).filter(\.$schoolId == row.schoolId).filter(\.$termId == row.termId).first() != nil
        return try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            guard let row = try await AfterSchoolEnrolment.find(enrolmentId, on: tx) else { throw AppError.notFound }
            guard row.status == AfterSchoolEnrolment.Status.pendingReview.rawValue else { throw AfterSchoolError.notActive }
            row.reviewedBy = actor.userId
            if approve {
                let mine = try await AfterSchoolEnrolment.query(on: tx).filter(\.$studentId == row.studentId).filter(\.$termId == row.termId).all()
                try await place(row, program: program, allocated: allocated, others: mine, on: tx)
            } else {
                row.status = AfterSchoolEnrolment.Status.refused.rawValue
                row.decidedAt = WallClock.now()
            }
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "after_school.enrolment.review",
                               entity: AfterSchoolEnrolment.schema, entityId: row.id, detail: ["approve": String(approve), "status": row.status])
            return row
        }
    }

    struct AllocationRun: Sendable {
        let seed: UInt64
        let placed: Int
        let waiting: Int
    }

    /// Runs the allocation once sign-up has closed: the limited programs' applications by the stated rules, the seed
    /// recorded. A second run for the term is refused.
    static func allocate(schoolId: UUID, seed: UInt64?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> AllocationRun {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayPlan(current.school, actor) else { throw AppError.forbidden }
        guard let plan = current.plan else { throw AfterSchoolError.noPlan }
        guard let closes = plan.signupClosesOn.flatMap(LocalDate.init(iso:)), WallClock.today(in: current.district.zone) > closes else {
            throw AfterSchoolError.signupOpen(plan.signupClosesOn ?? "")
        }
        var system = SystemRandomNumberGenerator()
        let seed = seed ?? system.next()
        let termId = current.term.id!
        do {
            return try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
                guard try await AfterSchoolAllocation.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$termId == termId).first() == nil else {
                    throw AfterSchoolError.alreadyAllocated
                }
                let programs = try await AfterSchoolProgram.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$termId == termId)
                    .filter(\.$status == AfterSchoolProgram.Status.active.rawValue).all().filter { !isBasic($0) }
                let rows = try await AfterSchoolEnrolment.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$termId == termId)
                    .filter(\.$status == AfterSchoolEnrolment.Status.applied.rawValue).all()
                let byPupil = Dictionary(grouping: rows, by: \.studentId)
                let applications = byPupil.map { pupil, rows in
                    RankedChoices(pupil: pupil.uuidString, choices: rows.sorted { ($0.choice ?? 0) < ($1.choice ?? 0) }.map(\.programId.uuidString),
                                  priority: rows.contains(where: \.priority))
                }
                let capacity = Dictionary(uniqueKeysWithValues: programs.map { ($0.id!.uuidString, $0.capacity) })
                let result = Allocation.run(applications, capacity: capacity, seed: seed)
                let now = WallClock.now()
                for row in rows {
                    let pupil = row.studentId.uuidString
                    if result.placed[pupil] == row.programId.uuidString {
                        row.status = AfterSchoolEnrolment.Status.enrolled.rawValue
                        row.decidedAt = now
                    } else if result.placed[pupil] != nil {
                        row.status = AfterSchoolEnrolment.Status.released.rawValue
                        row.decidedAt = now
                    } else if let position = result.waiting[row.programId.uuidString]?.firstIndex(of: pupil) {
                        row.status = AfterSchoolEnrolment.Status.waiting.rawValue
                        row.position = position + 1
                    }
                    try await row.save(on: tx)
                }
                let waiting = Set(result.waiting.values.flatMap { $0 }).count
                let run = AfterSchoolAllocation()
                run.districtId = current.district.id!
                run.schoolId = schoolId
                run.termId = termId
                run.seed = String(seed)
                run.placed = result.placed.count
                run.waiting = waiting
                run.ranBy = actor.userId
                run.ranAt = now
                try await run.create(on: tx)
                try await tx.audit(actor, districtId: run.districtId, schoolId: schoolId, action: "after_school.allocation", entity: AfterSchoolAllocation.schema,
                                   entityId: run.id, detail: ["seed": run.seed, "placed": String(run.placed), "waiting": String(waiting),
                                                              "order": result.order.joined(separator: ",")])
                return AllocationRun(seed: seed, placed: result.placed.count, waiting: waiting)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AfterSchoolError.alreadyAllocated
        }
    }

    /// The school's sign-up settings: when ranking closes, and whether head teachers review each application.
    static func saveSignUp(schoolId: UUID, closesOn: String?, classReview: Bool, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayPlan(current.school, actor) else { throw AppError.forbidden }
        guard let plan = current.plan else { throw AfterSchoolError.noPlan }
        let closes = try closesOn?.nilIfEmpty.map { text in
            guard let date = LocalDate(iso: text) else { throw AppError.invalid(field: "closesOn", messageKey: "homework.badDate", args: ["as.closesOn"]) }
            return date.iso
        }
        try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            guard let row = try await AfterSchoolPlan.find(plan.id, on: tx) else { throw AppError.notFound }
            let before = "\(row.signupClosesOn ?? "")|\(row.classReview)"
            row.signupClosesOn = closes
            row.classReview = classReview
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "after_school.signup.settings", entity: AfterSchoolPlan.schema,
                               entityId: row.id, detail: ["before": before, "after": "\(closes ?? "")|\(classReview)"])
        }
    }

    struct PupilLine: Sendable {
        let row: AfterSchoolEnrolment
        let programName: String
    }

    /// A pupil's applications this term, for the pupil's guardians.
    static func pupilEnrolments(studentId: UUID, _ actor: Actor, on db: any Database) async throws -> [PupilLine] {
        guard actor.children.contains(where: { $0.studentId == studentId }) else { throw AppError.notFound }
        let rows = try await AfterSchoolEnrolment.query(on: db).filter(\.$studentId == studentId).sort(\.$appliedAt).all()
        let programs = Dictionary(try await AfterSchoolProgram.query(on: db).filter(\.$id ~~ Array(Set(rows.map(\.programId)))).all().map { ($0.id!, $0.name) },
                                  uniquingKeysWith: { first, _ in first })
        return rows.map { PupilLine(row: $0, programName: programs[$0.programId] ?? "") }
    }
}
