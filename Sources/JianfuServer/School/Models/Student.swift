import Fluent
import Foundation

final class Student: Model, @unchecked Sendable {
    static let schema = "students"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    /// 学号, unique within the school.
    @Field(key: "student_number") var studentNumber: String
    @Field(key: "name") var name: String
    @OptionalField(key: "gender") var gender: String?
    /// Set when the pupil's personal data was erased on request; the row stays for the statistics.
    @OptionalField(key: "erased_at") var erasedAt: Date?

    init() {}

    init(id: UUID? = nil, districtId: UUID, schoolId: UUID, classId: UUID, studentNumber: String, name: String, gender: String?) {
        self.id = id
        self.districtId = districtId
        self.schoolId = schoolId
        self.classId = classId
        self.studentNumber = studentNumber
        self.name = name
        self.gender = gender
    }
}
