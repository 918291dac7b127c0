import Fluent
import Foundation

/// One step of a rectification: set, answered with measures, accepted, or reopened with a reason (and a new deadline).
final class RectificationStep: Model, @unchecked Sendable {
    static let schema = "rectification_steps"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "rectification_id") var rectificationId: UUID
    /// "set", or a `RectificationAction`.
    @Field(key: "action") var action: String
    /// The measures taken, or the reason.
    @Field(key: "text") var text: String
    @OptionalField(key: "deadline") var deadline: String?
    @Field(key: "by_user") var byUser: UUID
    @Field(key: "at") var at: Date

    init() {}
}
