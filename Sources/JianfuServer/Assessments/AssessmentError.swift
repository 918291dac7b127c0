import Foundation
import JianfuCore
import Vapor

/// Every refusal of test filing and results, mapped once to its status, code and message.
enum AssessmentError: DomainError {
    case notTeaching
    case outsideTerm(LocalDate)
    case notTeachingDay(LocalDate)
    case alreadyHeld(LocalDate)
    case invalidDuration(max: Int)
    /// A frequency rule of the profile refuses the test: the class, how many it has and the limit, and the rule quoted.
    case limit(TestLimitFinding, classId: UUID, grade: Int, classNumber: Int)
    case notYours
    case alreadyWithdrawn
    case hasResults
    case specificationNotForThis(fromGrade: Int)
    case specification(SpecificationTable.Problem)
    /// A table cell typed on the page that is not a number (its row).
    case specificationNotNumber(row: Int)
    case resultsRestricted
    case notHeldYet(String)
    /// Results are refused by their line (1-based) and named by the pupil's label or "line n".
    case pupilNotInClass(line: Int)
    case badScore(line: Int, pupil: String, fullMarks: Int)
    /// A score typed on the page that is not a number (the pupil's label).
    case scoreNotNumber(pupil: String)
    case badLevel(line: Int, pupil: String, levels: [String])

    var status: HTTPResponseStatus {
        switch self {
        case .notTeaching, .notYours, .resultsRestricted: .forbidden
        case .alreadyWithdrawn, .hasResults: .conflict
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .notTeaching: "not_teaching"
        case .outsideTerm: "outside_term"
        case .notTeachingDay: "not_teaching_day"
        case .alreadyHeld: "already_held"
        case .invalidDuration: "invalid_duration"
        case .limit: "test_limit"
        case .notYours: "forbidden"
        case .alreadyWithdrawn: "not_filed"
        case .hasResults: "has_results"
        case .specificationNotForThis: "no_specification"
        case .specification, .specificationNotNumber: "specification_totals"
        case .resultsRestricted: "results_restricted"
        case .notHeldYet: "not_held_yet"
        case .pupilNotInClass: "not_in_class"
        case .badScore, .scoreNotNumber: "invalid_score"
        case .badLevel: "invalid_level"
        }
    }

    var messageKey: String {
        switch self {
        case .notTeaching: "tests.notTeaching"
        case .outsideTerm: "homework.outsideTerm"
        case .notTeachingDay: "tests.notTeachingDay"
        case .alreadyHeld: "tests.alreadyHeld"
        case .invalidDuration: "tests.badDuration"
        case .limit(let finding, _, _, _):
            finding.key == "tests.mockWindowWeeks" ? "tests.mockWindow" : finding.limit == 0 ? "tests.forbidden" : "tests.limit"
        case .notYours: "tests.notYours"
        case .alreadyWithdrawn: "tests.alreadyWithdrawn"
        case .hasResults: "tests.hasResults"
        case .specificationNotForThis: "tests.specNotForThis"
        case .specification(let problem):
            switch problem {
            case .noRows: "spec.noRows"
            case .unnamedPoint: "spec.unnamed"
            case .wrongCellCount: "spec.cellCount"
            case .negativeCell: "spec.negative"
            case .rowDoesNotAddUp: "spec.rowSum"
            case .rowsDoNotAddUp: "spec.totalSum"
            case .notTheFullMark: "spec.fullMarks"
            }
        case .specificationNotNumber: "spec.notNumber"
        case .resultsRestricted: "tests.resultsRestricted"
        case .notHeldYet: "tests.notHeldYet"
        case .pupilNotInClass: "tests.pupilNotInClass"
        case .badScore: "tests.badScore"
        case .scoreNotNumber: "tests.scoreNotNumber"
        case .badLevel: "tests.badLevel"
        }
    }

    var args: [String] {
        func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
        switch self {
        case .outsideTerm(let date), .notTeachingDay(let date), .alreadyHeld(let date): return [date.iso]
        case .invalidDuration(let max): return [String(max)]
        case .limit(let finding, _, let grade, let classNumber):
            let rule = [finding.rule.rule, finding.rule.wording, finding.rule.source]
            // A kind the class may not hold at all has no count to quote; the mock window quotes its weeks.
            if finding.key == "tests.mockWindowWeeks" { return [String(grade), String(classNumber), String(finding.limit)] + rule }
            return finding.limit == 0 ? [String(grade), String(classNumber)] + rule
                : [String(grade), String(classNumber), String(finding.existing), String(finding.limit)] + rule
        case .specificationNotForThis(let fromGrade): return [String(fromGrade)]
        case .specification(let problem):
            switch problem {
            case .noRows: return []
            case .unnamedPoint(let row), .negativeCell(let row): return [String(row)]
            case .wrongCellCount(let row, let expected): return [String(row), String(expected)]
            case .rowDoesNotAddUp(let row, let stated, let sum): return [String(row), number(sum), number(stated)]
            case .rowsDoNotAddUp(let stated, let sum): return [number(sum), number(stated)]
            case .notTheFullMark(let total, let fullMarks): return [number(total), String(fullMarks)]
            }
        case .specificationNotNumber(let row): return [String(row)]
        case .notHeldYet(let day): return [day]
        case .pupilNotInClass(let line): return [String(line)]
        case .badScore(_, let pupil, let fullMarks): return [pupil, String(fullMarks)]
        case .scoreNotNumber(let pupil): return [pupil]
        case .badLevel(_, let pupil, let levels): return [pupil, levels.joined(separator: "/")]
        default: return []
        }
    }

    var details: [String: ErrorDetail] {
        switch self {
        case .invalidDuration(let max): ["field": .text("durationMinutes"), "max": .number(max)]
        case .limit(let finding, let classId, _, _):
            ["ruleId": .text(finding.rule.rule), "rule": .text(finding.rule.wording), "source": .text(finding.rule.source),
             "key": .text(finding.key), "classId": .text(classId.uuidString), "limit": .number(finding.limit),
             "existing": .number(finding.existing)]
        case .specification: ["field": .text("specification")]
        case .pupilNotInClass(let line), .badScore(let line, _, _), .badLevel(let line, _, _): ["field": .text("results"), "line": .number(line)]
        default: [:]
        }
    }
}
