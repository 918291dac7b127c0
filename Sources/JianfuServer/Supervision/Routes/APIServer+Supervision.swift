import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func listInspections(_ input: Operations.ListInspections.Input) async throws -> Operations.ListInspections.Output {
        let (actor, request) = try actor()
        let rows = try await SupervisionService.inspections(schoolId: try input.query.schoolId.map(Self.id), actor, on: request.db)
        return .ok(.init(body: .json(rows.map {
            .init(id: $0.id.uuidString, schoolId: $0.school_id.uuidString, schoolName: $0.school_name, date: $0.visited_on, inspector: $0.inspector_name,
                  findings: $0.findings, openTasks: $0.open_tasks)
        })))
    }

    func createInspection(_ input: Operations.CreateInspection.Input) async throws -> Operations.CreateInspection.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let new = SupervisionService.NewInspection(
            schoolId: try Self.id(body.schoolId), visitedOn: body.date, scope: body.scope, methods: body.methods ?? [], summary: body.summary ?? "",
            findings: body.findings.map { .init(category: $0.category, severity: $0.severity.rawValue, description: $0.description, evidence: $0.evidence ?? "") },
            rechecksFindingId: try body.rechecksFindingId.map(Self.id))
        let made = try await SupervisionService.createInspection(new, actor, on: request.db)
        return .created(.init(body: .json(.init(id: made.inspection.id!.uuidString, findingIds: made.findingIds.map(\.uuidString)))))
    }

    func setRectification(_ input: Operations.SetRectification.Input) async throws -> Operations.SetRectification.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let task = try await SupervisionService.setRectification(findingId: try Self.id(input.path.id), ownerId: try body.ownerId.map(Self.id),
                                                                 deadline: body.deadline, actor, on: request.db)
        return .created(.init(body: .json(.init(id: task.id!.uuidString))))
    }

    func listRectifications(_ input: Operations.ListRectifications.Input) async throws -> Operations.ListRectifications.Output {
        let (actor, request) = try actor()
        let listed = try await SupervisionService.tasks(schoolId: try input.query.schoolId.map(Self.id),
                                                        status: input.query.status.flatMap { RectificationStatus(rawValue: $0.rawValue) }, actor, on: request.db)
        return .ok(.init(body: .json(listed.rows.map { Self.rectification($0, today: listed.today) })))
    }

    func respondToRectification(_ input: Operations.RespondToRectification.Input) async throws -> Operations.RespondToRectification.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let id = try Self.id(input.path.id)
        _ = try await SupervisionService.respond(rectificationId: id, measures: body.measures, attachmentIds: try (body.attachmentIds ?? []).map(Self.id),
                                                 actor, on: request.db)
        return .ok(.init(body: .json(try await rectification(id, actor, request))))
    }

    func decideRectification(_ input: Operations.DecideRectification.Input) async throws -> Operations.DecideRectification.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let id = try Self.id(input.path.id)
        _ = try await SupervisionService.decide(rectificationId: id, action: body.action == .accept ? .accept : .reopen, reason: body.reason,
                                                newDeadline: body.deadline, actor, on: request.db)
        return .ok(.init(body: .json(try await rectification(id, actor, request))))
    }

    private func rectification(_ id: UUID, _ actor: Actor, _ request: Request) async throws -> Components.Schemas.Rectification {
        let listed = try await SupervisionService.tasks(schoolId: nil, status: nil, id: id, actor, on: request.db)
        guard let row = listed.rows.first else { throw AppError.notFound }
        return Self.rectification(row, today: listed.today)
    }

    static func rectification(_ row: SupervisionQueries.TaskRow, today: LocalDate) -> Components.Schemas.Rectification {
        let status = RectificationStatus(rawValue: row.status) ?? .open
        let deadline = LocalDate(iso: row.deadline) ?? today
        return .init(id: row.id.uuidString, schoolId: row.school_id.uuidString, schoolName: row.school_name, findingId: row.finding_id.uuidString,
                     inspectionId: row.inspection_id.uuidString, category: row.category, severity: row.severity, description: row.description,
                     deadline: row.deadline, status: .init(rawValue: row.status) ?? .open,
                     overdue: RectificationRules.isOverdue(status, deadline: deadline, today: today),
                     daysOverdue: RectificationRules.daysOverdue(status, deadline: deadline, today: today), owner: row.owner_name)
    }

    func issueWarning(_ input: Operations.IssueWarning.Input) async throws -> Operations.IssueWarning.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let notice = try await SupervisionService.issueWarning(schoolId: try Self.id(body.schoolId), title: body.title, body: body.body, actor, on: request.db)
        return .created(.init(body: .json(Self.warning(notice))))
    }

    func listWarnings(_ input: Operations.ListWarnings.Input) async throws -> Operations.ListWarnings.Output {
        let (actor, request) = try actor()
        return .ok(.init(body: .json(try await SupervisionService.warnings(schoolId: nil, actor, on: request.db).map {
            .init(id: $0.id.uuidString, schoolId: $0.school_id.uuidString, schoolName: $0.school_name, title: $0.title, body: $0.body, issuedOn: $0.issued_on,
                  acknowledged: $0.acknowledged_at != nil)
        })))
    }

    func acknowledgeWarning(_ input: Operations.AcknowledgeWarning.Input) async throws -> Operations.AcknowledgeWarning.Output {
        let (actor, request) = try actor()
        return .ok(.init(body: .json(Self.warning(try await SupervisionService.acknowledge(warningId: try Self.id(input.path.id), actor, on: request.db)))))
    }

    static func warning(_ notice: WarningNotice) -> Components.Schemas.WarningNotice {
        .init(id: notice.id!.uuidString, schoolId: notice.schoolId.uuidString, title: notice.title, body: notice.body, issuedOn: notice.issuedOn,
              acknowledged: notice.acknowledgedAt != nil)
    }

    func listAssessmentTables(_ input: Operations.ListAssessmentTables.Input) async throws -> Operations.ListAssessmentTables.Output {
        let (actor, request) = try actor()
        return .ok(.init(body: .json(try await SupervisionService.tables(actor, on: request.db).map { Self.table($0, request.language) })))
    }

    func loadAssessmentTable(_ input: Operations.LoadAssessmentTable.Input) async throws -> Operations.LoadAssessmentTable.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let record = try await SupervisionService.loadTable(key: body.key, yaml: body.yaml, actor, policies: app.policies, on: request.db)
        return .created(.init(body: .json(Self.table(try await SupervisionService.table(record.id!, actor, on: request.db), request.language))))
    }

    func decideAssessmentDiscrepancy(_ input: Operations.DecideAssessmentDiscrepancy.Input) async throws -> Operations.DecideAssessmentDiscrepancy.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let id = try Self.id(input.path.id)
        try await SupervisionService.decide(tableId: id, key: body.key, decision: body.decision, note: body.note ?? "", actor, on: request.db)
        return .ok(.init(body: .json(Self.table(try await SupervisionService.table(id, actor, on: request.db), request.language))))
    }

    func rateSchool(_ input: Operations.RateSchool.Input) async throws -> Operations.RateSchool.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let score = try await SupervisionService.rate(
            tableId: try Self.id(input.path.id), schoolId: try Self.id(input.path.schoolId), termId: try Self.id(body.termId),
            body.ratings.map { .init(code: $0.code, level: $0.level, achievements: $0.achievements?.additionalProperties, note: $0.note ?? "") },
            actor, on: request.db)
        return .ok(.init(body: .json(.init(total: score.total, maximum: score.maximum, rated: score.rated, toRate: score.toRate))))
    }

    func getAssessmentStandings(_ input: Operations.GetAssessmentStandings.Input) async throws -> Operations.GetAssessmentStandings.Output {
        let (actor, request) = try actor()
        let termId = if let raw = input.query.termId { try Self.id(raw) } else { try await SupervisionService.currentTerm(actor, on: request.db).id! }
        let result = try await SupervisionService.standings(tableId: try Self.id(input.path.id), termId: termId, actor, on: request.db)
        return .ok(.init(body: .json(result.standings.map {
            .init(schoolId: $0.schoolId.uuidString, schoolName: $0.schoolName, total: $0.score?.total, maximum: $0.score?.maximum, rated: $0.score?.rated,
                  toRate: $0.score?.toRate, previousTotal: $0.previous?.total)
        })))
    }

    static func table(_ loaded: SupervisionService.LoadedTable, _ language: Language) -> Components.Schemas.AssessmentTable {
        let table = loaded.table
        let nodes = table.nodes
        func indicator(_ node: AssessmentTable.Node) -> Components.Schemas.AssessmentIndicator {
            let i = node.indicator
            return .init(code: i.code, key: node.key, title: i.title, points: i.points, content: i.content, method: i.method,
                         achievements: i.achievements?.map { .init(key: $0.key, name: $0.name, points: $0.points) },
                         children: nodes.filter { $0.parentKey == node.key }.map(indicator))
        }
        return .init(
            id: loaded.record.id!.uuidString, key: table.id, title: table.title, source: table.source, statedTotal: table.statedTotal,
            scheme: .init(kind: table.scheme.kind, wording: table.scheme.wording,
                          levels: table.scheme.levels.map { .init(level: $0.level, name: $0.name, weight: $0.weight, criterion: $0.criterion) }),
            indicators: nodes.filter { $0.parentKey == nil }.map(indicator),
            discrepancies: table.discrepancies.map { d in
                let decision = loaded.decisions[d.key]
                return .init(code: d.code, key: d.key, kind: .init(rawValue: d.kind.rawValue)!, stated: d.stated, sumOfParts: d.sumOfParts,
                             note: SupervisionText.discrepancy(d, language), choices: d.choices.map(\.rawValue), decision: decision?.decision,
                             decidedBy: decision?.decided_by_name, decidedAt: decision?.decided_at)
            },
            undecided: loaded.undecided)
    }
}
