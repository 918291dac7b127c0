import Fluent
import Foundation

final class Grade: Model, @unchecked Sendable {
    static let schema = "grades"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "number") var number: Int

    init() {}

    init(id: UUID? = nil, districtId: UUID, schoolId: UUID, number: Int) {
        self.id = id
        self.districtId = districtId
        self.schoolId = schoolId
        self.number = number
    }
}
