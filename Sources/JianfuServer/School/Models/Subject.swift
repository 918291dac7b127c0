import Fluent
import Foundation

/// A subject of the district's catalogue, taught from one grade to another (subjects per grade as data).
final class Subject: Model, @unchecked Sendable {
    static let schema = "subjects"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "name") var name: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "first_grade") var firstGrade: Int
    @Field(key: "last_grade") var lastGrade: Int

    init() {}

    init(id: UUID? = nil, districtId: UUID, name: String, nameEn: String, firstGrade: Int, lastGrade: Int) {
        self.id = id
        self.districtId = districtId
        self.name = name
        self.nameEn = nameEn
        self.firstGrade = firstGrade
        self.lastGrade = lastGrade
    }
}
