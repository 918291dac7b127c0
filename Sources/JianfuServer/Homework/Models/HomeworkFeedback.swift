import Fluent
import Foundation

/// A guardian's report of how long a pupil really took on a day, and whether it was too much.
final class HomeworkFeedback: Model, @unchecked Sendable {
    static let schema = "homework_feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "guardian_id") var guardianId: UUID
    @Field(key: "date") var date: String
    @Field(key: "minutes") var minutes: Int
    @Field(key: "too_much") var tooMuch: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
