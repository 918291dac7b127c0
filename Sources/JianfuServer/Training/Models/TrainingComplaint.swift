import Fluent
import Foundation

/// A complaint about an institution: from a signed-in parent or from a phone number checked on the page; the
/// complainant follows it by its reference (and the phone's last four digits).
final class TrainingComplaint: Model, @unchecked Sendable {
    static let schema = "training_complaints"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "institution_id") var institutionId: UUID
    /// `TS` and a date and number, shown to the complainant.
    @Field(key: "reference") var reference: String
    @OptionalField(key: "complainant_id") var complainantId: UUID?
    /// How the bureau answers; only the last four digits are shown back.
    @Field(key: "phone") var phone: String
    /// The sender's address, hashed: counts repeat complaints from one place without keeping it.
    @Field(key: "address_hash") var addressHash: String
    @Field(key: "text") var text: String
    /// `ComplaintStatus`.
    @Field(key: "status") var status: String
    @OptionalField(key: "assigned_to") var assignedTo: UUID?
    @OptionalField(key: "due_on") var dueOn: String?
    @Field(key: "response") var response: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

enum ComplaintStatus: String, CaseIterable, Sendable {
    case received
    case assigned
    case answered
    case closed
}

/// A finding against an institution made from a course's violations, with the date it must be put right by.
final class TrainingFinding: Model, @unchecked Sendable {
    static let schema = "training_findings"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "institution_id") var institutionId: UUID
    @OptionalField(key: "course_id") var courseId: UUID?
    /// The rule ids, comma-separated.
    @Field(key: "rules") var rules: String
    @Field(key: "description") var description: String
    @Field(key: "due_on") var dueOn: String
    /// `FindingStatus`.
    @Field(key: "status") var status: String
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?

    init() {}
}

enum FindingStatus: String, CaseIterable, Sendable {
    /// 限期整改.
    case open
    case rectified
    /// Not put right: the institution went onto the black list.
    case blacklisted
}
