import Fluent
import Foundation

/// A pupil's tutor: one a pupil; a change of tutor rewrites the row, and the audit trail keeps who it was before.
final class TutorAssignment: Model, @unchecked Sendable {
    static let schema = "tutor_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "tutor_id") var tutorId: UUID
    @Field(key: "assigned_by") var assignedBy: UUID
    @Field(key: "assigned_at") var assignedAt: Date

    init() {}
}
