import Fluent
import Foundation

/// The history of an entry: who filed, reviewed, edited, returned, published or withdrew it, when and why.
final class HomeworkEvent: Model, @unchecked Sendable {
    static let schema = "homework_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "entry_id") var entryId: UUID
    @OptionalField(key: "actor_id") var actorId: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "from_status") var fromStatus: String?
    @Field(key: "to_status") var toStatus: String
    @OptionalField(key: "step") var step: String?
    @OptionalField(key: "reason") var reason: String?
    /// What changed, as JSON (minutes and content before and after an edit).
    @Field(key: "detail") var detail: String
    @Field(key: "at") var at: Date

    init() {}

    init(entry: HomeworkEntry, actorId: UUID?, action: String, fromStatus: String?, step: String?, reason: String?, detail: [String: String] = [:]) {
        self.districtId = entry.districtId
        self.schoolId = entry.schoolId
        self.entryId = entry.id!
        self.actorId = actorId
        self.action = action
        self.fromStatus = fromStatus
        self.toStatus = entry.status
        self.step = step
        self.reason = reason
        let data = (try? JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys])) ?? Data("{}".utf8)
        self.detail = String(decoding: data, as: UTF8.self)
        self.at = WallClock.now()
    }
}

extension HomeworkEvent {
    /// Adds a step to the entry's history and the same step to the district's audit trail, in the caller's transaction.
    static func record(entry: HomeworkEntry, actor: Actor, action: String, fromStatus: String?, step: String?, reason: String?,
                       detail: [String: String] = [:], on db: any Database) async throws {
        try await HomeworkEvent(entry: entry, actorId: actor.userId, action: action, fromStatus: fromStatus, step: step, reason: reason, detail: detail)
            .create(on: db)
        var audited = detail
        audited["status"] = entry.status
        if let fromStatus { audited["fromStatus"] = fromStatus }
        if let step { audited["step"] = step }
        if let reason { audited["reason"] = reason }
        try await db.audit(actor, districtId: entry.districtId, schoolId: entry.schoolId, action: "homework." + action, entity: "homework_entry",
                           entityId: entry.id, detail: audited)
    }
}
