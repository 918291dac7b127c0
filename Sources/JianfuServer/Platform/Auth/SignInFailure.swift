import Fluent
import Foundation

/// A failed sign-in, kept to slow down guessing per account and per address.
final class SignInFailure: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"

    @ID(key: .id) var id: UUID?
    /// `user:<name>` or `addr:<ip>`.
    @Field(key: "subject") var subject: String
    @Field(key: "failed_at") var failedAt: Date

    init() {}

    init(id: UUID? = nil, subject: String, failedAt: Date) {
        self.id = id
        self.subject = subject
        self.failedAt = failedAt
    }
}
