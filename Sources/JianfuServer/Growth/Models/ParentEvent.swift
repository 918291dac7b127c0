import Fluent
import Foundation

/// A parent meeting, a parent-school lecture or an online talk, for a class, a grade or the school, with its agenda and
/// the feedback survey it may carry.
final class ParentEvent: Model, @unchecked Sendable {
    static let schema = "parent_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    /// `ParentLevel`: with the grade for a grade's, the class (and its grade) for a class's.
    @Field(key: "level") var level: String
    @OptionalField(key: "grade_number") var gradeNumber: Int?
    @OptionalField(key: "class_id") var classId: UUID?
    /// `ParentEventKind`.
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "agenda") var agenda: String
    @OptionalField(key: "survey_id") var surveyId: UUID?
    @Field(key: "organiser_id") var organiserId: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Whether a family (a pupil's guardians) came to an event.
final class ParentEventAttendance: Model, @unchecked Sendable {
    static let schema = "parent_event_attendance"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "event_id") var eventId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "attended") var attended: Bool
    @Field(key: "marked_by") var markedBy: UUID
    @Field(key: "marked_at") var markedAt: Date

    init() {}
}

/// A guardian on the school's, a grade's or a class's parent committee (三级家长委员会), from a day; a member who
/// leaves keeps the row with the day they left.
final class ParentCommitteeMember: Model, @unchecked Sendable {
    static let schema = "parent_committee_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "level") var level: String
    @OptionalField(key: "grade_number") var gradeNumber: Int?
    @OptionalField(key: "class_id") var classId: UUID?
    @Field(key: "guardian_id") var guardianId: UUID
    /// 主任 or 委员.
    @Field(key: "chair") var chair: Bool
    @Field(key: "since") var since: String
    @OptionalField(key: "until") var until: String?
    @Field(key: "added_by") var addedBy: UUID
    @Field(key: "added_at") var addedAt: Date

    init() {}
}
