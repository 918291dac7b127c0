import Fluent
import Foundation

/// A bearer token for the API; only its SHA-256 is stored.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "user_id") var userId: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, districtId: UUID, userId: UUID, tokenHash: String, expiresAt: Date) {
        self.id = id
        self.districtId = districtId
        self.userId = userId
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}
