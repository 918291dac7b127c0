import Fluent
import Foundation

/// A parent (user) of a pupil. A pupil may have two; a parent may have children in several schools.
final class Guardianship: Model, @unchecked Sendable {
    static let schema = "guardianships"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "guardian_id") var guardianId: UUID

    init() {}

    init(id: UUID? = nil, districtId: UUID, schoolId: UUID, studentId: UUID, guardianId: UUID) {
        self.id = id
        self.districtId = districtId
        self.schoolId = schoolId
        self.studentId = studentId
        self.guardianId = guardianId
    }
}
