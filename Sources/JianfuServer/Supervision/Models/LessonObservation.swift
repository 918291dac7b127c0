import Fluent
import Foundation

/// A lesson a school leader or researcher sat in on (听课), and whether they critiqued it with the teacher (评课).
final class LessonObservation: Model, @unchecked Sendable {
    static let schema = "lesson_observations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    /// The school of the class observed.
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "observer_id") var observerId: UUID
    /// The observer's post when they logged it: a quota is the post's.
    @Field(key: "observer_post") var observerPost: String
    @Field(key: "observed_on") var observedOn: String
    @Field(key: "class_id") var classId: UUID
    @Field(key: "subject_id") var subjectId: UUID
    @Field(key: "teacher_id") var teacherId: UUID
    @Field(key: "critiqued") var critiqued: Bool
    @Field(key: "notes") var notes: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
