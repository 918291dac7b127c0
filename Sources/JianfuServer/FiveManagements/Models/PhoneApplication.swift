import Fluent
import Foundation

enum PhoneApplicationStatus: String, Codable, Sendable, CaseIterable {
    case pending, approved, refused
}

/// PH-02: a guardian's written request, with consent, for the pupil to bring a phone; handed in on arrival, never in class.
final class PhoneApplication: Model, @unchecked Sendable {
    static let schema = "phone_applications"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "applicant_id") var applicantId: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: String
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "decision_note") var decisionNote: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// PH-03 and PH-04: where and how a school keeps pupils' phones and who answers for them, and how pupils reach home.
final class PhoneCustody: Model, @unchecked Sendable {
    static let schema = "phone_custody"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "place") var place: String
    @Field(key: "method") var method: String
    @Field(key: "keeper") var keeper: String
    @Field(key: "channels") var channels: String
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
