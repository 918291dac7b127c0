import JianfuCore
import Vapor

/// Every refusal of the tutor system, mapped once to its status, code and message.
enum GrowthError: DomainError {
    case badTask(String)
    case badGrade(Int)
    case badTaskCount(Int)
    case notTutor
    case tutorNotOfSchool
    case tutorFull(limit: Int)
    case notFeedback
    case alreadyAcknowledged
    case notYet(String)
    case outsideTerms(String)
    case noTerm
    case badLevel(String)
    case badEventKind(String)
    case classNotInvited
    case notAGuardianOfClass
    case alreadyMember

    var status: HTTPResponseStatus {
        switch self {
        case .notTutor: .forbidden
        case .alreadyAcknowledged, .noTerm, .alreadyMember: .conflict
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .badTask: "invalid_kind"
        case .badGrade: "invalid_grade"
        case .badTaskCount: "invalid_count"
        case .notTutor: "not_tutor"
        case .tutorNotOfSchool: "tutor_not_of_school"
        case .tutorFull: "tutor_full"
        case .notFeedback: "not_written_feedback"
        case .alreadyAcknowledged: "already_acknowledged"
        case .notYet: "date_in_future"
        case .outsideTerms: "outside_terms"
        case .noTerm: "no_current_term"
        case .badLevel: "invalid_level"
        case .badEventKind: "invalid_kind"
        case .classNotInvited: "class_not_invited"
        case .notAGuardianOfClass: "not_a_guardian_of_class"
        case .alreadyMember: "already_member"
        }
    }

    var messageKey: String {
        switch self {
        case .badTask: "growth.badTask"
        case .badGrade: "growth.badGrade"
        case .badTaskCount: "growth.badTaskCount"
        case .notTutor: "growth.notTutor"
        case .tutorNotOfSchool: "growth.tutorNotOfSchool"
        case .tutorFull: "growth.tutorFull"
        case .notFeedback: "growth.notFeedback"
        case .alreadyAcknowledged: "growth.alreadyAcknowledged"
        case .notYet: "growth.notYet"
        case .outsideTerms: "growth.outsideTerms"
        case .noTerm: "growth.noTerm"
        case .badLevel: "growth.badLevel"
        case .badEventKind: "growth.badEventKind"
        case .classNotInvited: "growth.classNotInvited"
        case .notAGuardianOfClass: "growth.notAGuardianOfClass"
        case .alreadyMember: "growth.alreadyMember"
        }
    }

    var args: [String] {
        switch self {
        case .badTask(let text), .notYet(let text), .outsideTerms(let text), .badLevel(let text), .badEventKind(let text): [text]
        case .badGrade(let grade): [String(grade)]
        case .badTaskCount(let count): [String(count)]
        case .tutorFull(let limit): [String(limit)]
        default: []
        }
    }
}
