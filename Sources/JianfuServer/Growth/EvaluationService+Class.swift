import Fluent
import Foundation
import JianfuCore

extension EvaluationService {
    // MARK: a class's display

    struct ClassBoard: Sendable {
        let period: TutoringService.Period
        let schoolClass: SchoolClass
        let pupils: [EvaluationQueries.ClassPupil]
        let display: QualityDisplay?
        let phase: EvaluationDisplay.Phase
        /// Every objection for the head teacher and administrators; a guardian's own for them.
        let objections: [QualityObjection]
        let workingDays: RuledValue
        /// The head teacher or the school's administrators: they start the display and answer objections.
        let mayManage: Bool
        /// Only the school's administrators seal.
        let maySeal: Bool
        /// A guardian of a pupil of the class, who sees the display while it is open.
        let isGuardian: Bool

        var approved: Int { pupils.filter { $0.stage == EvaluationStage.approved.rawValue }.count }
        var startProblems: [EvaluationDisplay.StartProblem] {
            EvaluationDisplay.startProblems(pupils: pupils.count, approved: approved, alreadyStarted: display != nil, workingDays: workingDays.value)
        }
        var sealProblems: [EvaluationDisplay.SealProblem] {
            EvaluationDisplay.sealProblems(phase: phase, openObjections: objections.filter { $0.answeredAt == nil }.count)
        }
    }

    /// A class's evaluations and display: for its head teacher and the school's administrators; for the class's guardians
    /// the display while it is open (公示), and nothing otherwise.
    static func classBoard(_ classId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> ClassBoard {
        guard let schoolClass = try await SchoolClass.find(classId, on: db), schoolClass.districtId == actor.districtId else { throw AppError.notFound }
        let isHead = actor.memberships.contains { $0.role == .headTeacher && $0.classId == classId }
        let isAdmin = actor.adminSchoolIds.contains(schoolClass.schoolId)
        let isGuardian = actor.children.contains { $0.classId == classId }
        guard isHead || isAdmin || isGuardian else {
            throw actor.staffSchoolIds.contains(schoolClass.schoolId) ? AppError.forbidden : AppError.notFound
        }
        let period = try await TutoringService.currentTerm(actor, policies: policies, on: db)
        let termId = period.term.id!
        let display = try await QualityDisplay.query(on: db).filter(\.$classId == classId).filter(\.$termId == termId).first()
        let phase = phase(display, today: period.today)
        let mayManage = isHead || isAdmin
        if !mayManage, case .open = phase {} else if !mayManage { throw AppError.notFound }
        var objections: [QualityObjection] = []
        if let displayId = display?.id { objections = try await QualityObjection.query(on: db).filter(\.$displayId == displayId).sort(\.$raisedAt).all() }
        if !mayManage { objections = objections.filter { $0.raisedBy == actor.userId } }
        let pupils = try await EvaluationQueries.classPupils(classId: classId, termId: termId, on: db)
        return ClassBoard(period: period, schoolClass: schoolClass, pupils: pupils, display: display, phase: phase, objections: objections,
                          workingDays: period.rules.displayWorkingDays, mayManage: mayManage, maySeal: isAdmin, isGuardian: isGuardian)
    }

    /// The head teacher or an administrator puts the class's approved evaluations on display from today for the
    /// district's number of working days.
    static func startDisplay(classId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> QualityDisplay {
        let board = try await classBoard(classId, actor, policies: policies, on: db)
        guard board.mayManage else { throw EvaluationError.notReviewer }
        switch board.startProblems.first {
        case .alreadyStarted: throw EvaluationError.displayStarted
        case .noLength: throw EvaluationError.noDisplayLength(board.workingDays.wording)
        case .notApproved(let count): throw EvaluationError.notAllApproved(count)
        case nil: break
        }
        let days = board.workingDays.value!
        let row = QualityDisplay()
        row.districtId = board.schoolClass.districtId
        row.schoolId = board.schoolClass.schoolId
        row.classId = classId
        row.termId = board.period.term.id!
        row.startsOn = board.period.today.iso
        row.endsOn = EvaluationDisplay.lastDay(start: board.period.today, workingDays: days, calendar: board.period.calendar).iso
        row.workingDays = days
        row.startedBy = actor.userId
        row.startedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.display.start", entity: QualityDisplay.schema,
                               entityId: row.id, detail: ["class": classId.uuidString, "from": row.startsOn, "through": row.endsOn, "days": String(days)])
        }
        return row
    }

    /// A guardian of the class objects to one pupil's displayed evaluation while the display is open.
    static func object(classId: UUID, evaluationId: UUID, text raw: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> QualityObjection {
        let board = try await classBoard(classId, actor, policies: policies, on: db)
        guard board.isGuardian else { throw EvaluationError.notGuardian }
        guard case .open = board.phase, let display = board.display else { throw EvaluationError.displayNotOpen }
        guard board.pupils.contains(where: { $0.evaluation_id == evaluationId }) else { throw AppError.notFound }
        let row = QualityObjection()
        row.districtId = display.districtId
        row.schoolId = display.schoolId
        row.displayId = display.id!
        row.evaluationId = evaluationId
        row.raisedBy = actor.userId
        row.raisedAt = WallClock.now()
        row.text = try text(raw, field: "text", label: "evaluation.objection")
        row.answer = ""
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.objection", entity: QualityObjection.schema,
                               entityId: row.id, detail: ["class": classId.uuidString, "evaluation": evaluationId.uuidString])
        }
        return row
    }

    /// The head teacher or an administrator answers an objection, before the class is sealed.
    static func answer(objectionId: UUID, text raw: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> QualityObjection {
        guard let row = try await QualityObjection.find(objectionId, on: db), row.districtId == actor.districtId,
              let display = try await QualityDisplay.find(row.displayId, on: db) else { throw AppError.notFound }
        let board = try await classBoard(display.classId, actor, policies: policies, on: db)
        guard board.mayManage else { throw AppError.notFound }
        guard row.answeredAt == nil else { throw EvaluationError.objectionAnswered }
        guard display.sealedAt == nil else { throw EvaluationError.sealed }
        row.answer = try text(raw, field: "answer", label: "evaluation.answer")
        row.answeredBy = actor.userId
        row.answeredAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.objection.answer", entity: QualityObjection.schema,
                               entityId: row.id, detail: ["evaluation": row.evaluationId.uuidString])
        }
        return row
    }

    /// An administrator seals the class's evaluations once the display has ended and every objection is answered: in one
    /// transaction, so a class is never half sealed.
    static func seal(classId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Int {
        let board = try await classBoard(classId, actor, policies: policies, on: db)
        guard board.maySeal else { throw EvaluationError.notReviewer }
        switch board.sealProblems.first {
        case .notStarted: throw EvaluationError.displayNotStarted
        case .stillOpen(let until): throw EvaluationError.displayStillOpen(until.iso)
        case .openObjections(let count): throw EvaluationError.openObjections(count)
        case .alreadySealed: throw EvaluationError.sealed
        case nil: break
        }
        let display = board.display!
        let now = WallClock.now()
        let ids = board.pupils.compactMap(\.evaluation_id)
        try await db.writeTransaction { tx in
            try await QualityEvaluation.query(on: tx).filter(\.$id ~~ ids).filter(\.$stage == EvaluationStage.approved.rawValue)
                .set(\.$stage, to: EvaluationStage.sealed.rawValue).set(\.$sealedAt, to: now).update()
            display.sealedAt = now
            display.sealedBy = actor.userId
            try await display.save(on: tx)
            try await tx.audit(actor, districtId: display.districtId, schoolId: display.schoolId, action: "quality.seal", entity: QualityDisplay.schema,
                               entityId: display.id, detail: ["class": classId.uuidString, "sealed": String(ids.count)])
        }
        return ids.count
    }

    // MARK: coverage

    struct ClassProgress: Sendable {
        let schoolId: UUID
        let classId: UUID
        let grade: Int
        let number: Int
        let pupils: Int
        let stages: [EvaluationStage: Int]
        let phase: EvaluationDisplay.Phase

        /// Pupils whose evaluation has not been submitted yet.
        var notSubmitted: Int { pupils - stages.filter { $0.key != .selfReview }.values.reduce(0, +) }
        var inReview: Int { (stages[.group] ?? 0) + (stages[.classReview] ?? 0) + (stages[.school] ?? 0) }
    }

    /// Each class's pupils at each stage and its display, for the schools given (nil: the district's).
    /// `classes`: the schools' class counts when the caller has read them already.
    static func progress(districtId: UUID, termId: UUID, today: LocalDate, schoolIds: Set<UUID>?, classes known: [TutoringQueries.ClassCount]? = nil,
                         on db: any Database) async throws -> [ClassProgress] {
        var classes = known ?? []
        if known == nil { classes = try await TutoringQueries.classCounts(districtId: districtId, schoolIds: schoolIds, on: db) }
        let counts = try await EvaluationQueries.stageCounts(districtId: districtId, termId: termId, schoolIds: schoolIds, on: db)
        var displays = QualityDisplay.query(on: db).filter(\.$districtId == districtId).filter(\.$termId == termId)
        if let schoolIds { displays = displays.filter(\.$schoolId ~~ schoolIds) }
        let byClass = Dictionary(try await displays.all().map { ($0.classId, $0) }) { first, _ in first }
        return classes.map { row in
            var stages: [EvaluationStage: Int] = [:]
            for count in counts where count.class_id == row.class_id {
                if let stage = EvaluationStage(rawValue: count.stage) { stages[stage, default: 0] += count.n }
            }
            return ClassProgress(schoolId: row.school_id, classId: row.class_id, grade: row.grade_number, number: row.class_number, pupils: row.pupils,
                                 stages: stages, phase: phase(byClass[row.class_id], today: today))
        }
    }
}
