import Fluent
import Foundation
import JianfuCore

/// 综合素质评价 (seed 002 §(五)3, EV-01): a pupil's factual records in five dimensions with their evidence and monthly
/// summaries, entered by the pupil's guardian (teachers may not record for the pupil, EV-02); the term evaluation through
/// the school's chain (自评 → 小组互评 → 班级总评 → 学校审核); the class's public display (公示, EV-03) with objections
/// answered before the school seals the records; sealed records only take annotations.
enum EvaluationService {
    static let maxText = 2_000

    // MARK: the chain

    /// A school's chain; until it chooses, every step seed 002 names.
    static func chain(schoolId: UUID, on db: any Database) async throws -> EvaluationChain {
        let row = try await EvaluationChainRow.query(on: db).filter(\.$schoolId == schoolId).first()
        return EvaluationChain(group: row?.groupStep ?? true, classReview: row?.classStep ?? true)
    }

    /// The school's administrators choose whether the group and class steps are held. Evaluations already past a step
    /// dropped keep their place; one waiting at a dropped step goes on when its reviewer passes it.
    static func setChain(schoolId: UUID, group: Bool, classReview: Bool, _ actor: Actor, on db: any Database) async throws -> EvaluationChain {
        let school = try await TutoringService.administeredSchool(schoolId, actor, on: db)
        let row = try await EvaluationChainRow.query(on: db).filter(\.$schoolId == schoolId).first() ?? EvaluationChainRow()
        let before = row.id == nil ? "" : "group=\(row.groupStep) class=\(row.classStep)"
        row.districtId = school.districtId
        row.schoolId = schoolId
        row.groupStep = group
        row.classStep = classReview
        row.updatedBy = actor.userId
        row.updatedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "quality.chain", entity: EvaluationChainRow.schema,
                               entityId: row.id, detail: ["group": String(group), "class": String(classReview), "before": before])
        }
        return EvaluationChain(group: group, classReview: classReview)
    }

    // MARK: a pupil's term

    struct Pupil: Sendable {
        let access: TutoringService.PupilAccess
        let period: TutoringService.Period
        let chain: EvaluationChain
        let evaluation: QualityEvaluation?
        let records: [QualityRecord]
        /// The files of each record's evidence, by record.
        let files: [UUID: [Attachment]]
        let summaries: [QualitySummary]
        let annotations: [QualityAnnotation]
        let display: QualityDisplay?
        /// Objections to this pupil's evaluation; a guardian sees their own.
        let objections: [QualityObjection]
        let schoolClass: SchoolClass?
        let dueMonths: [String]
        /// In the last grade of the school's stage: the graduation report applies.
        let graduating: Bool

        var stage: EvaluationStage { evaluation.flatMap { EvaluationStage(rawValue: $0.stage) } ?? .selfReview }
        var isSealed: Bool { stage == .sealed }
        /// The guardian writes while the evaluation is with the pupil.
        var guardianMayWrite: Bool { access.isGuardian && stage == .selfReview }
        /// Who reviews the stage it waits at: the head teacher records the group's and the class's evaluations (an
        /// administrator may too), the school's administrators review.
        var mayReview: Bool {
            switch stage {
            case .group, .classReview: access.isHeadTeacher || access.isAdmin
            case .school: access.isAdmin
            default: false
            }
        }
        var mayAnnotate: Bool { isSealed && (access.isHeadTeacher || access.isAdmin) }
        var displayPhase: EvaluationDisplay.Phase {
            EvaluationService.phase(display, today: period.today)
        }
    }

    static func phase(_ display: QualityDisplay?, today: LocalDate) -> EvaluationDisplay.Phase {
        EvaluationDisplay.phase(start: display.flatMap { LocalDate(iso: $0.startsOn) }, lastDay: display.flatMap { LocalDate(iso: $0.endsOn) },
                                sealed: display?.sealedAt != nil, today: today)
    }

    /// A pupil's evaluation this term, for those who may read their records (guardians, tutor, head teacher, the school's
    /// administrators); other staff of the school are refused, everyone else finds nothing.
    static func pupil(_ studentId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Pupil {
        let access = try await TutoringService.access(studentId, actor, on: db)
        guard access.mayRead else { throw AppError.forbidden }
        let period = try await TutoringService.currentTerm(actor, policies: policies, on: db)
        let termId = period.term.id!
        let student = access.student
        let evaluation = try await QualityEvaluation.query(on: db).filter(\.$studentId == studentId).filter(\.$termId == termId).first()
        let records = try await QualityRecord.query(on: db).filter(\.$studentId == studentId).filter(\.$termId == termId)
            .sort(\.$occurredOn).sort(\.$createdAt).all()
        let files = try await AttachmentService.attached(to: QualityRecord.schema, ids: records.map { $0.id! }, on: db)
        let summaries = try await QualitySummary.query(on: db).filter(\.$studentId == studentId).filter(\.$termId == termId).sort(\.$month).all()
        let evaluationIds = evaluation.map { [$0.id!] } ?? []
        let annotations = evaluationIds.isEmpty ? []
            : try await QualityAnnotation.query(on: db).filter(\.$evaluationId ~~ evaluationIds).sort(\.$writtenAt).all()
        let display = try await QualityDisplay.query(on: db).filter(\.$classId == student.classId).filter(\.$termId == termId).first()
        var objections = evaluationIds.isEmpty ? []
            : try await QualityObjection.query(on: db).filter(\.$evaluationId ~~ evaluationIds).sort(\.$raisedAt).all()
        if !(access.isHeadTeacher || access.isAdmin) { objections = objections.filter { $0.raisedBy == actor.userId } }
        let school = try await School.find(student.schoolId, on: db)
        let schoolClass = try await SchoolClass.find(student.classId, on: db)
        let system = try period.district.system
        let lastGrade = school.flatMap { SchoolStage(rawValue: $0.stage) }.map { $0.grades(in: system).upperBound }
        return Pupil(access: access, period: period, chain: try await chain(schoolId: student.schoolId, on: db), evaluation: evaluation,
                     records: records, files: files, summaries: summaries, annotations: annotations, display: display, objections: objections, schoolClass: schoolClass,
                     dueMonths: EvaluationMonths.due(termStart: period.calendar.startsOn, termEnd: period.calendar.endsOn, today: period.today),
                     graduating: lastGrade != nil && schoolClass?.gradeNumber == lastGrade)
    }

    static func requireGuardianWriting(_ pupil: Pupil) throws {
        guard pupil.access.isGuardian else { throw EvaluationError.notGuardian }
        if pupil.isSealed { throw EvaluationError.sealed }
        guard pupil.stage == .selfReview else { throw EvaluationError.notAtStage("evaluation.stage." + pupil.stage.rawValue) }
    }

    static func text(_ raw: String, field: String, label: String, required: Bool = true) throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if required || !value.isEmpty { try Validate.required(value, field: field, label: label, max: maxText) }
        return value
    }

    struct NewRecord: Sendable {
        let dimension: String
        let date: String
        let fact: String
        let evidence: String
    }

    /// The guardian records a fact of the term in one dimension, dated within the term and not after today, with its
    /// evidence as a note, a file (checked and stored beforehand), or both.
    static func addRecord(studentId: UUID, _ new: NewRecord, files: [AttachmentService.Prepared] = [], _ actor: Actor, policies: PolicyStore,
                          on db: any Database) async throws -> QualityRecord {
        let pupil = try await pupil(studentId, actor, policies: policies, on: db)
        try requireGuardianWriting(pupil)
        guard let dimension = QualityDimension(rawValue: new.dimension) else { throw EvaluationError.badDimension(new.dimension) }
        guard let date = LocalDate(iso: new.date) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["growth.date"]) }
        guard date <= pupil.period.today else { throw GrowthError.notYet(date.iso) }
        guard pupil.period.calendar.contains(date) else { throw GrowthError.outsideTerms(date.iso) }
        let row = QualityRecord()
        row.districtId = pupil.access.student.districtId
        row.schoolId = pupil.access.student.schoolId
        row.termId = pupil.period.term.id!
        row.studentId = studentId
        row.dimension = dimension.rawValue
        row.occurredOn = date.iso
        row.fact = try text(new.fact, field: "fact", label: "evaluation.fact")
        row.evidence = try text(new.evidence, field: "evidence", label: "evaluation.evidence", required: false)
        row.enteredBy = actor.userId
        row.createdAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            for file in files {
                _ = try await AttachmentService.record(file, schoolId: row.schoolId, districtId: row.districtId, owner: (QualityRecord.schema, row.id!),
                                                       actor, on: tx)
            }
            // A minor's words stay out of the audit trail, which more people read.
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.record", entity: QualityRecord.schema,
                               entityId: row.id, detail: ["student": studentId.uuidString, "dimension": dimension.rawValue, "date": date.iso,
                                                          "files": String(files.count)])
        }
        return row
    }

    /// The guardian writes (or rewrites) the month's summary for a month the term has reached.
    static func writeSummary(studentId: UUID, month: String, text raw: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> QualitySummary {
        let pupil = try await pupil(studentId, actor, policies: policies, on: db)
        try requireGuardianWriting(pupil)
        guard pupil.dueMonths.contains(month) else { throw EvaluationError.badMonth(month) }
        let row = pupil.summaries.first { $0.month == month } ?? QualitySummary()
        row.districtId = pupil.access.student.districtId
        row.schoolId = pupil.access.student.schoolId
        row.termId = pupil.period.term.id!
        row.studentId = studentId
        row.month = month
        row.text = try text(raw, field: "text", label: "evaluation.monthly")
        row.writtenBy = actor.userId
        row.writtenAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.summary", entity: QualitySummary.schema,
                               entityId: row.id, detail: ["student": studentId.uuidString, "month": month])
        }
        return row
    }

    /// The guardian submits the pupil's term summary (the self evaluation): it goes to the chain's next step.
    static func submit(studentId: UUID, summary raw: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> QualityEvaluation {
        let pupil = try await pupil(studentId, actor, policies: policies, on: db)
        try requireGuardianWriting(pupil)
        let summary = try text(raw, field: "summary", label: "evaluation.termSummary")
        let row = pupil.evaluation ?? QualityEvaluation()
        if row.id == nil {
            row.districtId = pupil.access.student.districtId
            row.schoolId = pupil.access.student.schoolId
            row.classId = pupil.access.student.classId
            row.termId = pupil.period.term.id!
            row.studentId = studentId
            row.groupText = ""
            row.classText = ""
            row.schoolNote = ""
        }
        row.selfText = summary
        row.returnedNote = ""
        row.stage = pupil.chain.stage(after: .selfReview)!.rawValue
        row.updatedBy = actor.userId
        row.updatedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.submit", entity: QualityEvaluation.schema,
                               entityId: row.id, detail: ["student": studentId.uuidString, "to": row.stage])
        }
        return row
    }

    enum Decision: String, Sendable {
        case pass
        case `return`
    }

    /// The reviewer of the stage it waits at passes it on with their evaluation (the group's, the class's; the school's
    /// note may be empty), or returns it to the pupil saying why.
    static func review(studentId: UUID, decision raw: String, text rawText: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> QualityEvaluation {
        let pupil = try await pupil(studentId, actor, policies: policies, on: db)
        guard let decision = Decision(rawValue: raw) else { throw EvaluationError.badDecision(raw) }
        guard pupil.access.isHeadTeacher || pupil.access.isAdmin else { throw EvaluationError.notReviewer }
        guard let row = pupil.evaluation, pupil.mayReview else {
            throw pupil.isSealed ? EvaluationError.sealed : EvaluationError.notAtStage("evaluation.stage." + pupil.stage.rawValue)
        }
        let stage = pupil.stage
        switch decision {
        case .pass:
            let value = try text(rawText, field: "text", label: "evaluation.stage." + stage.rawValue, required: stage != .school)
            switch stage {
            case .group: row.groupText = value
            case .classReview: row.classText = value
            default: row.schoolNote = value
            }
            // A step the school has since dropped still leads on to the school's review.
            row.stage = (pupil.chain.stage(after: stage) ?? .school).rawValue
        case .return:
            row.returnedNote = try text(rawText, field: "text", label: "evaluation.returnReason")
            row.stage = EvaluationStage.selfReview.rawValue
        }
        row.updatedBy = actor.userId
        row.updatedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.review", entity: QualityEvaluation.schema,
                               entityId: row.id, detail: ["student": studentId.uuidString, "stage": stage.rawValue, "decision": decision.rawValue, "to": row.stage])
        }
        return row
    }

    /// A note on a sealed evaluation by the head teacher or the school's administrators.
    static func annotate(studentId: UUID, text raw: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> QualityAnnotation {
        let pupil = try await pupil(studentId, actor, policies: policies, on: db)
        guard pupil.access.isHeadTeacher || pupil.access.isAdmin else { throw EvaluationError.notReviewer }
        guard let evaluation = pupil.evaluation, pupil.isSealed else { throw EvaluationError.notSealedYet }
        let row = QualityAnnotation()
        row.districtId = evaluation.districtId
        row.schoolId = evaluation.schoolId
        row.evaluationId = evaluation.id!
        row.text = try text(raw, field: "text", label: "evaluation.annotation")
        row.writtenBy = actor.userId
        row.writtenAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "quality.annotate", entity: QualityAnnotation.schema,
                               entityId: row.id, detail: ["student": studentId.uuidString])
        }
        return row
    }

    /// A pupil's text goes with the pupil; the rows stay so the class's counts hold.
    /// Who may read a record's evidence file: those who may read the pupil's records (not the district's roles).
    static func mayReadEvidence(recordId: UUID, _ actor: Actor, on db: any Database) async throws -> Bool {
        guard let record = try await QualityRecord.find(recordId, on: db) else { return false }
        do { return try await TutoringService.access(record.studentId, actor, on: db).mayRead } catch AppError.notFound { return false }
    }

    static func erase(_ studentId: UUID, on tx: any Database) async throws {
        let erased = PupilPrivacyService.erasedName
        try await QualityRecord.query(on: tx).filter(\.$studentId == studentId).set(\.$fact, to: erased).set(\.$evidence, to: "").update()
        // The evidence files go with the text; the files no row names any more are swept after the erasure.
        let records = try await QualityRecord.query(on: tx).filter(\.$studentId == studentId).all(\.$id)
        if !records.isEmpty {
            try await Attachment.query(on: tx).filter(\.$ownerEntity == QualityRecord.schema).filter(\.$ownerId ~~ records).delete()
        }
        try await QualitySummary.query(on: tx).filter(\.$studentId == studentId).set(\.$text, to: erased).update()
        try await QualityEvaluation.query(on: tx).filter(\.$studentId == studentId)
            .set(\.$selfText, to: erased).set(\.$groupText, to: "").set(\.$classText, to: "").set(\.$schoolNote, to: "").set(\.$returnedNote, to: "").update()
        let evaluations = try await QualityEvaluation.query(on: tx).filter(\.$studentId == studentId).all(\.$id)
        guard !evaluations.isEmpty else { return }
        try await QualityObjection.query(on: tx).filter(\.$evaluationId ~~ evaluations).set(\.$text, to: erased).set(\.$answer, to: "").update()
        try await QualityAnnotation.query(on: tx).filter(\.$evaluationId ~~ evaluations).set(\.$text, to: erased).update()
    }
}

extension EvaluationService {
    struct GraduationTerm: Sendable {
        let term: Term
        let evaluation: QualityEvaluation?
        let records: [QualityRecord]
    }

    /// The evaluation report (毕业评价报告 for the graduating grade, the record so far for the others): every term's
    /// evaluation and records at the school, for those who may read the pupil's records; each report drawn is audited,
    /// as an export of a minor's record.
    static func graduationReport(_ studentId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> (Pupil, [GraduationTerm]) {
        let pupil = try await pupil(studentId, actor, policies: policies, on: db)
        let evaluations = try await QualityEvaluation.query(on: db).filter(\.$studentId == studentId).all()
        let records = try await QualityRecord.query(on: db).filter(\.$studentId == studentId).sort(\.$occurredOn).all()
        let termIds = Set(evaluations.map(\.termId)).union(records.map(\.termId))
        let terms = termIds.isEmpty ? [] : try await Term.query(on: db).filter(\.$id ~~ termIds).sort(\.$startsOn).all()
        let student = pupil.access.student
        try await db.writeTransaction { tx in
            try await tx.audit(actor, districtId: student.districtId, schoolId: student.schoolId, action: "quality.report", entity: "students",
                               entityId: studentId, detail: ["terms": String(terms.count)])
        }
        return (pupil, terms.map { term in
            GraduationTerm(term: term, evaluation: evaluations.first { $0.termId == term.id }, records: records.filter { $0.termId == term.id })
        })
    }
}

extension EvaluationService {
    /// The term's evaluation in the pupil's portfolio: where it stands, the facts recorded per dimension, and the class's
    /// evaluation once the school has approved it. Facts and words, never a score.
    static func portfolio(_ student: Student, term: Term, language: Language, on db: any Database) async throws -> [PortfolioEntry] {
        let title = Strings.text("evaluation.title", language, [])
        let evaluation = try await QualityEvaluation.query(on: db).filter(\.$studentId == student.id!).filter(\.$termId == term.id!).first()
        let records = try await QualityRecord.query(on: db).filter(\.$studentId == student.id!).filter(\.$termId == term.id!).all()
        guard evaluation != nil || !records.isEmpty else { return [] }
        let stage = evaluation.flatMap { EvaluationStage(rawValue: $0.stage) } ?? .selfReview
        var entries = [PortfolioEntry(section: "evaluation", title: title, label: Strings.text("evaluation.stageLabel", language, []),
                                      value: Strings.text("evaluation.stage." + stage.rawValue, language, []))]
        for dimension in QualityDimension.allCases {
            let facts = records.filter { $0.dimension == dimension.rawValue }.map(\.fact)
            guard !facts.isEmpty else { continue }
            entries.append(PortfolioEntry(section: "evaluation", title: title, label: Strings.text("evaluation.dimension." + dimension.rawValue, language, []),
                                          value: facts.joined(separator: "；")))
        }
        if let evaluation, [.approved, .sealed].contains(stage), !evaluation.classText.isEmpty {
            entries.append(PortfolioEntry(section: "evaluation", title: title, label: Strings.text("evaluation.stage.class", language, []),
                                          value: evaluation.classText))
        }
        return entries
    }
}
