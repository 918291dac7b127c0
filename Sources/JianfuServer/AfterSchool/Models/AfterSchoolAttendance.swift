import Fluent
import Foundation

/// One pupil's mark in one session's register.
final class AfterSchoolAttendance: Model, @unchecked Sendable {
    static let schema = "after_school_attendance"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "program_id") var programId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "class_id") var classId: UUID
    /// The district's local date of the session.
    @Field(key: "date") var date: String
    @Field(key: "present") var present: Bool
    /// "HH:MM" and who took the pupil home, where the plan's batches let them leave early (分批离校).
    @OptionalField(key: "left_at") var leftAt: String?
    @OptionalField(key: "picked_up_by") var pickedUpBy: String?
    @Field(key: "marked_by") var markedBy: UUID
    @Field(key: "marked_at") var markedAt: Date

    init() {}
}
