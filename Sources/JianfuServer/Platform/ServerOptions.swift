import Foundation
import Logging

/// What the `jianfu` command decides before the app is built; tests build the
/// same app with their own options.
public struct ServerOptions: Sendable {
    public enum Store: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        /// `schema` isolates a test's tables so that test runs can share one server.
        case postgres(url: String, schema: String? = nil)
    }

    public var store: Store
    public var policyDirectory: String?
    /// The `Resources` folder; nil finds it (`ResourceLocator`).
    public var resourcesDirectory: String?
    /// bcrypt cost for new passwords; tests lower it so that they stay fast.
    public var bcryptCost: Int
    public var autoMigrate: Bool
    /// Where the process's clock starts (tests pin the demo's day); nil reads the system time.
    public var clockStart: Date?
    /// How long the district dashboard's figures are reused (seconds); the tests use 0, always fresh.
    public var dashboardCacheSeconds: TimeInterval = 60
    /// A scraper elsewhere presents this to read `/metrics`; without it only loopback may (`JIANFU_METRICS_TOKEN`).
    public var metricsToken: String?
    /// Where uploaded files are kept; nil puts them beside the SQLite file (`<file>.attachments`), or for PostgreSQL in
    /// `JIANFU_ATTACHMENTS`, else `jianfu-attachments` in the working directory.
    public var attachmentsDirectory: String?
    /// The level of the one line logged per request; the tests keep it below their output.
    public var requestLogLevel: Logger.Level = .info
    /// Connections to PostgreSQL per event loop (two loops on two cores: sixteen for the instance). The tests take fewer:
    /// dozens of apps run at once against one server, whose connection slots they would otherwise exhaust.
    public var postgresConnectionsPerLoop = 8

    public init(store: Store, policyDirectory: String? = nil, bcryptCost: Int = 12, autoMigrate: Bool = true, clockStart: Date? = nil) {
        self.store = store
        self.policyDirectory = policyDirectory
        self.bcryptCost = bcryptCost
        self.autoMigrate = autoMigrate
        self.clockStart = clockStart
    }

    /// `DATABASE_URL` wins; otherwise the SQLite file given or `jianfu.sqlite` in the working directory.
    public static func fromEnvironment(dbPath: String?, resourcesDirectory: String? = nil) -> ServerOptions {
        var options = if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            ServerOptions(store: .postgres(url: url))
        } else {
            ServerOptions(store: .sqliteFile(dbPath ?? "jianfu.sqlite"))
        }
        options.resourcesDirectory = resourcesDirectory
        options.attachmentsDirectory = ProcessInfo.processInfo.environment["JIANFU_ATTACHMENTS"].flatMap { $0.isEmpty ? nil : $0 }
        options.metricsToken = ProcessInfo.processInfo.environment["JIANFU_METRICS_TOKEN"]
        if let seconds = ProcessInfo.processInfo.environment["JIANFU_DASHBOARD_CACHE_SECONDS"].flatMap(TimeInterval.init), seconds >= 0 {
            options.dashboardCacheSeconds = seconds
        }
        return options
    }
}

extension ServerOptions {
    /// The folder of uploaded files for this store.
    var resolvedAttachmentsDirectory: String {
        if let attachmentsDirectory { return attachmentsDirectory }
        switch store {
        case .sqliteFile(let path): return path + ".attachments"
        case .sqliteMemory: return NSTemporaryDirectory() + "jianfu-attachments-" + UUID().uuidString
        case .postgres(_, let schema?): return NSTemporaryDirectory() + "jianfu-attachments-" + schema
        case .postgres(_, nil): return "jianfu-attachments"
        }
    }
}
