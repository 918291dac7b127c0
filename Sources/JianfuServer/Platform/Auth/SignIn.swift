import Fluent
import Vapor

/// Password sign-in shared by the page and the API, with throttling per account and per address.
enum SignIn {
    static let window: TimeInterval = 15 * 60
    static let maxFailuresPerAccount = 5
    static let maxFailuresPerAddress = 30

    /// A bcrypt hash of a random password, checked when the account is unknown so that
    /// an unknown name costs as much time as a wrong password.
    static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""

    static func authenticate(username rawName: String, password: String, request: Request) async throws -> User {
        let username = rawName.trimmingCharacters(in: .whitespaces)
        let subjects = [accountSubject(username), "addr:" + (request.remoteAddress?.ipAddress ?? "unknown")]
        guard try await recentFailures(subjects[0], on: request.db) < maxFailuresPerAccount,
              try await recentFailures(subjects[1], on: request.db) < maxFailuresPerAddress else {
            throw AppError.tooManyAttempts
        }
        let user = try await User.query(on: request.db).filter(\.$username == username).first()
        let hash = user?.passwordHash ?? decoyHash
        let matches = (try? await request.passwordHashing.verify(password, created: hash)) ?? false
        let address = request.clientAddress
        guard let user, user.isActive, user.passwordHash != nil, matches else {
            try await request.db.writeTransaction { tx in
                for subject in subjects {
                    try await SignInFailure(subject: subject, failedAt: WallClock.now()).create(on: tx)
                }
                // An unknown name belongs to no district: the throttling rows above are its only record.
                if let user {
                    try await AuditEvent(districtId: user.districtId, schoolId: user.schoolId, actorId: nil, action: "sign_in_failed", entity: "user",
                                         entityId: user.id, detail: ["username": username], address: address).create(on: tx)
                }
            }
            throw AppError.invalidCredentials
        }
        try await request.db.writeTransaction { tx in
            try await SignInFailure.query(on: tx).filter(\.$subject == subjects[0]).delete()
            try await AuditEvent(districtId: user.districtId, schoolId: user.schoolId, actorId: user.id, action: "sign_in", entity: "user",
                                 entityId: user.id, detail: [:], address: address).create(on: tx)
        }
        return user
    }

    /// The throttling key of an account: wrong passwords anywhere (sign-in, password change) count toward it.
    static func accountSubject(_ username: String) -> String { "user:" + username.lowercased() }

    /// Failures of a subject within the throttling window.
    static func recentFailures(_ subject: String, on db: any Database) async throws -> Int {
        try await SignInFailure.query(on: db).filter(\.$subject == subject).filter(\.$failedAt > WallClock.now().addingTimeInterval(-window)).count()
    }
}
