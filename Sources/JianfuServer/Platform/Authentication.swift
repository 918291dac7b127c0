import Crypto
import Fluent
import Vapor

/// Pages: the session cookie names the person.
struct SessionActorMiddleware: AsyncMiddleware {
    static let userKey = "userId"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let raw = request.session.data[Self.userKey], let id = UUID(uuidString: raw),
           let actor = try await ActorLoader.load(userId: id, on: request.db) {
            request.auth.login(actor)
        }
        return try await next.respond(to: request)
    }
}

/// API: `Authorization: Bearer TOKEN`; only the token's hash is stored.
struct BearerActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            let hash = APITokens.hash(bearer.token)
            if let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).first(),
               token.expiresAt > WallClock.now(),
               let actor = try await ActorLoader.load(userId: token.userId, on: request.db) {
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
