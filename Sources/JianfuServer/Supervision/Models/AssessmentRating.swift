import Fluent
import Foundation

/// A school's rating on one indicator of a table for a term: a level, or the count of each achievement.
final class AssessmentRating: Model, @unchecked Sendable {
    static let schema = "assessment_ratings"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "table_id") var tableId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "code") var code: String
    @OptionalField(key: "level") var level: Int?
    /// JSON object of achievement key → count.
    @OptionalField(key: "achievements") var achievements: String?
    @Field(key: "note") var note: String
    @Field(key: "rated_by") var ratedBy: UUID
    @Field(key: "rated_at") var ratedAt: Date

    init() {}
}
