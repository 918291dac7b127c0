import Fluent
import Foundation

/// An off-campus training institution on the district's register, with its licence status, the facts the rules ask
/// about (insurance, qualified staff as counts, fee custody) and the bureau's listing on the public lists.
final class TrainingInstitution: Model, @unchecked Sendable {
    static let schema = "training_institutions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "name") var name: String
    /// 统一社会信用代码, unique in the district.
    @Field(key: "credit_code") var creditCode: String
    /// `TrainingKind`.
    @Field(key: "kind") var kind: String
    /// `TrainingMode`.
    @Field(key: "mode") var mode: String
    /// `InstitutionStatus`, changed only by an event.
    @Field(key: "status") var status: String
    @Field(key: "status_since") var statusSince: String
    @Field(key: "address") var address: String
    /// 校方责任保险's end, if insured.
    @OptionalField(key: "insurance_expires_on") var insuranceExpiresOn: String?
    /// OT-11: counts only, no personal data.
    @Field(key: "staff_count") var staffCount: Int
    @Field(key: "qualified_staff_count") var qualifiedStaffCount: Int
    /// `FeeCustody` (OT-15).
    @Field(key: "custody") var custody: String
    @Field(key: "fees_published") var feesPublished: Bool
    /// `PublicListing` the bureau set (grey or black), with why and since when.
    @OptionalField(key: "listing") var listing: String?
    @Field(key: "listing_reason") var listingReason: String
    @OptionalField(key: "listing_since") var listingSince: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// One step of an institution's licence (审批, 年检, 变更, 停业整顿, 注销 …), dated, with who decided; never deleted.
final class InstitutionStatusEvent: Model, @unchecked Sendable {
    static let schema = "training_institution_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "institution_id") var institutionId: UUID
    /// `InstitutionEvent`, or `listing` for a change of the bureau's listing.
    @Field(key: "event") var event: String
    @Field(key: "from_status") var fromStatus: String
    @Field(key: "to_status") var toStatus: String
    @Field(key: "on_date") var onDate: String
    @Field(key: "note") var note: String
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    /// A step of the institution's record, dated `onDate` (YYYY-MM-DD), recorded now.
    init(of institution: TrainingInstitution, event: String, from: String, to: String, onDate: String, note: String, decidedBy: UUID?) {
        districtId = institution.districtId
        institutionId = institution.id!
        self.event = event
        fromStatus = from
        toStatus = to
        self.onDate = onDate
        self.note = note
        self.decidedBy = decidedBy
        recordedAt = WallClock.now()
    }
}

/// A course of an institution as the bureau recorded it, with its classification and the violations found then.
final class TrainingCourseRecord: Model, @unchecked Sendable {
    static let schema = "training_courses"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "institution_id") var institutionId: UUID
    @Field(key: "name") var name: String
    @Field(key: "subject") var subject: String
    @Field(key: "kind") var kind: String
    /// The subject-type subject whose content the course's name shows, when its declared subject is not one.
    @OptionalField(key: "content_of") var contentOf: String?
    @Field(key: "mode") var mode: String
    @Field(key: "lesson_minutes") var lessonMinutes: Int
    @Field(key: "class_size") var classSize: Int
    @Field(key: "price_fen") var priceFen: Int
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    /// JSON: `[{"weekday", "start", "end"}]`.
    @Field(key: "sessions") var sessions: String
    /// JSON: `[{"months", "lessons", "amountFen"}]`.
    @Field(key: "packages") var packages: String
    /// JSON: `[{"rule", "code", "args"}]`.
    @Field(key: "violations") var violations: String
    @Field(key: "violation_count") var violationCount: Int
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// The district's guided price (政府指导价) of a standard lesson, per mode and class-size tier.
final class GuidedPriceRecord: Model, @unchecked Sendable {
    static let schema = "training_guided_prices"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "mode") var mode: String
    @Field(key: "tier") var tier: Int
    @Field(key: "base_fen") var baseFen: Int
    @OptionalField(key: "set_by") var setBy: UUID?
    @Field(key: "set_at") var setAt: Date

    init() {}
}

/// How an institution's prepaid fees are protected (OT-15).
enum FeeCustody: String, CaseIterable, Sendable {
    /// 银行托管.
    case bank
    /// 风险保证金.
    case deposit
    case none
}
