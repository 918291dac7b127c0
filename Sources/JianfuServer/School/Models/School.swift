import Fluent
import Foundation

final class School: Model, @unchecked Sendable {
    static let schema = "schools"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "name") var name: String
    @Field(key: "code") var code: String
    /// `primary`, `junior` or `nine_year` (SchoolStage).
    @Field(key: "stage") var stage: String
    @Field(key: "review_subject_leader") var reviewSubjectLeader: Bool
    @Field(key: "review_head_teacher") var reviewHeadTeacher: Bool
    @Field(key: "review_academic_office") var reviewAcademicOffice: Bool
    @Field(key: "allow_cap_override") var allowCapOverride: Bool
    /// Local time (HH:mm) at which approved homework is shown to parents.
    @Field(key: "publish_time") var publishTime: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, districtId: UUID, name: String, code: String, stage: String) {
        self.id = id
        self.districtId = districtId
        self.name = name
        self.code = code
        self.stage = stage
        self.reviewSubjectLeader = false
        self.reviewHeadTeacher = false
        self.reviewAcademicOffice = false
        self.allowCapOverride = false
        self.publishTime = "16:00"
    }
}
