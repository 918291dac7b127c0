import Fluent
import Foundation
import JianfuCore

/// One 平行编班 run: the incoming pupils as given, the seed, and the classes it made. A draft until the school confirms
/// it; then locked, and changed only by recorded transfers.
final class PlacementRun: Model, @unchecked Sendable {
    static let schema = "placement_runs"

    enum Status: String, Codable, Sendable {
        case draft, confirmed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "grade") var grade: Int
    @Field(key: "class_count") var classCount: Int
    /// Decimal text: a seed is a 64-bit number, more than every database's integer holds unsigned.
    @Field(key: "seed") var seed: String
    @Field(key: "tolerance") var tolerance: Double
    /// JSON list of `PlacedPupil`.
    @Field(key: "pupils") var pupils: String
    /// JSON list of classes, each a list of refs.
    @Field(key: "classes") var classes: String
    /// JSON list of what could not be met, as texts' keys and arguments.
    @Field(key: "unmet") var unmet: String
    @Field(key: "status") var status: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "confirmed_by") var confirmedBy: UUID?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?

    init() {}

    var pupilList: [PlacedPupil] { JSONText.decode([PlacedPupil].self, pupils) ?? [] }
    var classLists: [[String]] { JSONText.decode([[String]].self, classes) ?? [] }
    var unmetList: [StoredUnmet] { JSONText.decode([StoredUnmet].self, unmet) ?? [] }
    var confirmed: Bool { status == Status.confirmed.rawValue }
}

/// A pupil as the run was given them: the school's reference, a name only for the school's own record (the public
/// record masks it), and what the placement balances.
struct PlacedPupil: Codable, Sendable, Equatable {
    let ref: String
    let name: String?
    let pupil: PlacementPupil
}

/// One requirement a run could not meet, kept as the message's key and arguments.
struct StoredUnmet: Codable, Sendable, Equatable {
    let key: String
    let args: [String]
}

/// A pupil moved to another class after the run was confirmed, with why.
final class PlacementTransfer: Model, @unchecked Sendable {
    static let schema = "placement_transfers"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "run_id") var runId: UUID
    @Field(key: "ref") var ref: String
    @Field(key: "from_class") var fromClass: Int
    @Field(key: "to_class") var toClass: Int
    @Field(key: "reason") var reason: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
