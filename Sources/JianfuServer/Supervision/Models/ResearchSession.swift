import Fluent
import Foundation

/// A subject group's research session (教研活动): how long it met, whether it was school-wide, and the district's
/// researcher who guided it, if one did.
final class ResearchSession: Model, @unchecked Sendable {
    static let schema = "research_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    /// The subject group's subject; nil for a school-wide session of every group.
    @OptionalField(key: "subject_id") var subjectId: UUID?
    @Field(key: "held_on") var heldOn: String
    @Field(key: "minutes") var minutes: Int
    @Field(key: "school_wide") var schoolWide: Bool
    @OptionalField(key: "guided_by") var guidedBy: UUID?
    @Field(key: "topic") var topic: String
    @Field(key: "logged_by") var loggedBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
