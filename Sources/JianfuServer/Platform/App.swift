import Fluent
import Foundation
import JianfuCore
import Leaf
import Vapor

/// Builds the application from its options: the real server and the tests run the same code.
public enum App {
    public static func configure(_ app: Application, options: ServerOptions) async throws {
        if let start = options.clockStart { WallClock.pin(startingAt: start) }
        ServerMetrics.bootstrap()
        app.metricsEndpoint = MetricsEndpoint(token: options.metricsToken)
        app.dashboardCache = DashboardCache(lifetime: options.dashboardCacheSeconds)
        let resources = try ResourceLocator.locate(explicit: options.resourcesDirectory) + "/"
        app.directory.resourcesDirectory = resources
        app.directory.viewsDirectory = resources + "Views/"
        app.directory.publicDirectory = resources + "Public/"
        let policyDirectory = options.policyDirectory ?? resources + "Policy"
        app.policies = try PolicyStore.load(directory: policyDirectory)
        app.attachments = try AttachmentStore(directory: options.resolvedAttachmentsDirectory)

        let problems = Domains.problems()
        guard problems.isEmpty else { throw DomainsError(problems: problems) }

        try app.useDatabase(options.store, postgresConnectionsPerLoop: options.postgresConnectionsPerLoop)
        // Sessions survive a restart because they live in the database.
        app.migrations.add(SessionRecord.migration)
        for step in Domains.migrations { app.migrations.add(step.migration) }
        try await app.prepareSchema(options.store)
        if options.autoMigrate {
            try await app.autoMigrate()
        }
        try await app.enableWriteAheadLog(options.store)
        if options.autoMigrate { try await checkDistricts(app) }

        app.passwords.use(.bcrypt(cost: options.bcryptCost))
        PasswordHashingPool.install(on: app)
        app.sessions.use { app in QuietSessions(stored: app.fluent.sessions.driver()) }
        app.sessions.configuration.cookieName = "jianfu-session"
        app.sessions.configuration.cookieFactory = { id in
            HTTPCookies.Value(string: id.string, maxAge: 7 * 24 * 3600, path: "/", isSecure: false, isHTTPOnly: true, sameSite: .lax)
        }
        app.routes.defaultMaxBodySize = "20mb"

        app.views.use(.leaf)
        app.leaf.tags["t"] = TranslateTag()
        // Parsed templates are kept (reading and lexing them was a seventh of a page's time; Leaf also needs an environment
        // other than development, which `serve` sets); JIANFU_RELOAD_TEMPLATES=1 reads them afresh on every request.
        app.leaf.cache.isEnabled = ProcessInfo.processInfo.environment["JIANFU_RELOAD_TEMPLATES"] != "1"

        // Registered after the databases, so that at shutdown it runs before they close.
        let inFlight = RequestsInFlight()
        app.lifecycle.use(inFlight)
        app.middleware = Middlewares()
        app.requestLog = RequestLog(level: options.requestLogLevel)
        app.middleware.use(app.requestLog)
        app.middleware.use(inFlight)
        app.middleware.use(SecurityHeaders())
        app.middleware.use(ErrorPages())
        app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))

        try routes(app)
    }

    /// Every district's school system and policy profile must be known: the app does not start on a guess.
    static func checkDistricts(_ app: Application) async throws {
        for district in try await District.query(on: app.db).all() {
            _ = try district.system
            _ = try app.policies.profile(for: district)
            _ = try PolicyStore.history(of: district)
        }
    }

    static func routes(_ app: Application) throws {
        let visitor = app.grouped(app.sessions.middleware, SessionActorMiddleware(), CSRFMiddleware())
        Domains.registerRoutes(DomainRoutes(bare: app, visitor: visitor, signedIn: visitor.grouped(RequireActorMiddleware())))
        try APIServer.register(app)
    }
}

/// Two domains claim the same migration number or string key: the app does not start.
struct DomainsError: Error, CustomStringConvertible {
    let problems: [String]
    var description: String { problems.joined(separator: "; ") }
}

extension Application {
    private struct RequestLogKey: StorageKey { typealias Value = RequestLog }
    private struct MetricsEndpointKey: StorageKey { typealias Value = MetricsEndpoint }

    var requestLog: RequestLog {
        get { storage[RequestLogKey.self] ?? RequestLog(level: .info) }
        set { storage[RequestLogKey.self] = newValue }
    }

    var metricsEndpoint: MetricsEndpoint {
        get { storage[MetricsEndpointKey.self] ?? MetricsEndpoint(token: nil) }
        set { storage[MetricsEndpointKey.self] = newValue }
    }
}
