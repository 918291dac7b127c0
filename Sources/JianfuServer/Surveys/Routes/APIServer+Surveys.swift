import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func listSurveys(_ input: Operations.ListSurveys.Input) async throws -> Operations.ListSurveys.Output {
        let (actor, request) = try actor()
        let mine = try await SurveyService.mine(actor, on: request.db)
        return .ok(.init(body: .json(.init(
            toAnswer: mine.toAnswer.map { Self.summary($0.survey, answered: $0.answered.count == $0.respondents.count) },
            managed: mine.managed.map { Self.summary($0, responses: mine.responseCounts[$0.id!] ?? 0) }))))
    }

    func createSurvey(_ input: Operations.CreateSurvey.Input) async throws -> Operations.CreateSurvey.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let new = SurveyService.NewSurvey(
            title: body.title, schoolId: try body.schoolId.map(Self.id), respondents: Survey.Respondents(rawValue: body.respondents.rawValue)!,
            scope: Survey.Scope(rawValue: body.scope.rawValue)!, gradeNumber: body.gradeNumber, classId: try body.classId.map(Self.id),
            group: try (body.group ?? []).map(Self.id), anonymous: body.anonymous, opensOn: body.opensOn, closesOn: body.closesOn,
            questions: body.questions.map {
                SurveyQuestion(id: $0.id, kind: SurveyQuestion.Kind(rawValue: $0.kind.rawValue)!, text: $0.text, options: $0.options ?? [],
                               required: $0.required ?? true)
            })
        let survey = try await SurveyService.create(new, actor, on: request.db)
        return .created(.init(body: .json(.init(id: survey.id!.uuidString))))
    }

    func getSurvey(_ input: Operations.GetSurvey.Input) async throws -> Operations.GetSurvey.Output {
        let (actor, request) = try actor()
        let (survey, respondents) = try await SurveyService.visible(try Self.id(input.path.id), actor, on: request.db)
        let answered = try await SurveyService.answered(survey, respondents, on: request.db)
        return .ok(.init(body: .json(.init(
            survey: Self.summary(survey, answered: respondents.isEmpty ? nil : respondents.allSatisfy { answered.contains($0.key) }),
            questions: survey.questionList.map(Self.question),
            answerFor: respondents.map { .init(studentId: $0.studentId?.uuidString, name: $0.name, answered: answered.contains($0.key)) }))))
    }

    func answerSurvey(_ input: Operations.AnswerSurvey.Input) async throws -> Operations.AnswerSurvey.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let id = try await SurveyService.answer(surveyId: try Self.id(input.path.id), studentId: try body.studentId.map(Self.id),
                                                answers: try Self.answers(body.answers), actor, on: request.db)
        return .created(.init(body: .json(.init(id: id.uuidString))))
    }

    func getSurveyResults(_ input: Operations.GetSurveyResults.Input) async throws -> Operations.GetSurveyResults.Output {
        let (actor, request) = try actor()
        let r = try await SurveyService.results(surveyId: try Self.id(input.path.id), actor, on: request.db)
        return .ok(.init(body: .json(.init(
            survey: Self.summary(r.survey, responses: r.responses.count), audience: r.audience, responses: r.responses.count, ratePercent: r.ratePercent,
            questions: r.questions.map { q in
                .init(id: q.question.id, text: q.question.text, answered: q.answered, counts: q.counts.map { .init(label: $0.label, count: $0.count) },
                      mean: q.mean, texts: q.texts)
            }))))
    }

    static func summary(_ survey: Survey, answered: Bool? = nil, responses: Int? = nil) -> Components.Schemas.SurveySummary {
        .init(id: survey.id!.uuidString, title: survey.title, schoolId: survey.schoolId?.uuidString,
              respondents: .init(rawValue: survey.respondents) ?? .parents, anonymous: survey.anonymous, opensOn: survey.opensOn,
              closesOn: survey.closesOn, answered: answered, responses: responses)
    }

    static func question(_ q: SurveyQuestion) -> Components.Schemas.SurveyQuestion {
        .init(id: q.id, kind: .init(rawValue: q.kind.rawValue)!, text: q.text, options: q.options.isEmpty ? nil : q.options, required: q.required)
    }

    /// Each answer as JSON gave it: a number, a string or a list of strings; anything else is refused naming its question.
    static func answers(_ payload: Components.Schemas.SurveyAnswers.AnswersPayload) throws -> [String: SurveyAnswer] {
        var answers: [String: SurveyAnswer] = [:]
        for (key, value) in payload.additionalProperties {
            guard let answer = try? JSONDecoder().decode(SurveyAnswer.self, from: JSONEncoder().encode(value)) else {
                throw AppError.invalid(field: "answers." + key, messageKey: "sv.badAnswer", args: [key])
            }
            answers[key] = answer
        }
        return answers
    }
}
