import JianfuCore
import Vapor

/// Every refusal of supervision and assessment, mapped once to its status, code and message.
enum SupervisionError: DomainError {
    case rectification(RectificationProblem)
    case rating(RatingProblem)
    case table(AssessmentTable.Problem)
    case badMethod(String)
    case badSeverity(String)
    case noFindingsYet
    case alreadySet
    case ownerNotOfSchool
    case findingOfAnotherSchool
    case tableLoaded(String)
    case unknownTable(String)
    case badDecision(key: String)
    case alreadyAcknowledged
    case badPost(String)
    case postNotForDistrictStaff
    case researcherIsDistrictStaff
    case noPost
    case classOfAnotherSchool
    case subjectNotTaught
    case teacherNotOfClass
    case notYet(String)
    case outsideTerms(String)

    var status: HTTPResponseStatus {
        switch self {
        case .alreadySet, .tableLoaded, .alreadyAcknowledged, .rectification(.notNow), .rating(.undecided): .conflict
        case .unknownTable: .notFound
        case .noPost: .forbidden
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .rectification(.deadlineBeforeVisit): "deadline_before_visit"
        case .rectification(.deadlinePassed): "deadline_passed"
        case .rectification(.reasonRequired): "reason_required"
        case .rectification(.notNow): "not_now"
        case .rating(.undecided): "table_undecided"
        case .rating(.levelNotInScheme): "level_not_in_scheme"
        case .rating(.unknownCode): "unknown_indicator"
        case .rating: "invalid_rating"
        case .table(.unknownScheme): "unknown_scheme"
        case .table: "invalid_table"
        case .badMethod: "invalid_method"
        case .badSeverity: "invalid_severity"
        case .noFindingsYet: "visit_not_made"
        case .alreadySet: "already_set"
        case .ownerNotOfSchool: "owner_not_of_school"
        case .findingOfAnotherSchool: "finding_of_another_school"
        case .tableLoaded: "table_loaded"
        case .unknownTable: "not_found"
        case .badDecision: "invalid_decision"
        case .alreadyAcknowledged: "already_acknowledged"
        case .badPost: "invalid_post"
        case .postNotForDistrictStaff: "post_not_for_district_staff"
        case .researcherIsDistrictStaff: "researcher_is_district_staff"
        case .noPost: "no_post"
        case .classOfAnotherSchool: "class_of_another_school"
        case .subjectNotTaught: "subject_not_taught"
        case .teacherNotOfClass: "teacher_not_of_class"
        case .notYet: "date_in_future"
        case .outsideTerms: "outside_terms"
        }
    }

    var messageKey: String {
        switch self {
        case .rectification(.deadlineBeforeVisit): "sup.deadlineBeforeVisit"
        case .rectification(.deadlinePassed): "sup.deadlinePassed"
        case .rectification(.reasonRequired): "sup.reasonRequired"
        case .rectification(.notNow): "sup.notNow"
        case .rating(.undecided): "sup.undecided"
        case .rating(.levelNotInScheme): "sup.levelNotInScheme"
        case .rating(.unknownCode): "sup.unknownIndicator"
        case .rating(.wrongKind): "sup.wrongKind"
        case .rating(.unknownAchievement): "sup.unknownAchievement"
        case .rating(.negativeCount): "sup.negativeCount"
        case .table(.unknownScheme): "sup.unknownScheme"
        case .table(.badWeights): "sup.badWeights"
        case .table(.leafWithoutPoints): "sup.leafWithoutPoints"
        case .table(.duplicateLeaf): "sup.duplicateLeaf"
        case .table(.emptyCode), .table(.unreadable): "sup.unreadableTable"
        case .badMethod: "sup.badMethod"
        case .badSeverity: "sup.badSeverity"
        case .noFindingsYet: "sup.noFindingsYet"
        case .alreadySet: "sup.alreadySet"
        case .ownerNotOfSchool: "sup.ownerNotOfSchool"
        case .findingOfAnotherSchool: "sup.findingOfAnotherSchool"
        case .tableLoaded: "sup.tableLoaded"
        case .unknownTable: "error.notFound"
        case .badDecision: "sup.badDecision"
        case .alreadyAcknowledged: "sup.alreadyAcknowledged"
        case .badPost: "sup.badPost"
        case .postNotForDistrictStaff: "sup.postNotForDistrictStaff"
        case .researcherIsDistrictStaff: "sup.researcherIsDistrictStaff"
        case .noPost: "sup.noPost"
        case .classOfAnotherSchool: "sup.classOfAnotherSchool"
        case .subjectNotTaught: "sup.subjectNotTaught"
        case .teacherNotOfClass: "sup.teacherNotOfClass"
        case .notYet: "sup.notYet"
        case .outsideTerms: "sup.outsideTerms"
        }
    }

    var args: [String] {
        switch self {
        case .rectification(.deadlineBeforeVisit(let deadline, let visit)): [deadline.iso, visit.iso]
        case .rectification(.deadlinePassed(let date)): [date.iso]
        case .rectification(.notNow(let status, _)): ["sup.status." + status.rawValue]
        case .rating(.undecided(let keys)): [keys.joined(separator: ", ")]
        case .rating(.levelNotInScheme(let code, let level)): [code, String(level)]
        case .rating(.unknownCode(let code)), .rating(.wrongKind(let code)), .rating(.negativeCount(let code)): [code]
        case .rating(.unknownAchievement(let code, let key)): [code, key]
        case .table(.unknownScheme(let kind)): [kind]
        case .table(.badWeights(let weight)): [weight]
        case .table(.leafWithoutPoints(let code)), .table(.duplicateLeaf(let code)): [code]
        case .badMethod(let text), .badSeverity(let text), .tableLoaded(let text), .unknownTable(let text): [text]
        case .badDecision(let key): [key]
        case .badPost(let text), .notYet(let text), .outsideTerms(let text): [text]
        default: []
        }
    }

    var details: [String: ErrorDetail] {
        switch self {
        case .rectification(.deadlineBeforeVisit(let deadline, let visit)): ["field": .text("deadline"), "deadline": .text(deadline.iso), "visit": .text(visit.iso)]
        case .rating(.undecided(let keys)): ["discrepancies": .text(keys.joined(separator: ","))]
        case .rating(.levelNotInScheme(let code, let level)): ["code": .text(code), "level": .number(level)]
        case .rating(.unknownCode(let code)): ["code": .text(code)]
        default: [:]
        }
    }
}
