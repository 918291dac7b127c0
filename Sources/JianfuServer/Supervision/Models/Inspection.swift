import Fluent
import Foundation

/// A visit to a school (督导检查): when, what it looked at and how, and who went.
final class Inspection: Model, @unchecked Sendable {
    static let schema = "inspections"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    /// The district's local date of the visit.
    @Field(key: "visited_on") var visitedOn: String
    /// JSON lists: the areas looked at (作业, 考试, 课后服务 …) and the methods used (查看过程性材料, 访谈 …).
    @Field(key: "scope") var scope: String
    @Field(key: "methods") var methods: String
    @Field(key: "summary") var summary: String
    @Field(key: "inspector_id") var inspectorId: UUID
    /// A re-inspection names the finding it checks again.
    @OptionalField(key: "rechecks_finding_id") var rechecksFindingId: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var scopeList: [String] { JSONText.strings(scope) }
    var methodList: [String] { JSONText.strings(methods) }
}
