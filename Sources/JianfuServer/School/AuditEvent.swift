import Fluent
import Foundation

/// Who did what to which record, and when: kept for every change to people,
/// rosters, homework, tests, reviews and scores.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @OptionalField(key: "school_id") var schoolId: UUID?
    @OptionalField(key: "actor_id") var actorId: UUID?
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @OptionalField(key: "entity_id") var entityId: UUID?
    /// What changed, as JSON.
    @Field(key: "detail") var detail: String
    @Field(key: "at") var at: Date
    /// Where the request came from.
    @OptionalField(key: "address") var address: String?

    init() {}

    init(districtId: UUID, schoolId: UUID?, actorId: UUID?, action: String, entity: String, entityId: UUID?, detail: [String: String], address: String? = nil) {
        self.districtId = districtId
        self.schoolId = schoolId
        self.actorId = actorId
        self.action = action
        self.entity = entity
        self.entityId = entityId
        let data = (try? JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys])) ?? Data("{}".utf8)
        self.detail = String(decoding: data, as: UTF8.self)
        self.at = WallClock.now()
        self.address = address
    }
}

extension Database {
    func audit(_ actor: Actor?, districtId: UUID, schoolId: UUID?, action: String, entity: String, entityId: UUID?, detail: [String: String] = [:]) async throws {
        try await AuditEvent(districtId: districtId, schoolId: schoolId, actorId: actor?.userId, action: action, entity: entity, entityId: entityId, detail: detail, address: actor?.address).create(on: self)
    }
}
