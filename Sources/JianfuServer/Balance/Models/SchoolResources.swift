import Fluent
import Foundation
import JianfuCore

/// One school's (or one part of a nine-year school's) resource figures for a year.
final class SchoolResources: Model, @unchecked Sendable {
    static let schema = "school_resources"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "year") var year: Int
    /// `primary` or `junior`.
    @Field(key: "part") var part: String
    /// JSON object of `ResourceFigures.keys` to numbers.
    @Field(key: "figures") var figures: String
    @OptionalField(key: "entered_by") var enteredBy: UUID?
    @Field(key: "entered_at") var enteredAt: Date

    init() {}

    var resourceFigures: ResourceFigures { ResourceFigures(JSONText.decode([String: Double].self, figures) ?? [:]) }
    var stage: Stage { Stage(rawValue: part) ?? .primary }
}
