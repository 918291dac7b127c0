import Fluent
import Foundation
import JianfuCore
import Leaf
import Vapor

/// Builds the application from its options: the real server and the tests run the same code.
public enum App {
    public static func configure(_ app: Application, options: ServerOptions) async throws {
        if let start = options.clockStart { WallClock.pin(startingAt: start) }
        await DashboardCache.shared.setLifetime(options.dashboardCacheSeconds)
        let policyDirectory = options.policyDirectory ?? app.directory.resourcesDirectory + "Policy"
        app.policies = try PolicyStore.load(directory: policyDirectory)

        try app.useDatabase(options.store)
        app.registerMigrations()
        try await app.prepareSchema(options.store)
        if options.autoMigrate {
            try await app.autoMigrate()
        }
        try await app.enableWriteAheadLog(options.store)

        app.passwords.use(.bcrypt(cost: options.bcryptCost))
        app.sessions.use { app in QuietSessions(stored: app.fluent.sessions.driver()) }
        app.sessions.configuration.cookieName = "jianfu-session"
        app.sessions.configuration.cookieFactory = { id in
            HTTPCookies.Value(string: id.string, maxAge: 7 * 24 * 3600, path: "/", isSecure: false, isHTTPOnly: true, sameSite: .lax)
        }
        app.routes.defaultMaxBodySize = "20mb"

        app.views.use(.leaf)
        app.leaf.tags["t"] = TranslateTag()
        app.leaf.cache.isEnabled = app.environment.isRelease

        // Registered after the databases, so that at shutdown it runs before they close.
        let inFlight = RequestsInFlight()
        app.lifecycle.use(inFlight)
        app.middleware = Middlewares()
        app.middleware.use(inFlight)
        app.middleware.use(SecurityHeaders())
        app.middleware.use(ErrorPages())
        app.middleware.use(FileMiddleware(publicDirectory: app.directory.resourcesDirectory + "Public"))

        try routes(app)
    }

    static func routes(_ app: Application) throws {
        // For load balancers and the benchmarks' ceiling: no session, no database.
        app.get("health") { _ in "ok" }
        let pages = app.grouped(app.sessions.middleware, SessionActorMiddleware(), CSRFMiddleware())
        SignInPages.register(pages)
        let signedIn = pages.grouped(RequireActorMiddleware())
        HomePages.register(signedIn)
        OrganisationPages.register(signedIn)
        PeoplePages.register(signedIn)
        ImportPages.register(signedIn)
        PolicyPages.register(signedIn)
        SchoolSettingsPages.register(signedIn)
        TermPages.register(signedIn)
        HomeworkPages.register(signedIn)
        TestPages.register(signedIn)
        DashboardPages.register(signedIn)
        AuditPages.register(signedIn)
        AccountPages.register(signedIn)
        app.get(SiteURL.calendarFeed("").pattern.map(PathComponent.init(stringLiteral:)), use: HomeworkPages.calendarFeed)
        try APIServer.register(app)
    }
}
