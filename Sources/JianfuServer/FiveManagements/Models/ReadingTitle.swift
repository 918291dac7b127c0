import Fluent
import Foundation

/// One title of a school's recommended reading list: reviewed against the standards (RD-03) and clear of the negative
/// list (RD-04); never a price or a purchase link (RD-05). The bureau may strike it, with a reason; nothing is deleted.
final class ReadingTitle: Model, @unchecked Sendable {
    static let schema = "reading_titles"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "title") var title: String
    @Field(key: "author") var author: String
    @Field(key: "publisher") var publisher: String
    @Field(key: "from_grade") var fromGrade: Int
    @Field(key: "to_grade") var toGrade: Int
    @Field(key: "reviewer") var reviewer: String
    @Field(key: "reviewed_on") var reviewedOn: String
    /// JSON list of the standards the review confirmed, as the profile words them.
    @Field(key: "standards") var standards: String
    @Field(key: "note") var note: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "struck_reason") var struckReason: String?
    @OptionalField(key: "struck_by") var struckBy: UUID?
    @OptionalField(key: "struck_at") var struckAt: Date?

    init() {}

    var standardList: [String] { (try? JSONDecoder().decode([String].self, from: Data(standards.utf8))) ?? [] }
}
