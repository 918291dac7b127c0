import Foundation
import JianfuCore
import Vapor

/// Every refusal of the after-school service, mapped once to its status, code and message.
enum AfterSchoolError: DomainError {
    /// No term holds or follows today: a plan is for a term.
    case noTerm
    case invalidPlan(ServicePlanInvalid)
    case noPlan
    case newLessons(ContentFinding)
    case outsidePlan(grade: Int, weekday: Int)
    case clash(ProgramClash)
    case staffNotOfSchool
    case providerNotApproved
    case outsideNotVetted
    case feeOnFreeProgram
    case feeMissing
    case feeWhereServiceIsFree(rule: String)
    case badTime(field: String)
    case endNotAfterStart
    case notForGrade(Int)
    case choiceNeeded(max: Int)
    case choiceTaken(Int)
    case signupClosed(String)
    case signupOpen(String)
    case alreadyApplied
    case onePlace
    case notActive
    case alreadyAllocated
    case attendance(AttendanceProblem)
    /// A register asked for without a day, and no session in the last fortnight to open it on.
    case noRecentSession
    case badMonth
    case satisfactionStarted
    /// Fewer places than the pupils the program has taken.
    case capacityBelowEnrolment(Int)

    var status: HTTPResponseStatus {
        switch self {
        case .clash, .alreadyApplied, .onePlace, .notActive, .alreadyAllocated, .satisfactionStarted, .capacityBelowEnrolment: .conflict
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .noTerm: "outside_term"
        case .invalidPlan: "invalid_plan"
        case .noPlan: "no_plan"
        case .newLessons: "new_lessons"
        case .outsidePlan: "outside_plan"
        case .clash(.room): "room_taken"
        case .clash(.staff): "staff_taken"
        case .staffNotOfSchool: "staff_not_of_school"
        case .providerNotApproved: "provider_not_approved"
        case .outsideNotVetted: "not_vetted"
        case .feeOnFreeProgram, .feeMissing, .feeWhereServiceIsFree: "invalid_fee"
        case .badTime: "invalid_time"
        case .endNotAfterStart: "invalid_time"
        case .notForGrade: "not_for_grade"
        case .choiceNeeded, .choiceTaken: "invalid_choice"
        case .signupClosed: "signup_closed"
        case .signupOpen: "signup_open"
        case .alreadyApplied: "already_applied"
        case .onePlace: "one_place"
        case .notActive: "not_active"
        case .alreadyAllocated: "already_allocated"
        case .attendance(.noSession), .noRecentSession: "no_session"
        case .attendance(.future): "future_session"
        case .attendance(.notEnrolled): "not_enrolled"
        case .attendance(.markedTwice): "marked_twice"
        case .badMonth: "invalid_month"
        case .satisfactionStarted: "satisfaction_started"
        case .capacityBelowEnrolment: "capacity_below_enrolment"
        }
    }

    var messageKey: String {
        switch self {
        case .noTerm: "as.noTerm"
        case .invalidPlan(let invalid):
            switch invalid {
            case .gradeNotInSchool: "as.plan.gradeNotInSchool"
            case .duplicateGrade: "as.plan.duplicateGrade"
            case .badWeekday: "as.plan.badWeekday"
            case .endNotAfterStart: "as.plan.endNotAfterStart"
            case .tooManySessions: "as.plan.tooManySessions"
            case .feeOnFreeService: "as.plan.feeOnFree"
            case .feeMissing: "as.plan.feeMissing"
            }
        case .noPlan: "as.noPlan"
        case .newLessons: "as.newLessons"
        case .outsidePlan: "as.outsidePlan"
        case .clash(.room): "as.roomTaken"
        case .clash(.staff): "as.staffTaken"
        case .staffNotOfSchool: "as.staffNotOfSchool"
        case .providerNotApproved: "as.providerNotApproved"
        case .outsideNotVetted: "as.notVetted"
        case .feeOnFreeProgram: "as.feeOnFreeProgram"
        case .feeMissing: "as.feeMissing"
        case .feeWhereServiceIsFree: "as.feeWhereFree"
        case .badTime: "as.badTime"
        case .endNotAfterStart: "as.endNotAfterStart"
        case .notForGrade: "as.notForGrade"
        case .choiceNeeded: "as.choiceNeeded"
        case .choiceTaken: "as.choiceTaken"
        case .signupClosed: "as.signupClosed"
        case .signupOpen: "as.signupOpen"
        case .alreadyApplied: "as.alreadyApplied"
        case .onePlace: "as.onePlace"
        case .notActive: "as.notActive"
        case .alreadyAllocated: "as.alreadyAllocated"
        case .attendance(.noSession): "as.noSession"
        case .noRecentSession: "as.noRecentSession"
        case .attendance(.future): "as.futureSession"
        case .attendance(.notEnrolled): "as.notEnrolled"
        case .attendance(.markedTwice): "as.markedTwice"
        case .badMonth: "as.badMonth"
        case .satisfactionStarted: "as.satisfactionStarted"
        case .capacityBelowEnrolment: "as.capacityBelowEnrolment"
        }
    }

    var args: [String] {
        switch self {
        case .invalidPlan(let invalid):
            switch invalid {
            case .gradeNotInSchool(let grade), .duplicateGrade(let grade): [String(grade)]
            case .badWeekday(let grade, let weekday): [String(grade), String(weekday)]
            case .endNotAfterStart(let grade, let weekday): [String(grade), "weekday.\(weekday)"]
            case .tooManySessions(let grade, let max): [String(grade), String(max)]
            case .feeOnFreeService, .feeMissing: []
            }
        case .newLessons(let finding): [finding.phrase, finding.rule.rule, finding.rule.wording, finding.rule.source]
        case .outsidePlan(let grade, let weekday): [String(grade), "weekday.\(weekday)"]
        case .clash(.room(let other, let weekday)), .clash(.staff(let other, let weekday)): [other, "weekday.\(weekday)"]
        case .feeWhereServiceIsFree(let rule): [rule]
        case .badTime(let field): [Self.label(timeField: field)]
        case .notForGrade(let grade), .choiceTaken(let grade): [String(grade)]
        case .choiceNeeded(let max), .capacityBelowEnrolment(let max): [String(max)]
        case .signupClosed(let date), .signupOpen(let date): [date]
        case .attendance(.noSession(let date)), .attendance(.future(let date)): [date.iso]
        case .attendance(.notEnrolled(let ids)), .attendance(.markedTwice(let ids)): [String(ids.count)]
        default: []
        }
    }

    var details: [String: ErrorDetail] {
        switch self {
        case .newLessons(let finding): ["ruleId": .text(finding.rule.rule), "phrase": .text(finding.phrase), "field": .text("description")]
        case .outsidePlan(let grade, let weekday): ["grade": .number(grade), "weekday": .number(weekday), "field": .text("weekdays")]
        case .clash(.room(let other, let weekday)): ["field": .text("room"), "other": .text(other), "weekday": .number(weekday)]
        case .clash(.staff(let other, let weekday)): ["field": .text("staff"), "other": .text(other), "weekday": .number(weekday)]
        case .feeWhereServiceIsFree(let rule): ["ruleId": .text(rule), "field": .text("feeYuan")]
        case .feeOnFreeProgram, .feeMissing: ["field": .text("feeYuan")]
        case .badTime(let field): ["field": .text(field)]
        case .invalidPlan(.gradeNotInSchool(let grade)), .invalidPlan(.duplicateGrade(let grade)): ["field": .text("grades"), "grade": .number(grade)]
        case .attendance(.notEnrolled(let ids)), .attendance(.markedTwice(let ids)): ["field": .text("present"), "studentIds": .text(ids.joined(separator: ","))]
        case .attendance(.noSession), .attendance(.future), .noRecentSession: ["field": .text("date")]
        case .badMonth: ["field": .text("month")]
        case .capacityBelowEnrolment(let enrolled): ["field": .text("capacity"), "enrolled": .number(enrolled)]
        default: [:]
        }
    }

    /// The label a reader knows a time field by: the plan grid's "g4_basic_0_start" is a start time.
    static func label(timeField field: String) -> String {
        if field == "pickUps.at" { return "as.leftAt" }
        if field.hasSuffix("lessonsEnd") { return "as.lessonsEnd" }
        if field.hasSuffix("end") { return "as.end" }
        return "as.start"
    }
}
