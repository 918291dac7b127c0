import Fluent
import Foundation

/// The bureau's word on one of a table's discrepancies, with who gave it and when; the latest stands, the earlier stay.
final class AssessmentDecision: Model, @unchecked Sendable {
    static let schema = "assessment_decisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "table_id") var tableId: UUID
    @Field(key: "discrepancy_key") var discrepancyKey: String
    @Field(key: "decision") var decision: String
    @Field(key: "note") var note: String
    @Field(key: "decided_by") var decidedBy: UUID
    @Field(key: "decided_at") var decidedAt: Date

    init() {}
}
