import Fluent
import Foundation
import JianfuCore

/// A finding's rectification task (整改) for its school: who answers for it, by when, and where it stands. Its steps
/// keep everything said on the way.
final class Rectification: Model, @unchecked Sendable {
    static let schema = "rectifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "finding_id") var findingId: UUID
    @OptionalField(key: "owner_id") var ownerId: UUID?
    @Field(key: "deadline") var deadline: String
    @Field(key: "status") var status: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var state: RectificationStatus { RectificationStatus(rawValue: status) ?? .open }
}
