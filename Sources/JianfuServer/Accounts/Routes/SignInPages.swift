import Vapor

enum SignInPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(AccountsPaths.signIn, use: form)
        routes.post(AccountsPaths.signIn, use: signIn)
        routes.post(AccountsPaths.signOut, use: signOut)
        routes.get(AccountsPaths.language, use: switchLanguage)
    }

    struct Page: Encodable {
        let layout: Layout
        let username: String
        let next: String
        let error: String?
    }

    struct Form: Content {
        let username: String?
        let password: String?
        let next: String?
    }

    @Sendable static func form(_ req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: OrganisationPaths.home.path) }
        let next = safeLocalPath(try? req.query.get(String.self, at: "next"))
        return try await render(req, username: "", next: next, error: nil, status: .ok)
    }

    @Sendable static func signIn(_ req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let username = form.username ?? ""
        let next = safeLocalPath(form.next)
        do {
            let user = try await SignIn.authenticate(username: username, password: form.password ?? "", request: req)
            try await startSession(req, userId: user.id!)
            return req.redirect(to: next)
        } catch let error as AppError {
            return try await render(req, username: username, next: next, error: error.message(req.language), status: error.status)
        }
    }

    /// A fresh session id for the person, so that a planted or stolen cookie cannot ride along (sign-in, password change).
    static func startSession(_ req: Request, userId: UUID) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
        req.session.id = nil
        req.session.data = SessionData()
        req.session.data[SessionActorMiddleware.userKey] = userId.uuidString
        SessionLifetime.start(req.session, now: WallClock.now())
    }

    @Sendable static func signOut(_ req: Request) async throws -> Response {
        req.auth.logout(Actor.self)
        req.session.destroy()
        return req.redirect(to: AccountsPaths.signIn.path)
    }

    @Sendable static func switchLanguage(_ req: Request) async throws -> Response {
        let to = Language(rawValue: (try? req.query.get(String.self, at: "to")) ?? "") ?? .zh
        let back = safeLocalPath(try? req.query.get(String.self, at: "back"))
        let response = req.redirect(to: back)
        response.cookies[Language.cookieName] = HTTPCookies.Value(string: to.rawValue, maxAge: 365 * 24 * 3600, path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }

    static func render(_ req: Request, username: String, next: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let page = Page(layout: Layout(req, title: req.t("signIn.title")), username: username, next: next, error: error)
        let response = try await req.view.render("accounts/sign-in", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    /// Only paths on this site: never `//host` or a full URL, so a link cannot send people elsewhere.
    static func safeLocalPath(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return OrganisationPaths.home.path }
        return path
    }
}
