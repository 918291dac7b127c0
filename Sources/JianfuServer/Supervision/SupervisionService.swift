import Fluent
import Foundation
import JianfuCore

/// Inspections, their findings and each finding's rectification to closure, and the bureau's warning notices: who may
/// do what, checked with the core, written in one transaction with its audit record.
enum SupervisionService {
    static let maxScopeItems = 12
    static let maxShortText = 60
    static let maxLongText = 2_000

    /// Inspectors and the bureau inspect, set rectifications and decide on them.
    static func mayInspect(_ actor: Actor) -> Bool { actor.has(.inspector) || actor.isBureauAdmin }

    /// A school's supervision record: the district's roles, and the school's administrators for their own school.
    static func maySee(schoolId: UUID, districtId: UUID, _ actor: Actor) -> Bool {
        guard actor.districtId == districtId else { return false }
        return actor.isDistrictWide || actor.adminSchoolIds.contains(schoolId)
    }

    static func school(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> School {
        guard let school = try await School.find(id, on: db), maySee(schoolId: id, districtId: school.districtId, actor) else { throw AppError.notFound }
        return school
    }

    static func today(_ actor: Actor, on db: any Database) async throws -> LocalDate {
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        return WallClock.today(in: district.zone)
    }

    // MARK: inspections

    struct NewFinding: Sendable {
        let category: String
        let severity: String
        let description: String
        let evidence: String
    }

    struct NewInspection: Sendable {
        let schoolId: UUID
        let visitedOn: String
        let scope: [String]
        let methods: [String]
        let summary: String
        let findings: [NewFinding]
        let rechecksFindingId: UUID?
    }

    /// Records a visit and its findings. A visit not made yet (a planned one) has no findings.
    static func createInspection(_ new: NewInspection, _ actor: Actor, on db: any Database) async throws -> (inspection: Inspection, findingIds: [UUID]) {
        guard mayInspect(actor) else { throw AppError.forbidden }
        let school = try await school(new.schoolId, actor, on: db)
        guard let visit = LocalDate(iso: new.visitedOn) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["sup.visitDate"]) }
        let scope = try cleanList(new.scope, field: "scope", label: "sup.scope")
        guard !scope.isEmpty else { throw AppError.invalid(field: "scope", messageKey: "form.required", args: ["sup.scope"]) }
        for method in new.methods where InspectionMethod(rawValue: method) == nil { throw SupervisionError.badMethod(method) }
        try Validate.required(new.summary.trimmingCharacters(in: .whitespacesAndNewlines), field: "summary", label: "sup.summary", max: maxLongText)
        let today = try await today(actor, on: db)
        if !new.findings.isEmpty && visit > today { throw SupervisionError.noFindingsYet }
        for finding in new.findings {
            try Validate.required(finding.category.trimmingCharacters(in: .whitespaces), field: "category", label: "sup.category", max: maxShortText)
            guard FindingSeverity(rawValue: finding.severity) != nil else { throw SupervisionError.badSeverity(finding.severity) }
            try Validate.required(finding.description.trimmingCharacters(in: .whitespacesAndNewlines), field: "description", label: "sup.description",
                                  max: maxLongText)
            guard finding.evidence.count <= maxLongText else {
                throw AppError.invalid(field: "evidence", messageKey: "form.tooLong", args: ["sup.evidence", String(maxLongText)])
            }
        }
        if let rechecked = new.rechecksFindingId {
            guard let finding = try await Finding.find(rechecked, on: db), finding.districtId == actor.districtId else { throw AppError.notFound }
            guard finding.schoolId == school.id else { throw SupervisionError.findingOfAnotherSchool }
        }
        let inspection = Inspection()
        inspection.districtId = school.districtId
        inspection.schoolId = school.id!
        inspection.visitedOn = visit.iso
        inspection.scope = JSONText.encode(scope)
        inspection.methods = JSONText.encode(new.methods)
        inspection.summary = new.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        inspection.inspectorId = actor.userId
        inspection.rechecksFindingId = new.rechecksFindingId
        inspection.createdAt = WallClock.now()
        let findings = new.findings.map { new -> Finding in
            let finding = Finding()
            finding.districtId = school.districtId
            finding.schoolId = school.id!
            finding.category = new.category.trimmingCharacters(in: .whitespaces)
            finding.severity = new.severity
            finding.description = new.description.trimmingCharacters(in: .whitespacesAndNewlines)
            finding.evidence = new.evidence.trimmingCharacters(in: .whitespacesAndNewlines)
            return finding
        }
        let ids = try await db.writeTransaction { tx in
            try await inspection.create(on: tx)
            for finding in findings {
                finding.inspectionId = inspection.id!
                try await finding.create(on: tx)
            }
            try await tx.audit(actor, districtId: school.districtId, schoolId: school.id, action: "supervision.inspection", entity: Inspection.schema,
                               entityId: inspection.id, detail: ["date": visit.iso, "findings": String(findings.count),
                                                                 "rechecks": new.rechecksFindingId?.uuidString ?? ""])
            return findings.map { $0.id! }
        }
        return (inspection, ids)
    }

    private static func cleanList(_ items: [String], field: String, label: String) throws -> [String] {
        let cleaned = items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard cleaned.count <= maxScopeItems else { throw AppError.invalid(field: field, messageKey: "form.tooMany", args: [label, String(maxScopeItems)]) }
        for item in cleaned where item.count > maxShortText {
            throw AppError.invalid(field: field, messageKey: "form.tooLong", args: [label, String(maxShortText)])
        }
        var seen = Set<String>()
        return cleaned.filter { seen.insert($0).inserted }
    }

    struct VisitRecord: Sendable {
        let inspection: Inspection
        let school: School
        let inspectorName: String
        let findings: [(finding: Finding, rectification: Rectification?)]
        /// The finding this visit checks again, with its school's answer.
        let rechecks: Finding?
    }

    static func visit(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> VisitRecord {
        guard let inspection = try await Inspection.find(id, on: db) else { throw AppError.notFound }
        let school = try await school(inspection.schoolId, actor, on: db)
        let findings = try await Finding.query(on: db).filter(\.$inspectionId == id).sort(\.$category).all()
        let tasks = Dictionary(uniqueKeysWithValues: try await Rectification.query(on: db).filter(\.$findingId ~~ findings.map { $0.id! }).all()
            .map { ($0.findingId, $0) })
        let inspector = try await User.find(inspection.inspectorId, on: db)?.displayName ?? ""
        let rechecks = if let id = inspection.rechecksFindingId { try await Finding.find(id, on: db) } else { nil as Finding? }
        return VisitRecord(inspection: inspection, school: school, inspectorName: inspector, findings: findings.map { ($0, tasks[$0.id!]) },
                           rechecks: rechecks)
    }

    // MARK: rectifications

    /// Makes a finding a task for its school, with a deadline on or after the visit and, if named, an owner of that school.
    static func setRectification(findingId: UUID, ownerId: UUID?, deadline raw: String, _ actor: Actor, on db: any Database) async throws -> Rectification {
        guard let finding = try await Finding.find(findingId, on: db), finding.districtId == actor.districtId else { throw AppError.notFound }
        guard mayInspect(actor) else { throw AppError.forbidden }
        guard let inspection = try await Inspection.find(finding.inspectionId, on: db) else { throw AppError.notFound }
        guard let deadline = LocalDate(iso: raw) else { throw AppError.invalid(field: "deadline", messageKey: "homework.badDate", args: ["sup.deadline"]) }
        do { try RectificationRules.checkDeadline(deadline, visit: LocalDate(iso: inspection.visitedOn)!) } catch { throw SupervisionError.rectification(error) }
        if let ownerId {
            guard let owner = try await User.find(ownerId, on: db), owner.districtId == finding.districtId, owner.schoolId == finding.schoolId else {
                throw SupervisionError.ownerNotOfSchool
            }
        }
        let task = Rectification()
        task.districtId = finding.districtId
        task.schoolId = finding.schoolId
        task.findingId = findingId
        task.ownerId = ownerId
        task.deadline = deadline.iso
        task.status = RectificationStatus.open.rawValue
        task.createdBy = actor.userId
        task.createdAt = WallClock.now()
        do {
            try await db.writeTransaction { tx in
                guard try await Rectification.query(on: tx).filter(\.$findingId == findingId).count() == 0 else { throw SupervisionError.alreadySet }
                try await task.create(on: tx)
                try await addStep(task, .init(action: "set", text: "", deadline: deadline.iso), actor, on: tx)
                try await tx.audit(actor, districtId: task.districtId, schoolId: task.schoolId, action: "supervision.rectification.set",
                                   entity: Rectification.schema, entityId: task.id, detail: ["deadline": deadline.iso, "finding": findingId.uuidString])
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw SupervisionError.alreadySet
        }
        return task
    }

    struct StepText: Sendable {
        let action: String
        let text: String
        var deadline: String?
    }

    @discardableResult
    private static func addStep(_ task: Rectification, _ step: StepText, _ actor: Actor, on db: any Database) async throws -> UUID {
        let row = RectificationStep()
        row.districtId = task.districtId
        row.schoolId = task.schoolId
        row.rectificationId = task.id!
        row.action = step.action
        row.text = step.text
        row.deadline = step.deadline
        row.byUser = actor.userId
        row.at = WallClock.now()
        try await row.create(on: db)
        return row.id!
    }

    /// The school answers with the measures it took and its evidence (uploads by id, or files checked and written
    /// already): its administrators, or the task's owner.
    static func respond(rectificationId: UUID, measures: String, attachmentIds: [UUID] = [], files: [AttachmentService.Prepared] = [], _ actor: Actor,
                        on db: any Database) async throws -> Rectification {
        let task = try await task(rectificationId, actor, on: db)
        guard actor.adminSchoolIds.contains(task.schoolId) || task.ownerId == actor.userId else { throw AppError.forbidden }
        let text = measures.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(text, field: "measures", label: "sup.measures", max: maxLongText)
        let schoolId = task.schoolId, districtId = task.districtId
        return try await move(task, .respond, step: .init(action: RectificationAction.respond.rawValue, text: text), actor, on: db) { tx, stepId in
            try await AttachmentService.attach(attachmentIds, to: RectificationStep.schema, id: stepId, schoolId: schoolId, actor, on: tx)
            for file in files {
                _ = try await AttachmentService.record(file, schoolId: schoolId, districtId: districtId, owner: (RectificationStep.schema, stepId), actor, on: tx)
            }
        }
    }

    /// The inspector accepts the school's answer, or reopens the task with a reason and, if given, a new deadline.
    static func decide(rectificationId: UUID, action: RectificationAction, reason: String?, newDeadline raw: String?, _ actor: Actor,
                       on db: any Database) async throws -> Rectification {
        let task = try await task(rectificationId, actor, on: db)
        guard mayInspect(actor), action != .respond else { throw AppError.forbidden }
        var deadline: LocalDate?
        if let raw, !raw.isEmpty {
            guard let parsed = LocalDate(iso: raw) else { throw AppError.invalid(field: "deadline", messageKey: "homework.badDate", args: ["sup.deadline"]) }
            let today = try await today(actor, on: db)
            do { try RectificationRules.checkNewDeadline(parsed, today: today) } catch { throw SupervisionError.rectification(error) }
            deadline = parsed
        }
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= maxLongText else { throw AppError.invalid(field: "reason", messageKey: "form.tooLong", args: ["sup.reason", String(maxLongText)]) }
        return try await move(task, action, step: .init(action: action.rawValue, text: text, deadline: action == .reopen ? deadline?.iso : nil), actor, on: db)
    }

    /// One status change with its step and audit record; a second change racing it finds the status moved and is refused.
    private static func move(_ task: Rectification, _ action: RectificationAction, step: StepText, _ actor: Actor, on db: any Database,
                             with extra: @escaping @Sendable (any Database, UUID) async throws -> Void = { _, _ in }) async throws -> Rectification {
        let next: RectificationStatus
        do { next = try RectificationRules.next(task.state, action, reason: step.text) } catch { throw SupervisionError.rectification(error) }
        let from = task.state
        try await db.writeTransaction { tx in
            guard try await SupervisionQueries.moveStatus(task.id!, from: from, to: next, deadline: step.deadline, on: tx) else {
                throw SupervisionError.rectification(.notNow(status: from, action: action))
            }
            let stepId = try await addStep(task, step, actor, on: tx)
            try await extra(tx, stepId)
            try await tx.audit(actor, districtId: task.districtId, schoolId: task.schoolId, action: "supervision.rectification." + action.rawValue,
                               entity: Rectification.schema, entityId: task.id, detail: ["from": from.rawValue, "to": next.rawValue,
                                                                                          "deadline": step.deadline ?? ""])
        }
        task.status = next.rawValue
        if let deadline = step.deadline { task.deadline = deadline }
        return task
    }

    static func task(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> Rectification {
        guard let task = try await Rectification.find(id, on: db),
              maySee(schoolId: task.schoolId, districtId: task.districtId, actor) || task.ownerId == actor.userId else { throw AppError.notFound }
        return task
    }

    struct TaskRecord: Sendable {
        let task: Rectification
        let finding: Finding
        let inspection: Inspection
        let school: School
        let steps: [SupervisionQueries.StepRow]
        let today: LocalDate
        /// Re-inspections of this finding.
        let rechecks: [Inspection]
    }

    static func taskRecord(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> TaskRecord {
        let task = try await task(id, actor, on: db)
        guard let finding = try await Finding.find(task.findingId, on: db), let inspection = try await Inspection.find(finding.inspectionId, on: db),
              let school = try await School.find(task.schoolId, on: db) else { throw AppError.notFound }
        return TaskRecord(task: task, finding: finding, inspection: inspection, school: school,
                          steps: try await SupervisionQueries.steps(rectificationId: id, on: db), today: try await today(actor, on: db),
                          rechecks: try await Inspection.query(on: db).filter(\.$rechecksFindingId == finding.id!).sort(\.$visitedOn).all())
    }

    /// The tasks the person may see: a school's for its administrators, the district's (or one school's) for its roles.
    static func tasks(schoolId: UUID?, status: RectificationStatus?, waiting: Bool = false, id: UUID? = nil, limit: Int? = nil, _ actor: Actor,
                      on db: any Database) async throws -> (rows: [SupervisionQueries.TaskRow], today: LocalDate) {
        let scope = try await listScope(schoolId, actor, on: db)
        if let scope, scope.isEmpty { return ([], try await today(actor, on: db)) }
        let rows = try await SupervisionQueries.tasks(districtId: actor.districtId, schoolIds: scope, status: status?.rawValue, waiting: waiting, id: id,
                                                      limit: limit, on: db)
        return (rows, try await today(actor, on: db))
    }

    // MARK: warning notices

    static func issueWarning(schoolId: UUID, title: String, body: String, _ actor: Actor, on db: any Database) async throws -> WarningNotice {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let school = try await school(schoolId, actor, on: db)
        let title = title.trimmingCharacters(in: .whitespaces), body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(title, field: "title", label: "sup.warningTitle", max: maxShortText * 2)
        try Validate.required(body, field: "body", label: "sup.warningBody", max: maxLongText)
        let notice = WarningNotice()
        notice.districtId = school.districtId
        notice.schoolId = school.id!
        notice.title = title
        notice.body = body
        notice.issuedOn = try await today(actor, on: db).iso
        notice.issuedBy = actor.userId
        try await db.writeTransaction { tx in
            try await notice.create(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: school.id, action: "supervision.warning.issue", entity: WarningNotice.schema,
                               entityId: notice.id, detail: ["title": title])
        }
        return notice
    }

    /// The school's administrators acknowledge a notice once; it stays on the record.
    static func acknowledge(warningId: UUID, _ actor: Actor, on db: any Database) async throws -> WarningNotice {
        guard let notice = try await WarningNotice.find(warningId, on: db),
              maySee(schoolId: notice.schoolId, districtId: notice.districtId, actor) else { throw AppError.notFound }
        guard actor.adminSchoolIds.contains(notice.schoolId) else { throw AppError.forbidden }
        let now = WallClock.now()
        try await db.writeTransaction { tx in
            guard try await SupervisionQueries.acknowledge(warningId, by: actor.userId, at: now, on: tx) else { throw SupervisionError.alreadyAcknowledged }
            try await tx.audit(actor, districtId: notice.districtId, schoolId: notice.schoolId, action: "supervision.warning.acknowledge",
                               entity: WarningNotice.schema, entityId: notice.id)
        }
        notice.acknowledgedBy = actor.userId
        notice.acknowledgedAt = now
        return notice
    }

    static func warnings(schoolId: UUID?, _ actor: Actor, on db: any Database) async throws -> [SupervisionQueries.WarningRow] {
        let scope = try await listScope(schoolId, actor, on: db)
        if let scope, scope.isEmpty { return [] }
        return try await SupervisionQueries.warnings(districtId: actor.districtId, schoolIds: scope, on: db)
    }

    static func inspections(schoolId: UUID?, limit: Int? = nil, _ actor: Actor, on db: any Database) async throws -> [SupervisionQueries.InspectionRow] {
        let scope = try await listScope(schoolId, actor, on: db)
        if let scope, scope.isEmpty { return [] }
        return try await SupervisionQueries.inspections(districtId: actor.districtId, schoolIds: scope, limit: limit, on: db)
    }

    /// The schools a list covers: the one asked for (if the person may see it), else the whole district (nil) for its
    /// roles and the person's own schools for their administrators. Nobody else keeps a supervision record.
    static func listScope(_ schoolId: UUID?, _ actor: Actor, on db: any Database) async throws -> Set<UUID>? {
        guard actor.isDistrictWide || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        if let schoolId {
            _ = try await school(schoolId, actor, on: db)
            return [schoolId]
        }
        return actor.isDistrictWide ? nil : actor.adminSchoolIds
    }
}
