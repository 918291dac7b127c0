import Fluent
import Foundation
import JianfuCore
import Vapor

extension EvaluationPages {
    static func registerPupil(_ routes: any RoutesBuilder) {
        routes.get(GrowthPaths.evaluationPupil, use: pupilPage)
        routes.post(GrowthPaths.records, use: addRecord)
        routes.post(GrowthPaths.summaries, use: writeSummary)
        routes.post(GrowthPaths.submit, use: submit)
        routes.post(GrowthPaths.review, use: review)
        routes.post(GrowthPaths.annotations, use: annotate)
        routes.get(GrowthPaths.graduation, use: graduation)
    }

    struct RecordLine: Encodable {
        let date: String
        let fact: String
        let evidence: String
        let files: [AttachmentLink]
    }

    struct DimensionBlock: Encodable {
        let label: String
        let records: [RecordLine]
    }

    struct MonthLine: Encodable {
        let month: String
        let text: String?
    }

    struct StepLine: Encodable {
        let label: String
        let text: String
        let current: Bool
    }

    struct NoteLine: Encodable {
        let date: String
        let text: String
    }

    struct PupilPage: Encodable {
        let layout: Layout
        let name: String
        let className: String
        let term: String
        let rule: String
        let stage: String
        let returnedNote: String?
        let steps: [StepLine]
        let dimensions: [DimensionBlock]
        let months: [MonthLine]
        let guardianMayWrite: Bool
        let dimensionOptions: [FormOption]
        let monthOptions: [FormOption]
        let today: String
        let selfText: String
        let mayReview: Bool
        let reviewLabel: String
        let textRequired: Bool
        let mayAnnotate: Bool
        let annotations: [NoteLine]
        let objections: [ObjectionLine]
        let display: String
        let graduationHref: String?
        let recordPath: String
        let summaryPath: String
        let submitPath: String
        let reviewPath: String
        let annotatePath: String
        let notice: String?
        let error: String?
    }

    static func dimensions(_ records: [QualityRecord], files: [UUID: [Attachment]] = [:], _ req: Request) -> [DimensionBlock] {
        QualityDimension.allCases.map { dimension in
            DimensionBlock(label: req.t("evaluation.dimension." + dimension.rawValue),
                           records: records.filter { $0.dimension == dimension.rawValue }.map {
                               RecordLine(date: $0.occurredOn, fact: $0.fact, evidence: $0.evidence, files: (files[$0.id!] ?? []).map(AttachmentLink.init))
                           })
        }
    }

    static func steps(_ evaluation: QualityEvaluation?, chain: EvaluationChain, stage: EvaluationStage, _ req: Request) -> [StepLine] {
        chain.steps.map { step in
            StepLine(label: req.t("evaluation.stage." + step.rawValue), text: evaluation?.text(of: step) ?? "", current: step == stage)
        }
    }

    @Sendable static func pupilPage(_ req: Request) async throws -> View {
        try await renderPupil(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderPupil(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let pupil = try await EvaluationService.pupil(id, actor, policies: req.application.policies, on: req.db)
        let student = pupil.access.student
        let className = pupil.schoolClass.map { ClassNames.name($0.gradeNumber, $0.number, req.language) } ?? ""
        let zone = pupil.period.district.zone
        let stage = pupil.stage
        let rules = pupil.period.rules.evaluationDimensions
        return try await req.view.render("growth/evaluation-pupil", PupilPage(
            layout: Layout(req, title: req.t("evaluation.pupilTitle", student.name)), name: student.name, className: className, term: pupil.period.term.name,
            rule: rules.wording + "（\(rules.rule)）", stage: stageLabel(stage, pupil.displayPhase, req),
            returnedNote: pupil.evaluation.flatMap { $0.returnedNote.isEmpty ? nil : $0.returnedNote },
            steps: steps(pupil.evaluation, chain: pupil.chain, stage: stage, req), dimensions: dimensions(pupil.records, files: pupil.files, req),
            months: pupil.dueMonths.map { month in MonthLine(month: month, text: pupil.summaries.first { $0.month == month }?.text) },
            guardianMayWrite: pupil.guardianMayWrite,
            dimensionOptions: QualityDimension.allCases.map { FormOption(value: $0.rawValue, label: req.t("evaluation.dimension." + $0.rawValue), selected: false) },
            monthOptions: pupil.dueMonths.reversed().map { FormOption(value: $0, label: $0, selected: false) },
            today: pupil.period.today.iso, selfText: pupil.evaluation?.selfText ?? "",
            mayReview: pupil.mayReview, reviewLabel: req.t("evaluation.stage." + stage.rawValue), textRequired: stage != .school,
            mayAnnotate: pupil.mayAnnotate,
            annotations: pupil.annotations.map { NoteLine(date: LocalDate.today(in: zone, now: $0.writtenAt).iso, text: $0.text) },
            objections: pupil.objections.map {
                ObjectionLine(pupil: student.name, raisedOn: LocalDate.today(in: zone, now: $0.raisedAt).iso, text: $0.text,
                              answer: $0.answeredAt == nil ? nil : $0.answer, answerPath: GrowthPaths.answer.path($0.id!))
            },
            display: displayLabel(pupil.displayPhase, req), graduationHref: pupil.graduating ? GrowthPaths.graduation.path(id) : nil,
            recordPath: GrowthPaths.records.path(id), summaryPath: GrowthPaths.summaries.path(id), submitPath: GrowthPaths.submit.path(id),
            reviewPath: GrowthPaths.review.path(id), annotatePath: GrowthPaths.annotations.path(id), notice: notice, error: error))
    }

    /// Runs a pupil-page form: the action's notice on the re-rendered page, or its refusal beside the form.
    static func pupilForm(_ req: Request, _ action: @escaping (Actor, UUID, [String: String]) async throws -> String) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let notice = try await action(actor, id, form)
            return try await renderPupil(req, id: id, notice: notice, error: nil).encodeResponse(for: req)
        }, rerender: { try await renderPupil(req, id: id, notice: nil, error: $0) })
    }

    /// The record form is multipart (its evidence may be a file), so its fields are read by name, not as a dictionary.
    @Sendable static func addRecord(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        struct Form: Content { var dimension: String?; var date: String?; var fact: String?; var evidence: String? }
        let form = (try? req.content.decode(Form.self)) ?? Form()
        return try await FormResponse.handle(req, {
            _ = try await EvaluationService.addRecord(studentId: id, .init(dimension: form.dimension ?? "", date: form.date ?? "", fact: form.fact ?? "",
                                                                           evidence: form.evidence ?? ""),
                                                      files: try AttachmentService.formFiles(req), actor, policies: req.application.policies, on: req.db)
            return try await renderPupil(req, id: id, notice: req.t("evaluation.recordSaved"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderPupil(req, id: id, notice: nil, error: $0) })
    }

    @Sendable static func writeSummary(_ req: Request) async throws -> Response {
        try await pupilForm(req) { actor, id, form in
            let row = try await EvaluationService.writeSummary(studentId: id, month: form["month"] ?? "", text: form["text"] ?? "", actor,
                                                               policies: req.application.policies, on: req.db)
            return req.t("evaluation.summarySaved", row.month)
        }
    }

    @Sendable static func submit(_ req: Request) async throws -> Response {
        try await pupilForm(req) { actor, id, form in
            let row = try await EvaluationService.submit(studentId: id, summary: form["summary"] ?? "", actor, policies: req.application.policies, on: req.db)
            return req.t("evaluation.submitted", req.t("evaluation.stage." + row.stage))
        }
    }

    @Sendable static func review(_ req: Request) async throws -> Response {
        try await pupilForm(req) { actor, id, form in
            let row = try await EvaluationService.review(studentId: id, decision: form["decision"] ?? "", text: form["text"] ?? "", actor,
                                                         policies: req.application.policies, on: req.db)
            return req.t(row.stage == EvaluationStage.selfReview.rawValue ? "evaluation.returned" : "evaluation.passed", req.t("evaluation.stage." + row.stage))
        }
    }

    @Sendable static func annotate(_ req: Request) async throws -> Response {
        try await pupilForm(req) { actor, id, form in
            _ = try await EvaluationService.annotate(studentId: id, text: form["text"] ?? "", actor, policies: req.application.policies, on: req.db)
            return req.t("evaluation.annotated")
        }
    }

    struct GraduationTermBlock: Encodable {
        let term: String
        let stage: String
        let steps: [StepLine]
        let dimensions: [DimensionBlock]
    }

    struct GraduationPage: Encodable {
        let layout: Layout
        let name: String
        let className: String
        let school: String
        let terms: [GraduationTermBlock]
    }

    @Sendable static func graduation(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let (pupil, terms) = try await EvaluationService.graduationReport(try req.idParameter(), actor, policies: req.application.policies, on: req.db)
        let student = pupil.access.student
        let schoolClass = pupil.schoolClass
        return try await req.view.render("growth/graduation", GraduationPage(
            layout: Layout(req, title: req.t("evaluation.graduationTitle", student.name)), name: student.name,
            className: schoolClass.map { ClassNames.name($0.gradeNumber, $0.number, req.language) } ?? "",
            school: try await School.find(student.schoolId, on: req.db)?.name ?? "",
            terms: terms.map { entry in
                let stage = entry.evaluation.flatMap { EvaluationStage(rawValue: $0.stage) } ?? .selfReview
                return GraduationTermBlock(term: entry.term.name, stage: req.t("evaluation.stage." + stage.rawValue),
                                           steps: steps(entry.evaluation, chain: pupil.chain, stage: stage, req).filter { !$0.text.isEmpty },
                                           dimensions: dimensions(entry.records, req))
            }))
    }
}
