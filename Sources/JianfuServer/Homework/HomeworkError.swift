import Foundation
import JianfuCore
import Vapor

/// Every refusal of the homework domain, mapped once to its status, code and message.
enum HomeworkError: DomainError {
    case notTeaching
    case noTeaching
    case outsideTerm(LocalDate)
    case notTeachingDay(LocalDate)
    case dueBeforeAssigned
    case invalidMinutes(max: Int)
    /// The day's written work would pass the cap: the day, its cap, what is filed already and what was asked.
    case capExceeded(classId: UUID, date: LocalDate, cap: Int, planned: Int, requested: Int)
    case breakCapExceeded(classId: UUID, start: LocalDate, cap: Int, planned: Int, requested: Int)
    case notAReviewer
    case notPending
    case notYourStep(ReviewStep)
    case notReturned
    case alreadyWithdrawn
    case feedbackDate(windowDays: Int)
    /// The text asks for what a content rule forbids: the rule and the phrase found.
    case contentRule(ContentFinding)
    /// The text repeats recent work and the profile refuses that (HW-09).
    case repetitive(PolicyProfile.Repetition)
    case feedbackLocked

    var status: HTTPResponseStatus {
        switch self {
        case .notTeaching, .notAReviewer, .notYourStep: .forbidden
        case .noTeaching: .notFound
        case .notPending, .notReturned, .alreadyWithdrawn, .feedbackLocked: .conflict
        case .outsideTerm, .notTeachingDay, .dueBeforeAssigned, .invalidMinutes, .capExceeded, .breakCapExceeded, .feedbackDate,
             .contentRule, .repetitive:
            .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .notTeaching: "not_teaching"
        case .noTeaching: "no_teaching"
        case .outsideTerm: "outside_term"
        case .notTeachingDay: "not_teaching_day"
        case .dueBeforeAssigned: "due_before_assigned"
        case .invalidMinutes: "invalid_minutes"
        case .capExceeded, .breakCapExceeded: "cap_exceeded"
        case .notAReviewer: "not_a_reviewer"
        case .notPending: "not_pending"
        case .notYourStep: "not_your_step"
        case .notReturned: "not_returned"
        case .alreadyWithdrawn: "already_withdrawn"
        case .feedbackDate: "feedback_date"
        case .feedbackLocked: "feedback_locked"
        case .contentRule: "content_rule"
        case .repetitive: "repetitive"
        }
    }

    var messageKey: String {
        switch self {
        case .notTeaching: "homework.notTeaching"
        case .noTeaching: "file.noTeaching"
        case .outsideTerm: "homework.outsideTerm"
        case .notTeachingDay: "homework.notTeachingDay"
        case .dueBeforeAssigned: "homework.dueBeforeAssigned"
        case .invalidMinutes: "homework.badMinutes"
        case .capExceeded: "homework.capExceeded"
        case .breakCapExceeded: "homework.breakCapExceeded"
        case .notAReviewer: "homework.notAReviewer"
        case .notPending: "homework.notPending"
        case .notYourStep: "homework.notYourStep"
        case .notReturned: "homework.notReturned"
        case .alreadyWithdrawn: "homework.alreadyWithdrawn"
        case .feedbackDate: "feedback.badDay"
        case .feedbackLocked: "feedback.locked"
        case .contentRule: "homework.contentRule"
        case .repetitive: "homework.repetitive"
        }
    }

    var args: [String] {
        switch self {
        case .outsideTerm(let date), .notTeachingDay(let date): [date.iso]
        case .invalidMinutes(let max): [String(max)]
        case .capExceeded(_, let date, let cap, let planned, let requested), .breakCapExceeded(_, let date, let cap, let planned, let requested):
            [date.iso, String(cap), String(planned), String(requested)]
        case .notYourStep(let step): [step.labelKey]
        case .feedbackDate(let days): [String(days)]
        case .contentRule(let finding): [finding.phrase.replacingOccurrences(of: "…", with: "……"), finding.rule.rule, finding.rule.wording, finding.rule.source]
        case .repetitive(let rule): [rule.rule, rule.wording, rule.source]
        default: []
        }
    }

    var details: [String: ErrorDetail] {
        switch self {
        case .invalidMinutes(let max): ["field": .text("minutes"), "max": .number(max)]
        case .capExceeded(let classId, let date, let cap, let planned, let requested),
             .breakCapExceeded(let classId, let date, let cap, let planned, let requested):
            ["classId": .text(classId.uuidString), "date": .text(date.iso), "capMinutes": .number(cap),
             "plannedMinutes": .number(planned), "requestedMinutes": .number(requested)]
        case .contentRule(let finding):
            ["field": .text("content"), "ruleId": .text(finding.rule.rule), "rule": .text(finding.rule.wording), "source": .text(finding.rule.source),
             "phrase": .text(finding.phrase)]
        case .repetitive(let rule): ["field": .text("content"), "ruleId": .text(rule.rule), "rule": .text(rule.wording), "source": .text(rule.source)]
        default: [:]
        }
    }
}
