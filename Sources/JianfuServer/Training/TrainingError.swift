import JianfuCore
import Vapor

/// Every refusal of the training register, mapped once to its status, code and message.
enum TrainingError: DomainError {
    case badCreditCode(String)
    case duplicateCreditCode(String)
    case badKind(String)
    case badMode(String)
    case badCustody(String)
    case badCounts
    case unknownSubject(String)
    case badSession(Int)
    case badPackage(Int)
    case badEvent(String)
    case lifecycle(InstitutionLifecycle.Refusal)
    case badListing(String)
    case listingReasonRequired
    case unpricedTier(mode: TrainingMode, tier: Int, sizes: String)
    case badPrice
    case badTier(Int)

    var status: HTTPResponseStatus {
        switch self {
        case .lifecycle: .conflict
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .badCreditCode: "invalid_credit_code"
        case .duplicateCreditCode: "duplicate_credit_code"
        case .badKind: "invalid_kind"
        case .badMode: "invalid_mode"
        case .badCustody: "invalid_custody"
        case .badCounts: "invalid_staff_counts"
        case .unknownSubject: "unknown_subject"
        case .badSession: "invalid_session"
        case .badPackage: "invalid_package"
        case .badEvent: "invalid_event"
        case .lifecycle(.notFrom): "status_change_not_allowed"
        case .lifecycle(.noNewSubjectApprovals): "no_new_subject_approvals"
        case .badListing: "invalid_listing"
        case .listingReasonRequired: "listing_reason_required"
        case .unpricedTier: "tier_not_priced"
        case .badPrice: "invalid_price"
        case .badTier: "invalid_tier"
        }
    }

    var messageKey: String {
        switch self {
        case .badCreditCode: "training.e.creditCode"
        case .duplicateCreditCode: "training.e.duplicate"
        case .badKind: "training.e.kind"
        case .badMode: "training.e.mode"
        case .badCustody: "training.e.custody"
        case .badCounts: "training.e.counts"
        case .unknownSubject: "training.e.subject"
        case .badSession: "training.e.session"
        case .badPackage: "training.e.package"
        case .badEvent: "training.e.event"
        case .lifecycle(.notFrom): "training.e.notFrom"
        case .lifecycle(.noNewSubjectApprovals): "training.e.noNewSubject"
        case .badListing: "training.e.listing"
        case .listingReasonRequired: "training.e.listingReason"
        case .unpricedTier: "training.e.unpriced"
        case .badPrice: "training.e.price"
        case .badTier: "training.e.tier"
        }
    }

    var args: [String] {
        switch self {
        case .badCreditCode(let code), .duplicateCreditCode(let code): [code]
        case .badKind(let value), .badMode(let value), .badCustody(let value), .badEvent(let value), .badListing(let value): [value]
        case .unknownSubject(let subject): [subject]
        case .badSession(let n), .badPackage(let n): [String(n)]
        case .lifecycle(.notFrom(let status, let event)): ["training.status." + status.rawValue, "training.event." + event.rawValue]
        case .lifecycle(.noNewSubjectApprovals(let since)): [since.iso]
        case .unpricedTier(let mode, _, let sizes): ["training.mode." + mode.rawValue, sizes]
        case .badTier(let tier): [String(tier)]
        default: []
        }
    }
}
