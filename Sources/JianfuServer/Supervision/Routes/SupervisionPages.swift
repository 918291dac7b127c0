import Fluent
import Foundation
import JianfuCore
import Vapor

/// The supervision pages: the record of inspections, tasks and notices; a visit with the facts it starts from; a task
/// from its setting to its acceptance.
enum SupervisionPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SupervisionPaths.index, use: index)
        routes.get(SupervisionPaths.newInspection, use: newInspection)
        routes.post(SupervisionPaths.inspections, use: createInspection)
        routes.get(SupervisionPaths.inspection, use: inspection)
        routes.post(SupervisionPaths.setRectification, use: setRectification)
        routes.get(SupervisionPaths.rectification, use: rectification)
        routes.post(SupervisionPaths.response, use: respond)
        routes.post(SupervisionPaths.decision, use: decide)
        routes.post(SupervisionPaths.warnings, use: issueWarning)
        routes.post(SupervisionPaths.acknowledge, use: acknowledge)
        registerAssessment(routes)
        RoutinePages.register(routes)
        ReportPages.register(routes)
    }

    // MARK: the record

    struct TaskLine: Encodable {
        let href: String
        let school: String
        let category: String
        let severity: String
        let description: String
        let deadline: String
        let status: String
        let overdue: String?
    }

    struct InspectionLine: Encodable {
        let href: String
        let school: String
        let date: String
        let inspector: String
        let findings: Int
        let openTasks: Int
    }

    struct WarningLine: Encodable {
        let school: String
        let title: String
        let body: String
        let issuedOn: String
        let acknowledged: Bool
        let acknowledgeAction: String?
    }

    /// The longest lists the record page shows (the most urgent tasks, the latest visits): a district's whole record is
    /// hundreds of rows, narrowed by school.
    static let listLimit = 100

    struct IndexPage: Encodable {
        let layout: Layout
        let tasks: [TaskLine]
        let moreTasks: String?
        /// The district's schools, for the district's roles to narrow the record to one.
        let filter: [FormOption]
        let inspections: [InspectionLine]
        let warnings: [WarningLine]
        let mayInspect: Bool
        let mayWarn: Bool
        let schools: [FormOption]
        let districtWide: Bool
        let notice: String?
        let error: String?
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        try await renderIndex(req, notice: nil, error: nil)
    }

    static func renderIndex(_ req: Request, notice: String?, error: String?, warningForm: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        // The district's roles may narrow the record to one school (another district's is not found).
        struct Query: Content { var school: String? }
        let shown = actor.isDistrictWide ? (try? req.query.decode(Query.self))?.school.flatMap(UUID.init(uuidString:)) : nil
        // One more than is shown: whether there are more.
        let (open, today) = try await SupervisionService.tasks(schoolId: shown, status: nil, waiting: true, limit: listLimit + 1, actor, on: req.db)
        let inspections = try await SupervisionService.inspections(schoolId: shown, limit: listLimit, actor, on: req.db)
        let warnings = try await SupervisionService.warnings(schoolId: shown, actor, on: req.db)
        let districtSchools = actor.isDistrictWide ? try await School.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$code).all() : []
        let schools = actor.isBureauAdmin
            ? districtSchools.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == (warningForm["school"] ?? shown?.uuidString)) }
            : []
        return try await req.view.render("supervision/index", IndexPage(
            layout: Layout(req, title: req.t("sup.heading")),
            tasks: open.prefix(listLimit).map { taskLine($0, today: today, language) },
            moreTasks: open.count > listLimit ? req.t("sup.moreTasks", String(listLimit)) : nil,
            filter: districtSchools.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == shown) },
            inspections: inspections.map {
                InspectionLine(href: SupervisionPaths.inspection.path($0.id), school: $0.school_name, date: $0.visited_on, inspector: $0.inspector_name,
                               findings: $0.findings, openTasks: $0.open_tasks)
            },
            warnings: warnings.map {
                WarningLine(school: $0.school_name, title: $0.title, body: $0.body, issuedOn: $0.issued_on, acknowledged: $0.acknowledged_at != nil,
                            acknowledgeAction: $0.acknowledged_at == nil && actor.adminSchoolIds.contains($0.school_id) ? SupervisionPaths.acknowledge.path($0.id) : nil)
            },
            mayInspect: SupervisionService.mayInspect(actor), mayWarn: actor.isBureauAdmin, schools: schools, districtWide: actor.isDistrictWide,
            notice: notice, error: error))
    }

    static func taskLine(_ row: SupervisionQueries.TaskRow, today: LocalDate, _ language: Language) -> TaskLine {
        let status = RectificationStatus(rawValue: row.status) ?? .open
        let days = RectificationRules.daysOverdue(status, deadline: LocalDate(iso: row.deadline) ?? today, today: today)
        return TaskLine(href: SupervisionPaths.rectification.path(row.id), school: row.school_name, category: row.category,
                        severity: Strings.text("sup.severity." + row.severity, language, []), description: row.description, deadline: row.deadline,
                        status: Strings.text(status.labelKey, language, []),
                        overdue: days > 0 ? Strings.text("sup.daysOverdue", language, [String(days)]) : nil)
    }

    @Sendable static func issueWarning(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let schoolId = UUID(uuidString: form["school"] ?? "") else { throw AppError.invalid(field: "school", messageKey: "form.required", args: ["sup.school"]) }
            let notice = try await SupervisionService.issueWarning(schoolId: schoolId, title: form["title"] ?? "", body: form["body"] ?? "", actor, on: req.db)
            return try await renderIndex(req, notice: req.t("sup.warningIssued", notice.title), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderIndex(req, notice: nil, error: $0, warningForm: form) })
    }

    @Sendable static func acknowledge(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        return try await FormResponse.handle(req, {
            let notice = try await SupervisionService.acknowledge(warningId: id, actor, on: req.db)
            return try await renderIndex(req, notice: req.t("sup.acknowledged", notice.title), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderIndex(req, notice: nil, error: $0) })
    }

    // MARK: a visit

    struct Box: Encodable {
        let name: String
        let label: String
        let checked: Bool
    }

    struct FindingRow: Encodable {
        let index: Int
        let category: String
        let severities: [FormOption]
        let description: String
        let evidence: String
    }

    struct NewInspectionPage: Encodable {
        let layout: Layout
        let schools: [FormOption]
        let date: String
        let areas: [Box]
        let otherScope: String
        let methods: [Box]
        let summary: String
        let findings: [FindingRow]
        let rechecks: String?
        let rechecksText: String?
        let facts: [SchoolFact]
        let factsPeriod: String?
        let action: String
        let error: String?
    }

    static let findingRows = 4

    @Sendable static func newInspection(_ req: Request) async throws -> View {
        struct Query: Content { var school: String?; var rechecks: String? }
        let query = try req.query.decode(Query.self)
        var form: [String: String] = [:]
        form["school"] = query.school
        form["rechecks"] = query.rechecks
        return try await renderNewInspection(req, form: form, error: nil)
    }

    static func renderNewInspection(_ req: Request, form: [String: String], error: String?) async throws -> View {
        let actor = try req.requireActor()
        guard SupervisionService.mayInspect(actor) || actor.isDistrictWide else { throw AppError.forbidden }
        let language = req.language
        let today = try await SupervisionService.today(actor, on: req.db)
        var rechecksText: String?
        var schoolId = form["school"].flatMap(UUID.init(uuidString:))
        if let id = form["rechecks"].flatMap(UUID.init(uuidString:)), let finding = try await Finding.find(id, on: req.db), finding.districtId == actor.districtId {
            schoolId = finding.schoolId
            rechecksText = "\(finding.category) · \(finding.description)"
        }
        let schools = try await School.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$code).all()
        var facts: [SchoolFact] = []
        var period: String?
        if let schoolId, let school = schools.first(where: { $0.id == schoolId }) {
            let from = try await factsFrom(school, through: today, on: req.db)
            facts = try await Domains.schoolFacts(school, from: from, through: today, language: language, policies: req.application.policies, on: req.db)
            period = req.t("sup.factsPeriod", from.iso, today.iso)
        }
        return try await req.view.render("supervision/inspection-new", NewInspectionPage(
            layout: Layout(req, title: req.t("sup.newInspection")),
            schools: schools.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == schoolId) },
            date: form["date"] ?? today.iso,
            areas: InspectionArea.allCases.map { Box(name: "area_" + $0.rawValue, label: req.t($0.labelKey), checked: form["area_" + $0.rawValue] != nil) },
            otherScope: form["otherScope"] ?? "",
            methods: InspectionMethod.allCases.map { Box(name: "method_" + $0.rawValue, label: req.t($0.labelKey), checked: form["method_" + $0.rawValue] != nil) },
            summary: form["summary"] ?? "",
            findings: (0..<findingRows).map { n in
                FindingRow(index: n, category: form["f\(n)_category"] ?? "",
                           severities: FindingSeverity.allCases.map { FormOption(value: $0.rawValue, label: req.t($0.labelKey),
                                                                                  selected: (form["f\(n)_severity"] ?? FindingSeverity.minor.rawValue) == $0.rawValue) },
                           description: form["f\(n)_description"] ?? "", evidence: form["f\(n)_evidence"] ?? "")
            },
            rechecks: form["rechecks"], rechecksText: rechecksText, facts: facts, factsPeriod: period,
            action: SupervisionPaths.inspections.path, error: error))
    }

    /// The facts of a visit cover its term up to the visit.
    static func factsFrom(_ school: School, through: LocalDate, on db: any Database) async throws -> LocalDate {
        try await CalendarQueries.calendar(districtId: school.districtId, containing: through, on: db)?.startsOn ?? through.adding(days: -30)
    }

    @Sendable static func createInspection(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let schoolId = UUID(uuidString: form["school"] ?? "") else { throw AppError.invalid(field: "school", messageKey: "form.required", args: ["sup.school"]) }
            let scope = InspectionArea.allCases.filter { form["area_" + $0.rawValue] != nil }.map { req.t($0.labelKey) }
                + (form["otherScope"] ?? "").split(whereSeparator: { "，,、;；".contains($0) }).map(String.init)
            let findings = (0..<findingRows).compactMap { n -> SupervisionService.NewFinding? in
                let description = (form["f\(n)_description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !description.isEmpty else { return nil }
                return .init(category: form["f\(n)_category"] ?? "", severity: form["f\(n)_severity"] ?? "", description: description,
                             evidence: form["f\(n)_evidence"] ?? "")
            }
            let made = try await SupervisionService.createInspection(.init(
                schoolId: schoolId, visitedOn: form["date"] ?? "", scope: scope,
                methods: InspectionMethod.allCases.filter { form["method_" + $0.rawValue] != nil }.map(\.rawValue), summary: form["summary"] ?? "",
                findings: findings, rechecksFindingId: form["rechecks"].flatMap(UUID.init(uuidString:))), actor, on: req.db)
            return req.redirect(to: SupervisionPaths.inspection.path(made.inspection.id!) + "?created=1", redirectType: .normal)
        }, rerender: { try await renderNewInspection(req, form: form, error: $0) })
    }

    struct FindingLine: Encodable {
        let id: String
        let category: String
        let severity: String
        let critical: Bool
        let description: String
        let evidence: String
        let task: TaskLine?
        let setAction: String?
        let recheckHref: String?
    }

    struct InspectionPage: Encodable {
        let layout: Layout
        let school: String
        let date: String
        let inspector: String
        let scope: String
        let methods: String
        let summary: String
        let rechecks: String?
        let facts: [SchoolFact]
        let factsPeriod: String
        let findings: [FindingLine]
        let owners: [FormOption]
        let defaultDeadline: String
        let notice: String?
        let error: String?
    }

    @Sendable static func inspection(_ req: Request) async throws -> View {
        struct Query: Content { var created: String? }
        let created = try req.query.decode(Query.self).created != nil
        return try await renderInspection(req, id: try req.idParameter(), notice: created ? req.t("sup.inspectionSaved") : nil, error: nil)
    }

    static func renderInspection(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let visit = try await SupervisionService.visit(id, actor, on: req.db)
        let date = LocalDate(iso: visit.inspection.visitedOn)!
        let today = try await SupervisionService.today(actor, on: req.db)
        let from = try await factsFrom(visit.school, through: date, on: req.db)
        let facts = try await Domains.schoolFacts(visit.school, from: from, through: min(date, today), language: language,
                                                  policies: req.application.policies, on: req.db)
        let mayInspect = SupervisionService.mayInspect(actor)
        let owners = mayInspect ? try await SupervisionQueries.staff(schoolId: visit.school.id!, on: req.db)
            .map { FormOption(value: $0.id.uuidString, label: $0.display_name, selected: false) } : []
        let taskRows = Dictionary(uniqueKeysWithValues: try await SupervisionQueries.tasks(districtId: actor.districtId, schoolIds: [visit.school.id!], status: nil,
                                                                                           on: req.db).map { ($0.finding_id, $0) })
        return try await req.view.render("supervision/inspection", InspectionPage(
            layout: Layout(req, title: req.t("sup.inspection") + " · " + visit.school.name), school: visit.school.name, date: date.iso,
            inspector: visit.inspectorName, scope: visit.inspection.scopeList.joined(separator: "、"),
            methods: visit.inspection.methodList.compactMap(InspectionMethod.init(rawValue:)).map { req.t($0.labelKey) }.joined(separator: "、"),
            summary: visit.inspection.summary,
            rechecks: visit.rechecks.map { "\($0.category) · \($0.description)" }, facts: facts, factsPeriod: req.t("sup.factsPeriod", from.iso, min(date, today).iso),
            findings: visit.findings.map { item in
                let finding = item.finding
                return FindingLine(id: finding.id!.uuidString, category: finding.category, severity: req.t("sup.severity." + finding.severity),
                                   critical: finding.severity == FindingSeverity.critical.rawValue, description: finding.description, evidence: finding.evidence,
                                   task: taskRows[finding.id!].map { taskLine($0, today: today, language) },
                                   setAction: mayInspect && item.rectification == nil ? SupervisionPaths.setRectification.path(finding.id!) : nil,
                                   recheckHref: mayInspect && item.rectification != nil ? SupervisionPaths.newInspection.path + "?rechecks=\(finding.id!.uuidString.lowercased())" : nil)
            },
            owners: owners, defaultDeadline: max(date, today).adding(days: 30).iso, notice: notice, error: error))
    }

    @Sendable static func setRectification(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let findingId = try req.idParameter()
        guard let finding = try await Finding.find(findingId, on: req.db), finding.districtId == actor.districtId else { throw AppError.notFound }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let task = try await SupervisionService.setRectification(findingId: findingId, ownerId: form["owner"].flatMap(UUID.init(uuidString:)),
                                                                     deadline: form["deadline"] ?? "", actor, on: req.db)
            return req.redirect(to: SupervisionPaths.rectification.path(task.id!), redirectType: .normal)
        }, rerender: { try await renderInspection(req, id: finding.inspectionId, notice: nil, error: $0) })
    }

    // MARK: a task

    struct StepLine: Encodable {
        let files: [AttachmentLink]
        let action: String
        let text: String
        let deadline: String?
        let by: String
        let at: String
    }

    struct RectificationPage: Encodable {
        let layout: Layout
        let school: String
        let inspectionHref: String
        let visitDate: String
        let category: String
        let severity: String
        let description: String
        let evidence: String
        let deadline: String
        let status: String
        let overdue: String?
        let steps: [StepLine]
        let rechecks: [InspectionLine]
        let respondAction: String?
        let decideAction: String?
        let recheckHref: String?
        let measures: String
        let notice: String?
        let error: String?
    }

    @Sendable static func rectification(_ req: Request) async throws -> View {
        try await renderRectification(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderRectification(_ req: Request, id: UUID, notice: String?, error: String?, measures: String = "") async throws -> View {
        let actor = try req.requireActor()
        let record = try await SupervisionService.taskRecord(id, actor, on: req.db)
        let state = record.task.state
        let deadline = LocalDate(iso: record.task.deadline)!
        let days = RectificationRules.daysOverdue(state, deadline: deadline, today: record.today)
        let zone = try await District.find(actor.districtId, on: req.db)?.zone ?? TimeZone(identifier: "Asia/Shanghai")!
        let mayAnswer = state.awaitsSchool && (actor.adminSchoolIds.contains(record.task.schoolId) || record.task.ownerId == actor.userId)
        let mayDecide = state == .responded && SupervisionService.mayInspect(actor)
        let files = try await AttachmentService.attached(to: RectificationStep.schema, ids: record.steps.map(\.id), on: req.db)
        return try await req.view.render("supervision/rectification", RectificationPage(
            layout: Layout(req, title: req.t("sup.rectification") + " · " + record.school.name), school: record.school.name,
            inspectionHref: SupervisionPaths.inspection.path(record.inspection.id!), visitDate: record.inspection.visitedOn,
            category: record.finding.category, severity: req.t("sup.severity." + record.finding.severity), description: record.finding.description,
            evidence: record.finding.evidence, deadline: deadline.iso, status: req.t(state.labelKey),
            overdue: days > 0 ? req.t("sup.daysOverdue", String(days)) : nil,
            steps: record.steps.map {
                StepLine(files: (files[$0.id] ?? []).map(AttachmentLink.init),
                         action: req.t("sup.step." + $0.action), text: $0.text, deadline: $0.deadline, by: $0.by_name, at: LocalTime.minute($0.at, zone: zone))
            },
            rechecks: record.rechecks.map {
                InspectionLine(href: SupervisionPaths.inspection.path($0.id!), school: record.school.name, date: $0.visitedOn, inspector: "", findings: 0, openTasks: 0)
            },
            respondAction: mayAnswer ? SupervisionPaths.response.path(id) : nil, decideAction: mayDecide ? SupervisionPaths.decision.path(id) : nil,
            recheckHref: SupervisionService.mayInspect(actor) ? SupervisionPaths.newInspection.path + "?rechecks=\(record.finding.id!.uuidString.lowercased())" : nil,
            measures: measures, notice: notice, error: error))
    }

    @Sendable static func respond(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        struct Form: Content { var measures: String? }
        let measures = (try? req.content.decode(Form.self))?.measures ?? ""
        return try await FormResponse.handle(req, {
            let files = try AttachmentService.formFiles(req)
            _ = try await SupervisionService.respond(rectificationId: id, measures: measures, files: files, actor, on: req.db)
            return try await renderRectification(req, id: id, notice: req.t("sup.responded"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderRectification(req, id: id, notice: nil, error: $0, measures: measures) })
    }

    @Sendable static func decide(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let action = RectificationAction(rawValue: form["action"] ?? ""), action != .respond else {
                throw AppError.invalid(field: "action", messageKey: "form.required", args: ["sup.decision"])
            }
            _ = try await SupervisionService.decide(rectificationId: id, action: action, reason: form["reason"], newDeadline: form["deadline"], actor, on: req.db)
            return try await renderRectification(req, id: id, notice: req.t(action == .accept ? "sup.accepted" : "sup.reopened"), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderRectification(req, id: id, notice: nil, error: $0) })
    }
}
