import JianfuCore
import Vapor

/// Every refusal of the survey engine, mapped once to its status, code and message.
enum SurveyError: DomainError {
    case definition(SurveyDefinitionProblem)
    /// `question`: the question's text, for the message.
    case response(SurveyResponseProblem, question: String)
    case alreadyAnswered
    case chooseWhoFor
    case badAudience(String)
    case badDate(String)

    var status: HTTPResponseStatus {
        switch self {
        case .alreadyAnswered: .conflict
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .definition: "invalid_survey"
        case .response(.closed, _), .response(.notOpenYet, _): "survey_not_open"
        case .response: "invalid_response"
        case .alreadyAnswered: "already_answered"
        case .chooseWhoFor: "invalid_response"
        case .badAudience: "invalid_audience"
        case .badDate: "invalid_date"
        }
    }

    var messageKey: String {
        switch self {
        case .definition(let p):
            switch p {
            case .noQuestions: "sv.noQuestions"
            case .tooManyQuestions: "sv.tooManyQuestions"
            case .duplicateId: "sv.duplicateId"
            case .emptyText: "sv.emptyText"
            case .tooFewOptions: "sv.tooFewOptions"
            case .optionsOnOpenQuestion: "sv.optionsOnOpen"
            case .badRange: "sv.badRange"
            case .closesBeforeOpening: "sv.closesBeforeOpening"
            }
        case .response(let p, _):
            switch p {
            case .missing: "sv.missing"
            case .unknownQuestion: "sv.unknownQuestion"
            case .notAnOption: "sv.notAnOption"
            case .oneChoiceOnly: "sv.oneChoiceOnly"
            case .outsideScale: "sv.outsideScale"
            case .notANumber: "sv.notANumber"
            case .outOfRange: "sv.outOfRange"
            case .tooLong: "sv.tooLong"
            case .closed: "sv.closed"
            case .notOpenYet: "sv.notOpenYet"
            }
        case .alreadyAnswered: "sv.alreadyAnswered"
        case .chooseWhoFor: "sv.chooseWhoFor"
        case .badAudience: "sv.badAudience"
        case .badDate: "sv.badDate"
        }
    }

    var args: [String] {
        switch self {
        case .definition(.tooManyQuestions(let max)): [String(max)]
        case .definition(.duplicateId(let q)), .definition(.emptyText(let q)), .definition(.tooFewOptions(let q)), .definition(.optionsOnOpenQuestion(let q)),
             .definition(.badRange(let q)): [q]
        case .response(.outOfRange(_, let low, let high), let question): [question, Self.number(low), Self.number(high)]
        case .response(.tooLong(_, let max), let question): [question, String(max)]
        case .response(_, let question): [question]
        case .badAudience(let field), .badDate(let field): [field]
        default: []
        }
    }

    var details: [String: ErrorDetail] {
        switch self {
        case .response(.missing(let q), _), .response(.unknownQuestion(let q), _), .response(.notAnOption(let q), _), .response(.oneChoiceOnly(let q), _),
             .response(.outsideScale(let q), _), .response(.notANumber(let q), _), .response(.tooLong(let q, _), _),
             .response(.outOfRange(let q, _, _), _): ["field": .text("answers." + q)]
        case .badAudience(let field), .badDate(let field): ["field": .text(field)]
        default: [:]
        }
    }

    /// A bound as a reader writes it: 24, not 24.0.
    static func number(_ n: Double) -> String { n == n.rounded() ? String(Int(n)) : String(n) }
}
