import Crypto
import Fluent
import Vapor

/// Pages: the session cookie names the person.
struct SessionActorMiddleware: AsyncMiddleware {
    static let userKey = "userId"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let raw = request.session.data[Self.userKey], let id = UUID(uuidString: raw) {
            if SessionLifetime.hasExpired(request.session, now: WallClock.now()) {
                request.session.destroy()
            } else if var actor = try await ActorLoader.load(userId: id, on: request.db) {
                SessionLifetime.touch(request.session, now: WallClock.now())
                actor.address = request.clientAddress
                request.auth.login(actor)
            }
        }
        return try await next.respond(to: request)
    }
}

/// A page session ends after a working day without use, and a week after sign-in whatever happens.
enum SessionLifetime {
    static let idle: TimeInterval = 8 * 3600
    static let absolute: TimeInterval = 7 * 24 * 3600
    static let signedInKey = "signedInAt"
    static let seenKey = "seenAt"
    /// Writing the session on every request would cost a database write; a few minutes' slack is enough.
    static let touchInterval: TimeInterval = 5 * 60

    static func start(_ session: Session, now: Date) {
        session.data[signedInKey] = String(Int(now.timeIntervalSince1970))
        session.data[seenKey] = String(Int(now.timeIntervalSince1970))
    }

    static func hasExpired(_ session: Session, now: Date) -> Bool {
        guard let signedIn = session.data[signedInKey].flatMap(TimeInterval.init),
              let seen = session.data[seenKey].flatMap(TimeInterval.init) else { return true }
        let t = now.timeIntervalSince1970
        return t - signedIn > absolute || t - seen > idle
    }

    static func touch(_ session: Session, now: Date) {
        guard let seen = session.data[seenKey].flatMap(TimeInterval.init), now.timeIntervalSince1970 - seen > touchInterval else { return }
        session.data[seenKey] = String(Int(now.timeIntervalSince1970))
    }
}

/// API: `Authorization: Bearer TOKEN`; only the token's hash is stored.
struct BearerActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            let hash = APITokens.hash(bearer.token)
            if let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).first(),
               token.expiresAt > WallClock.now(),
               var actor = try await ActorLoader.load(userId: token.userId, on: request.db) {
                actor.address = request.clientAddress
                request.auth.login(actor)
            }
        }
        return try await next.respond(to: request)
    }
}

/// Pages that need a signed-in person send everyone else to the sign-in page.
struct RequireActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.actor != nil else { throw AppError.unauthenticated }
        return try await next.respond(to: request)
    }
}

enum APITokens {
    static let lifetime: TimeInterval = 30 * 24 * 3600

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func issue(for userId: UUID, districtId: UUID, on db: any Database) async throws -> (token: String, expiresAt: Date) {
        let token = [UInt8].random(count: 32).base64URLEncoded
        let expiresAt = WallClock.now().addingTimeInterval(lifetime)
        try await APIToken(districtId: districtId, userId: userId, tokenHash: hash(token), expiresAt: expiresAt).create(on: db)
        return (token, expiresAt)
    }
}

extension Array where Element == UInt8 {
    var base64URLEncoded: String {
        Data(self).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
