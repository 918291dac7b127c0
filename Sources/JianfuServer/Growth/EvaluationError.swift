import JianfuCore
import Vapor

/// Every refusal of 综合素质评价, mapped once to its status, code and message.
enum EvaluationError: DomainError {
    case badDimension(String)
    case badMonth(String)
    case notGuardian
    case notReviewer
    case notAtStage(String)
    case sealed
    case displayStarted
    case noDisplayLength(String)
    case notAllApproved(Int)
    case displayNotOpen
    case displayNotStarted
    case displayStillOpen(String)
    case openObjections(Int)
    case notSealedYet
    case badDecision(String)
    case objectionAnswered

    var status: HTTPResponseStatus {
        switch self {
        case .notGuardian, .notReviewer: .forbidden
        case .notAtStage, .sealed, .displayStarted, .noDisplayLength, .notAllApproved, .displayNotOpen, .displayNotStarted, .displayStillOpen, .openObjections,
             .notSealedYet, .objectionAnswered: .conflict
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .badDimension: "invalid_dimension"
        case .badMonth: "invalid_month"
        case .notGuardian: "not_guardian"
        case .notReviewer: "not_reviewer"
        case .notAtStage: "not_at_stage"
        case .sealed: "sealed"
        case .displayStarted: "display_started"
        case .noDisplayLength: "no_display_length"
        case .notAllApproved: "not_all_approved"
        case .displayNotOpen: "display_not_open"
        case .displayNotStarted: "display_not_started"
        case .displayStillOpen: "display_still_open"
        case .openObjections: "open_objections"
        case .notSealedYet: "not_sealed"
        case .badDecision: "invalid_decision"
        case .objectionAnswered: "already_answered"
        }
    }

    var messageKey: String {
        switch self {
        case .badDimension: "evaluation.badDimension"
        case .badMonth: "evaluation.badMonth"
        case .notGuardian: "evaluation.notGuardian"
        case .notReviewer: "evaluation.notReviewer"
        case .notAtStage: "evaluation.notAtStage"
        case .sealed: "evaluation.sealedNoChange"
        case .displayStarted: "evaluation.displayStarted"
        case .noDisplayLength: "evaluation.noDisplayLength"
        case .notAllApproved: "evaluation.notAllApproved"
        case .displayNotOpen: "evaluation.displayNotOpen"
        case .displayNotStarted: "evaluation.displayNotStarted"
        case .displayStillOpen: "evaluation.displayStillOpen"
        case .openObjections: "evaluation.openObjections"
        case .notSealedYet: "evaluation.notSealedYet"
        case .badDecision: "evaluation.badDecision"
        case .objectionAnswered: "evaluation.objectionAnswered"
        }
    }

    var args: [String] {
        switch self {
        case .badDimension(let text), .badMonth(let text), .notAtStage(let text), .noDisplayLength(let text), .displayStillOpen(let text),
             .badDecision(let text): [text]
        case .notAllApproved(let count), .openObjections(let count): [String(count)]
        default: []
        }
    }
}
