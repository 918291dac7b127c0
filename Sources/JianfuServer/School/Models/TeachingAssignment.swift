import Fluent
import Foundation

/// Who teaches which subject in which class: the key to what a teacher may file.
final class TeachingAssignment: Model, @unchecked Sendable {
    static let schema = "teaching_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "subject_id") var subjectId: UUID
    @Field(key: "teacher_id") var teacherId: UUID

    init() {}

    init(id: UUID? = nil, districtId: UUID, schoolId: UUID, classId: UUID, subjectId: UUID, teacherId: UUID) {
        self.id = id
        self.districtId = districtId
        self.schoolId = schoolId
        self.classId = classId
        self.subjectId = subjectId
        self.teacherId = teacherId
    }
}
