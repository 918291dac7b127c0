import Fluent
import Foundation
import JianfuCore
import Vapor

/// 综合素质评价: the term's progress per class for the bureau and each school (with the school's chain), a class's
/// evaluations and its public display, and one pupil's records, summaries and chain.
enum EvaluationPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(GrowthPaths.evaluation, use: index)
        routes.post(GrowthPaths.evaluationChain, use: setChain)
        routes.get(GrowthPaths.evaluationClass, use: classPage)
        routes.post(GrowthPaths.display, use: startDisplay)
        routes.post(GrowthPaths.objections, use: object)
        routes.post(GrowthPaths.answer, use: answer)
        routes.post(GrowthPaths.seal, use: seal)
        registerPupil(routes)
    }

    struct ProgressLine: Encodable {
        let name: String
        let href: String?
        let pupils: Int
        let notSubmitted: Int
        let inReview: Int
        let approved: Int
        let sealed: Int
        let display: String
    }

    struct SchoolBlock: Encodable {
        let id: String
        let name: String
        let group: Bool
        let classReview: Bool
        let mayConfigure: Bool
        let lines: [ProgressLine]
    }

    struct ChildLine: Encodable {
        let name: String
        let href: String
        let stage: String
        let displayHref: String?
    }

    struct Page: Encodable {
        let layout: Layout
        let term: String
        let rules: [String]
        let district: [ProgressLine]
        let schools: [SchoolBlock]
        let headed: [ProgressLine]
        let children: [ChildLine]
        let notice: String?
        let error: String?
    }

    static func displayLabel(_ phase: EvaluationDisplay.Phase, _ req: Request) -> String {
        switch phase {
        case .notStarted: req.t("evaluation.display.notStarted")
        case .open(let until): req.t("evaluation.display.openUntil", until.iso)
        case .ended(let on): req.t("evaluation.display.ended", on.iso)
        case .sealed: req.t("evaluation.display.sealed")
        }
    }

    /// Where a pupil's evaluation stands, as its reader sees it: an approved one is on display, or waits to be sealed.
    static func stageLabel(_ stage: EvaluationStage, _ phase: EvaluationDisplay.Phase, _ req: Request) -> String {
        guard stage == .approved else { return req.t("evaluation.stage." + stage.rawValue) }
        switch phase {
        case .open: return req.t("evaluation.onDisplay")
        case .ended: return req.t("evaluation.awaitingSeal")
        default: return req.t("evaluation.stage.approved")
        }
    }

    static func line(_ name: String, href: String?, _ rows: [EvaluationService.ClassProgress], _ req: Request) -> ProgressLine {
        let phases = rows.map(\.phase)
        let display: String
        if rows.count == 1 {
            display = displayLabel(phases[0], req)
        } else {
            let open = phases.filter { if case .open = $0 { true } else { false } }.count
            display = req.t("evaluation.display.counts", String(open), String(phases.filter { $0 == .sealed }.count), String(rows.count))
        }
        return ProgressLine(name: name, href: href, pupils: rows.map(\.pupils).reduce(0, +), notSubmitted: rows.map(\.notSubmitted).reduce(0, +),
                            inReview: rows.map(\.inReview).reduce(0, +), approved: rows.map { $0.stages[.approved] ?? 0 }.reduce(0, +),
                            sealed: rows.map { $0.stages[.sealed] ?? 0 }.reduce(0, +), display: display)
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        try await render(req, notice: nil, error: nil)
    }

    static func render(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let policies = req.application.policies
        let period = try await TutoringService.currentTerm(actor, policies: policies, on: req.db)
        let districtId = period.district.id!, termId = period.term.id!
        let language = req.language
        let rules = [period.rules.evaluationDimensions.wording + "（\(period.rules.evaluationDimensions.rule)）",
                     period.rules.displayWorkingDays.value.map { req.t("evaluation.displayRule", String($0), period.rules.displayWorkingDays.rule) }
                        ?? req.t("growth.noRule", period.rules.displayWorkingDays.wording)]
        var district: [ProgressLine] = []
        var schools: [SchoolBlock] = []
        let adminIds = actor.adminSchoolIds
        let scope: Set<UUID>? = actor.isDistrictWide ? nil : adminIds
        if actor.isDistrictWide || !adminIds.isEmpty {
            let progress = try await EvaluationService.progress(districtId: districtId, termId: termId, today: period.today, schoolIds: scope, on: req.db)
            let rows = try await School.query(on: req.db).filter(\.$districtId == districtId).sort(\.$code).all()
            for school in rows where !progress.filter({ $0.schoolId == school.id }).isEmpty {
                let own = progress.filter { $0.schoolId == school.id }
                if actor.isDistrictWide { district.append(line(school.name, href: nil, own, req)) }
                if adminIds.contains(school.id!) {
                    let chain = try await EvaluationService.chain(schoolId: school.id!, on: req.db)
                    schools.append(SchoolBlock(
                        id: school.id!.uuidString, name: school.name, group: chain.steps.contains(.group), classReview: chain.steps.contains(.classReview),
                        mayConfigure: true,
                        lines: own.map { line(ClassNames.name($0.grade, $0.number, language), href: GrowthPaths.evaluationClass.path($0.classId), [$0], req) }))
                }
            }
        }
        var headed: [ProgressLine] = []
        let headedIds = Set(actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.classId))
        if !headedIds.isEmpty {
            let schoolIds = Set(actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.schoolId))
            let progress = try await EvaluationService.progress(districtId: districtId, termId: termId, today: period.today, schoolIds: schoolIds, on: req.db)
            headed = progress.filter { headedIds.contains($0.classId) }.map {
                line(ClassNames.name($0.grade, $0.number, language), href: GrowthPaths.evaluationClass.path($0.classId), [$0], req)
            }
        }
        var children: [ChildLine] = []
        for child in actor.children {
            let evaluation = try await QualityEvaluation.query(on: req.db).filter(\.$studentId == child.studentId).filter(\.$termId == termId).first()
            let display = try await QualityDisplay.query(on: req.db).filter(\.$classId == child.classId).filter(\.$termId == termId).first()
            let stage = evaluation.flatMap { EvaluationStage(rawValue: $0.stage) } ?? .selfReview
            var displayHref: String?
            let phase = EvaluationService.phase(display, today: period.today)
            if case .open = phase { displayHref = GrowthPaths.evaluationClass.path(child.classId) }
            children.append(ChildLine(name: child.name, href: GrowthPaths.evaluationPupil.path(child.studentId), stage: stageLabel(stage, phase, req),
                                      displayHref: displayHref))
        }
        return try await req.view.render("growth/evaluation", Page(
            layout: Layout(req, title: req.t("evaluation.title")), term: period.term.name, rules: rules, district: district, schools: schools,
            headed: headed, children: children, notice: notice, error: error))
    }

    @Sendable static func setChain(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let schoolId = UUID(uuidString: form["school"] ?? "") else { throw AppError.notFound }
            let chain = try await EvaluationService.setChain(schoolId: schoolId, group: form["group"] == "on", classReview: form["class_step"] == "on",
                                                             actor, on: req.db)
            let steps = chain.steps.map { req.t("evaluation.stage." + $0.rawValue) }.joined(separator: " → ")
            return try await render(req, notice: req.t("evaluation.chainSaved", steps), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }

    // MARK: a class

    struct ClassPupilLine: Encodable {
        let name: String
        let href: String?
        let stage: String
        let records: Int
        let summary: String
        let classText: String
        let evaluationId: String?
    }

    struct ObjectionLine: Encodable {
        let pupil: String
        let raisedOn: String
        let text: String
        let answer: String?
        let answerPath: String
    }

    struct ClassPage: Encodable {
        let layout: Layout
        let className: String
        let term: String
        let display: String
        let isOpen: Bool
        let hasDisplay: Bool
        let sealed: Bool
        let mayManage: Bool
        let maySeal: Bool
        let isGuardian: Bool
        let startProblems: [String]
        let sealProblems: [String]
        let displayPath: String
        let objectPath: String
        let sealPath: String
        let pupils: [ClassPupilLine]
        let objections: [ObjectionLine]
        let notice: String?
        let error: String?
    }

    @Sendable static func classPage(_ req: Request) async throws -> View {
        try await renderClass(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    static func renderClass(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let board = try await EvaluationService.classBoard(id, actor, policies: req.application.policies, on: req.db)
        let className = ClassNames.name(board.schoolClass.gradeNumber, board.schoolClass.number, req.language)
        // Other families see the class's display as a public notice does: names masked, their own child's in full.
        let own = Set(actor.children.map(\.studentId))
        func shown(_ pupil: EvaluationQueries.ClassPupil) -> String {
            board.mayManage || own.contains(pupil.id) ? pupil.name : ContactMask.name(pupil.name)
        }
        let names = Dictionary(board.pupils.compactMap { p in p.evaluation_id.map { ($0, shown(p)) } }) { first, _ in first }
        let zone = board.period.district.zone
        var isOpen = false
        if case .open = board.phase { isOpen = true }
        return try await req.view.render("growth/evaluation-class", ClassPage(
            layout: Layout(req, title: req.t("evaluation.classTitle", className)), className: className, term: board.period.term.name,
            display: displayLabel(board.phase, req), isOpen: isOpen, hasDisplay: board.display != nil, sealed: board.phase == .sealed, mayManage: board.mayManage, maySeal: board.maySeal, isGuardian: board.isGuardian,
            startProblems: board.startProblems.map {
                switch $0 {
                case .alreadyStarted: req.t("evaluation.displayStarted")
                case .noLength: req.t("evaluation.noDisplayLength", board.workingDays.wording)
                case .notApproved(let n): req.t("evaluation.notAllApproved", String(n))
                }
            },
            sealProblems: board.sealProblems.compactMap {
                switch $0 {
                case .notStarted, .alreadySealed: nil
                case .stillOpen(let until): req.t("evaluation.displayStillOpen", until.iso)
                case .openObjections(let n): req.t("evaluation.openObjections", String(n))
                }
            },
            displayPath: GrowthPaths.display.path(id), objectPath: GrowthPaths.objections.path(id), sealPath: GrowthPaths.seal.path(id),
            pupils: board.pupils.map { p in
                let stage = p.stage.flatMap(EvaluationStage.init(rawValue:)) ?? .selfReview
                // A guardian sees what is displayed (公示): the term summary and the class's evaluation, not the records.
                return ClassPupilLine(name: shown(p), href: board.mayManage ? GrowthPaths.evaluationPupil.path(p.id) : nil,
                                      stage: stageLabel(stage, board.phase, req), records: p.records, summary: p.self_text ?? "",
                                      classText: p.class_text ?? "", evaluationId: p.evaluation_id?.uuidString)
            },
            objections: board.objections.map {
                ObjectionLine(pupil: names[$0.evaluationId] ?? "", raisedOn: LocalDate.today(in: zone, now: $0.raisedAt).iso, text: $0.text,
                              answer: $0.answeredAt == nil ? nil : $0.answer, answerPath: GrowthPaths.answer.path($0.id!))
            },
            notice: notice, error: error))
    }

    @Sendable static func startDisplay(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let classId = try req.idParameter()
        return try await FormResponse.handle(req, {
            let display = try await EvaluationService.startDisplay(classId: classId, actor, policies: req.application.policies, on: req.db)
            return try await renderClass(req, id: classId, notice: req.t("evaluation.displayStartedNotice", display.startsOn, display.endsOn), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderClass(req, id: classId, notice: nil, error: $0) })
    }

    @Sendable static func object(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let classId = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let evaluationId = UUID(uuidString: form["evaluation"] ?? "") else {
                throw AppError.invalid(field: "evaluation", messageKey: "form.required", args: ["growth.pupil"])
            }
            _ = try await EvaluationService.object(classId: classId, evaluationId: evaluationId, text: form["text"] ?? "", actor,
                                                   policies: req.application.policies, on: req.db)
            return try await renderClass(req, id: classId, notice: req.t("evaluation.objectionNotice"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderClass(req, id: classId, notice: nil, error: $0) })
    }

    @Sendable static func answer(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let objectionId = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        guard let objection = try await QualityObjection.find(objectionId, on: req.db), objection.districtId == actor.districtId,
              let display = try await QualityDisplay.find(objection.displayId, on: req.db) else { throw AppError.notFound }
        return try await FormResponse.handle(req, {
            _ = try await EvaluationService.answer(objectionId: objectionId, text: form["answer"] ?? "", actor, policies: req.application.policies, on: req.db)
            return try await renderClass(req, id: display.classId, notice: req.t("evaluation.answeredNotice"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderClass(req, id: display.classId, notice: nil, error: $0) })
    }

    @Sendable static func seal(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let classId = try req.idParameter()
        return try await FormResponse.handle(req, {
            let count = try await EvaluationService.seal(classId: classId, actor, policies: req.application.policies, on: req.db)
            return try await renderClass(req, id: classId, notice: req.t("evaluation.sealedNotice", String(count)), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderClass(req, id: classId, notice: nil, error: $0) })
    }
}
