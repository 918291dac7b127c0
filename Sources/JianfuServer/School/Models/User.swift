import Fluent
import Foundation

/// A person who signs in: staff or parent. No national ID numbers are kept.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @OptionalField(key: "school_id") var schoolId: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @OptionalField(key: "phone") var phone: String?
    /// Nil until a password is set: imported accounts wait for an administrator to issue one.
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "is_active") var isActive: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, districtId: UUID, schoolId: UUID?, username: String, displayName: String, phone: String?, passwordHash: String?) {
        self.id = id
        self.districtId = districtId
        self.schoolId = schoolId
        self.username = username
        self.displayName = displayName
        self.phone = phone
        self.passwordHash = passwordHash
        self.isActive = true
    }
}
