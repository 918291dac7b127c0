import Fluent
import Foundation

/// 班级. Named `SchoolClass` because `Class` reads badly in Swift.
final class SchoolClass: Model, @unchecked Sendable {
    static let schema = "school_classes"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "grade_id") var gradeId: UUID
    @Field(key: "grade_number") var gradeNumber: Int
    @Field(key: "number") var number: Int
    @OptionalField(key: "head_teacher_id") var headTeacherId: UUID?
    /// Bumped by every change to the class's homework, tests and reports (`WriteLock`).
    @Field(key: "version") var version: Int64

    init() {}

    /// Where the class sits, for access checks.
    var scope: ClassScope {
        ClassScope(classId: id!, districtId: districtId, schoolId: schoolId, gradeId: gradeId)
    }

    init(id: UUID? = nil, districtId: UUID, schoolId: UUID, gradeId: UUID, gradeNumber: Int, number: Int) {
        self.id = id
        self.districtId = districtId
        self.schoolId = schoolId
        self.gradeId = gradeId
        self.gradeNumber = gradeNumber
        self.number = number
        self.version = 0
    }
}
