import Fluent
import Foundation

/// One task a teacher did for a pupil (`TutorTask`): a home visit with who was present, a heart-to-heart talk, or a
/// written feedback the pupil's guardians read and acknowledge. Home-visit notes are restricted (tutor, head teacher,
/// school administrators), and erased with the pupil's records.
final class TutorLog: Model, @unchecked Sendable {
    static let schema = "tutor_logs"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "student_id") var studentId: UUID
    /// Who did it: the tutor, or for a home visit possibly the head teacher.
    @Field(key: "teacher_id") var teacherId: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "present") var present: String
    @Field(key: "summary") var summary: String
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
