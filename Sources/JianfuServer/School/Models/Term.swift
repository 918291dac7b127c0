import Fluent
import Foundation

/// 学期, with dates as the district's local `YYYY-MM-DD`.
final class Term: Model, @unchecked Sendable {
    static let schema = "terms"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "name") var name: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String

    init() {}

    init(id: UUID? = nil, districtId: UUID, name: String, startsOn: String, endsOn: String) {
        self.id = id
        self.districtId = districtId
        self.name = name
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}
