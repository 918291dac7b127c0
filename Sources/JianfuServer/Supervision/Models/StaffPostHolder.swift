import Fluent
import Foundation

/// Who holds a post that observes lessons against a quota: a school's 校长, 业务副校长 or 中层 (set by the school's
/// administrators), or the district's 教研员 (set by the bureau). One post a person.
final class StaffPostHolder: Model, @unchecked Sendable {
    static let schema = "staff_posts"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    /// nil for the district's researchers.
    @OptionalField(key: "school_id") var schoolId: UUID?
    @Field(key: "user_id") var userId: UUID
    @Field(key: "post") var post: String
    @Field(key: "assigned_by") var assignedBy: UUID
    @Field(key: "assigned_at") var assignedAt: Date

    init() {}
}
