import Fluent
import Foundation

/// A report the bureau requires of some or all schools by a deadline (质量分析报告, 述职, 总结).
final class RequiredReport: Model, @unchecked Sendable {
    static let schema = "required_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: String
    @Field(key: "description") var description: String
    @Field(key: "due_on") var dueOn: String
    /// The schools asked, as a JSON list of ids; nil: every school of the district.
    @OptionalField(key: "school_ids") var schoolIds: String?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A school's submission of a required report, with its files; a later one does not replace an earlier one.
final class ReportSubmission: Model, @unchecked Sendable {
    static let schema = "report_submissions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "report_id") var reportId: UUID
    @Field(key: "note") var note: String
    @Field(key: "submitted_on") var submittedOn: String
    @Field(key: "submitted_by") var submittedBy: UUID
    @Field(key: "submitted_at") var submittedAt: Date

    init() {}
}
