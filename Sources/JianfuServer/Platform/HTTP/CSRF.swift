import Vapor

/// Every form carries a per-session token; a POST without the right one is refused.
enum CSRF {
    static let sessionKey = "csrf"
    static let field = "_csrf"

    /// Pages outside the session (a 404 for an unknown path) have no form to protect.
    static func token(for request: Request) -> String {
        guard request.hasSession else { return "" }
        if let token = request.session.data[sessionKey] { return token }
        let token = [UInt8].random(count: 24).base64URLEncoded
        request.session.data[sessionKey] = token
        return token
    }
}

struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .POST {
            if request.body.data == nil {
                _ = try await request.body.collect(max: 50 * 1024 * 1024).get()
            }
            let sent = (try? request.content.get(String.self, at: CSRF.field)) ?? request.headers.first(name: "X-CSRF-Token")
            guard let expected = request.session.data[CSRF.sessionKey], let sent, sent == expected else {
                throw AppError.csrf
            }
        }
        return try await next.respond(to: request)
    }
}
