import Fluent
import Foundation

/// A problem an inspection found, with its category, severity and the evidence seen.
final class Finding: Model, @unchecked Sendable {
    static let schema = "findings"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "inspection_id") var inspectionId: UUID
    @Field(key: "category") var category: String
    @Field(key: "severity") var severity: String
    @Field(key: "description") var description: String
    @Field(key: "evidence") var evidence: String

    init() {}
}
