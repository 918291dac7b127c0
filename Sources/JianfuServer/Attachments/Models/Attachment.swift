import Fluent
import Foundation

/// A file a school or the bureau uploaded (evidence of a rectification, a required report), kept as a file in the
/// attachments folder under its content's SHA-256; the row says whose it is and what it belongs to.
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    /// The school whose record it is part of: only that school's administrators and the district's roles read it.
    @Field(key: "school_id") var schoolId: UUID
    /// What it belongs to (`rectification_steps`, `report_submissions`) once attached; nil while only uploaded.
    @OptionalField(key: "owner_entity") var ownerEntity: String?
    @OptionalField(key: "owner_id") var ownerId: UUID?
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}
