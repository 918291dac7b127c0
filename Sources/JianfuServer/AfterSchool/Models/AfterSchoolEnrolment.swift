import Fluent
import Foundation

/// One pupil's application to one program, from the guardian's sign-up to a place, a wait or a withdrawal.
final class AfterSchoolEnrolment: Model, @unchecked Sendable {
    static let schema = "after_school_enrolments"

    enum Status: String, Sendable, CaseIterable {
        /// Waiting for the head teacher (家长申请、班级审核), where the school asks for it.
        case pendingReview = "pending_review"
        /// A ranked choice of a limited program, waiting for the allocation when sign-up closes.
        case applied
        case enrolled
        case waiting
        /// Refused by the head teacher.
        case refused
        case withdrawn
        /// The pupil got a place elsewhere, so no longer waits here (one limited program a pupil).
        case released
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "program_id") var programId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "class_id") var classId: UUID
    /// The guardian who signed the pupil up: nobody is enrolled without one.
    @Field(key: "guardian_id") var guardianId: UUID
    /// The rank of a limited program among the pupil's choices (1 first); nil for the basic session.
    @OptionalField(key: "choice") var choice: Int?
    /// In a group the district names for priority (AS-12), as the school marked it.
    @Field(key: "priority") var priority: Bool
    @Field(key: "status") var status: String
    /// Place on the waiting list, 1 first.
    @OptionalField(key: "position") var position: Int?
    @Field(key: "applied_at") var appliedAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "reviewed_by") var reviewedBy: UUID?

    init() {}

    var state: Status? { Status(rawValue: status) }
}

/// An allocation run: once a term for a school, with the lottery's seed recorded so that it can be drawn again.
final class AfterSchoolAllocation: Model, @unchecked Sendable {
    static let schema = "after_school_allocations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "seed") var seed: String
    @Field(key: "placed") var placed: Int
    @Field(key: "waiting") var waiting: Int
    @Field(key: "ran_by") var ranBy: UUID
    @Field(key: "ran_at") var ranAt: Date

    init() {}
}
