/// Signing in and out, the reader's language, changing one's own password, and API tokens.
enum AccountsDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        SignInPages.register(routes.visitor)
        AccountPages.register(routes.signedIn)
    }

    static let access: [RouteAccess] = [
        RouteAccess("GET /sign-in", .everyone),
        RouteAccess("GET /language", .everyone),
        RouteAccess("POST /sign-in", .everyone, form: ["username": "{username}", "password": DemoDistrict.password], endsSession: true),
        RouteAccess("POST /sign-out", .everyone, endsSession: true),
        RouteAccess("POST /api/v1/tokens", .everyone, json: #"{"username":"{username}","password":"demo1234"}"#),
        RouteAccess("GET /api/v1/me", .signedIn),
        RouteAccess("GET /account/password", .signedIn),
        RouteAccess("POST /account/password", .signedIn, form: ["current": "wrong", "password": "x", "confirm": "y"]),
    ]
}
