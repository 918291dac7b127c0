import Fluent
import Foundation
import JianfuCore

/// An assessment table a district has loaded, kept as the text it was loaded from.
final class AssessmentTableRecord: Model, @unchecked Sendable {
    static let schema = "assessment_tables"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    /// The table's own id ("baishan-2023").
    @Field(key: "table_key") var tableKey: String
    @Field(key: "title") var title: String
    /// The YAML as published and loaded.
    @Field(key: "definition") var definition: String
    @Field(key: "loaded_by") var loadedBy: UUID
    @Field(key: "loaded_at") var loadedAt: Date

    init() {}

    /// It parsed when it was loaded, and it is never changed.
    var table: AssessmentTable { try! AssessmentTable.parse(yaml: definition) }
}
