import Fluent
import Foundation
import JianfuCore
import Vapor

/// The surveys on a phone: the list of what is open for me, the questionnaire, and the results for those who read them.
enum SurveyPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SurveyPaths.index, use: index)
        routes.get(SurveyPaths.survey, use: show)
        routes.post(SurveyPaths.survey, use: submit)
        routes.get(SurveyPaths.results, use: results)
        routes.get(SurveyPaths.resultsCSV, use: resultsCSV)
    }

    struct Line: Encodable {
        let href: String
        let title: String
        let dates: String
        let status: String
        let done: Bool
    }

    struct IndexPage: Encodable {
        let layout: Layout
        let toAnswer: [Line]
        let managed: [Line]
    }

    static func dates(_ survey: Survey, _ req: Request) -> String { req.t("sv.dates", survey.opensOn, survey.closesOn) }

    static func rate(responses: Int, audience: Int, _ req: Request) -> String {
        SurveyResults.ratePercent(responses: responses, audience: audience)
            .map { req.t("sv.rateOf", String(responses), String(audience), String($0)) } ?? req.t("sv.rateUnknown", String(responses))
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let mine = try await SurveyService.mine(actor, on: req.db)
        return try await req.view.render("surveys/index", IndexPage(
            layout: Layout(req, title: req.t("sv.heading")),
            toAnswer: mine.toAnswer.map { item in
                let done = item.answered.count == item.respondents.count
                return Line(href: SurveyPaths.survey.path(item.survey.id!), title: item.survey.title, dates: dates(item.survey, req),
                            status: req.t(done ? "sv.answered" : "sv.notAnswered"), done: done)
            },
            managed: mine.managed.map { s in
                Line(href: SurveyPaths.results.path(s.id!), title: s.title, dates: dates(s, req),
                     status: req.t("sv.responses") + " " + String(mine.responseCounts[s.id!] ?? 0), done: false)
            }))
    }

    struct QuestionField: Encodable {
        struct Choice: Encodable {
            let name: String
            let value: String
            let label: String
            let checked: Bool
        }
        let name: String
        let text: String
        let kind: String
        let required: Bool
        let choices: [Choice]
        let value: String
        /// A number question's bounds and unit, for the field.
        let minimum: String?
        let maximum: String?
        let unit: String?
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct SurveyPage: Encodable {
        let layout: Layout
        let title: String
        let dates: String
        let privacy: String
        let action: String
        let open: Bool
        let forWhom: [Option]
        let questions: [QuestionField]
        let resultsHref: String?
        let notice: String?
        let error: String?
    }

    @Sendable static func show(_ req: Request) async throws -> View {
        try await render(req, id: try req.parameters.require("id", as: UUID.self), form: nil, notice: nil, error: nil)
    }

    static func render(_ req: Request, id: UUID, form: [String: String]?, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let (survey, respondents) = try await SurveyService.visible(id, actor, on: req.db)
        let answered = try await SurveyService.answered(survey, respondents, on: req.db)
        let pending = respondents.filter { !answered.contains($0.key) }
        guard let district = try await District.find(survey.districtId, on: req.db) else { throw AppError.notFound }
        let today = WallClock.today(in: district.zone)
        let open = !pending.isEmpty && today >= survey.opens && today <= survey.closes
        let questions = survey.questionList.map { q in
            let name = "q_" + q.id
            let choices: [QuestionField.Choice] = switch q.kind {
            case .single: q.options.map { .init(name: name, value: $0, label: $0, checked: form?[name] == $0) }
            case .multiple: q.options.enumerated().map { .init(name: "\(name)_\($0.offset)", value: $0.element, label: $0.element, checked: form?["\(name)_\($0.offset)"] != nil) }
            case .scale: SurveyRules.scale.map { .init(name: name, value: String($0), label: String($0), checked: form?[name] == String($0)) }
            case .number, .text: []
            }
            return QuestionField(name: name, text: q.text, kind: q.kind.rawValue, required: q.required, choices: choices, value: form?[name] ?? "",
                                 minimum: q.minimum.map(SurveyError.number), maximum: q.maximum.map(SurveyError.number), unit: q.unit)
        }
        return try await req.view.render("surveys/survey", SurveyPage(
            layout: Layout(req, title: survey.title), title: survey.title, dates: dates(survey, req),
            privacy: req.t(survey.anonymous ? "sv.anonymous" : "sv.named"), action: SurveyPaths.survey.path(id), open: open,
            forWhom: survey.respondentKind == .pupils ? pending.map { Option(value: $0.studentId!.uuidString, label: $0.name, selected: form?["studentId"] == $0.studentId!.uuidString) } : [],
            questions: open ? questions : [], resultsHref: SurveyService.mayReadResults(survey, actor) ? SurveyPaths.results.path(id) : nil,
            notice: notice ?? (pending.isEmpty && !respondents.isEmpty ? req.t("sv.answered") : (!open && !respondents.isEmpty ? req.t("sv.closedNotice") : nil)),
            error: error))
    }

    /// The form's fields as answers: one field a question, a multiple choice one box an option; a number that is not
    /// one stays text, for the rule to name.
    static func answers(_ form: [String: String], _ questions: [SurveyQuestion]) -> [String: SurveyAnswer] {
        var answers: [String: SurveyAnswer] = [:]
        for q in questions {
            let name = "q_" + q.id
            let raw = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            switch q.kind {
            case .single: if !raw.isEmpty { answers[q.id] = .choice([raw]) }
            case .multiple:
                let picked = q.options.enumerated().filter { form["\(name)_\($0.offset)"] != nil }.map(\.element)
                if !picked.isEmpty { answers[q.id] = .choice(picked) }
            case .scale, .number:
                if !raw.isEmpty { answers[q.id] = Double(raw).map(SurveyAnswer.number) ?? .text(raw) }
            case .text: if !raw.isEmpty { answers[q.id] = .text(raw) }
            }
        }
        return answers
    }

    @Sendable static func submit(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let form = try req.content.decode([String: String].self)
        let (survey, _) = try await SurveyService.visible(id, actor, on: req.db)
        return try await FormResponse.handle(req, {
            _ = try await SurveyService.answer(surveyId: id, studentId: form["studentId"].flatMap(UUID.init(uuidString:)),
                                               answers: answers(form, survey.questionList), actor, on: req.db)
            return try await render(req, id: id, form: nil, notice: req.t("sv.thanks"), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, id: id, form: form, notice: nil, error: $0) })
    }

    struct Bar: Encodable {
        let label: String
        let count: Int
        let width: Int
        let y: Int
        let countX: Int
    }

    struct ResultBlock: Encodable {
        let text: String
        let answered: String
        let mean: String?
        let bars: [Bar]
        let height: Int
        let texts: [String]
    }

    struct ResultsPage: Encodable {
        let layout: Layout
        let title: String
        let dates: String
        let privacy: String
        let audience: String
        let rate: String
        let csvHref: String
        let blocks: [ResultBlock]
    }

    @Sendable static func results(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let r = try await SurveyService.results(surveyId: id, actor, on: req.db)
        return try await req.view.render("surveys/results", ResultsPage(
            layout: Layout(req, title: req.t("sv.results") + " · " + r.survey.title), title: r.survey.title, dates: dates(r.survey, req),
            privacy: req.t(r.survey.anonymous ? "sv.anonymous" : "sv.named"), audience: req.t("sv.respondents." + r.survey.respondents),
            rate: rate(responses: r.responses.count, audience: r.audience, req), csvHref: SurveyPaths.resultsCSV.path(id),
            blocks: r.questions.map { q in
                let most = max(1, q.counts.map(\.count).max() ?? 1)
                return ResultBlock(text: q.question.text, answered: req.t("sv.answeredCount", String(q.answered)),
                                   mean: q.mean.map { req.t("sv.mean", String(format: "%.2f", $0)) },
                                   bars: q.counts.enumerated().map { n, c in
                                       Bar(label: c.label, count: c.count, width: c.count * 200 / most, y: n * 22, countX: 96 + c.count * 200 / most)
                                   }, height: max(22, q.counts.count * 22), texts: q.texts)
            }))
    }

    @Sendable static func resultsCSV(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let r = try await SurveyService.results(surveyId: id, actor, on: req.db)
        try await req.db.audit(actor, districtId: r.survey.districtId, schoolId: r.survey.schoolId, action: "survey.export", entity: Survey.schema,
                               entityId: id, detail: ["responses": String(r.responses.count)])
        let questions = r.survey.questionList
        let header = [req.t("sv.date")] + questions.map(\.text)
        let rows = r.responses.map { response in
            let answers = response.answerMap
            return [response.submittedOn] + questions.map { q in
                switch answers[q.id] {
                case .choice(let list): list.joined(separator: "、")
                case .number(let n): Int(exactly: n).map(String.init) ?? String(n)
                case .text(let t): t
                case nil: ""
                }
            }
        }
        return CSVDownload.response(rows: [header] + rows, asciiName: "survey-responses", displayName: r.survey.title)
    }
}
