import Fluent
import Foundation

final class RoleMembership: Model, @unchecked Sendable {
    static let schema = "role_memberships"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "user_id") var userId: UUID
    @Field(key: "role") var role: String
    @OptionalField(key: "school_id") var schoolId: UUID?
    @OptionalField(key: "grade_id") var gradeId: UUID?
    @OptionalField(key: "subject_id") var subjectId: UUID?
    @OptionalField(key: "class_id") var classId: UUID?

    init() {}

    init(id: UUID? = nil, districtId: UUID, userId: UUID, role: Role, schoolId: UUID? = nil, gradeId: UUID? = nil, subjectId: UUID? = nil, classId: UUID? = nil) {
        self.id = id
        self.districtId = districtId
        self.userId = userId
        self.role = role.rawValue
        self.schoolId = schoolId
        self.gradeId = gradeId
        self.subjectId = subjectId
        self.classId = classId
    }
}
