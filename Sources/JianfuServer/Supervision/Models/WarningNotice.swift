import Fluent
import Foundation

/// A warning notice (警示通报) the bureau issues to a school that lags: it stays on the school's record, and the school
/// acknowledges it.
final class WarningNotice: Model, @unchecked Sendable {
    static let schema = "warning_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "issued_by") var issuedBy: UUID
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?

    init() {}
}
