import Foundation
import Vapor

/// The district table's figures for a date range, kept for a short while: a bureau opening the dashboard
/// for the term reads a district's whole term of school-day sums, and the next person within the minute
/// should not pay for that again. Figures are at most `lifetime` seconds old (0 in the tests: always fresh).
actor DashboardCache {
    static let shared = DashboardCache(lifetime: 60)
    static let maxEntries = 512

    /// Seconds a result is reused; set from the server's options at boot.
    var lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    func setLifetime(_ seconds: TimeInterval) {
        lifetime = seconds
        entries = [:]
    }

    struct Key: Hashable, Sendable {
        let districtId: UUID
        let schoolId: UUID?
        let from: String
        let through: String
    }

    struct SchoolName: Sendable {
        let id: UUID
        let name: String
        let code: String
    }

    struct Figures: Sendable {
        let schools: [SchoolName]
        let sums: [DashboardQueries.SchoolBandSums]
        let counts: [DashboardQueries.ClassCount]
        let warned: [UUID: Int]
        let refused: [UUID: Int]
        /// When the sums were read: the page says how fresh its figures are.
        var readAt = WallClock.now()
    }

    private var entries: [Key: Figures] = [:]
    /// Misses being computed: a second reader of the same range waits for the first one's sums instead of
    /// reading them again (sixteen bureau readers at nine o'clock would otherwise all read the term at once).
    private var computing: [Key: Task<Figures, any Error>] = [:]

    func figures(for key: Key, compute: @escaping @Sendable () async throws -> Figures) async throws -> Figures {
        guard lifetime > 0 else { return try await compute() }
        if let kept = entries[key], isFresh(kept) {
            ServerMetrics.cache("dashboard", hit: true)
            return kept
        }
        if let running = computing[key] {
            ServerMetrics.cache("dashboard", hit: true)
            return try await running.value
        }
        ServerMetrics.cache("dashboard", hit: false)
        let task = Task { try await compute() }
        computing[key] = task
        defer { computing[key] = nil }
        let figures = try await task.value
        if entries.count >= Self.maxEntries { entries = entries.filter { isFresh($0.value) } }
        if entries.count < Self.maxEntries { entries[key] = figures }
        return figures
    }

    private func isFresh(_ figures: Figures) -> Bool {
        WallClock.now().timeIntervalSince(figures.readAt) < lifetime
    }

    /// Other domains' blocks on the dashboards (the after-school plans, say): the same for every reader of the
    /// district or school in one language, kept like the figures.
    struct PanelKey: Hashable, Sendable {
        let districtId: UUID
        let schoolId: UUID?
        let language: Language
    }

    private var panels: [PanelKey: (panels: [DashboardPanel], madeAt: Date)] = [:]

    func panels(for key: PanelKey, compute: @Sendable () async throws -> [DashboardPanel]) async throws -> [DashboardPanel] {
        guard lifetime > 0 else { return try await compute() }
        if let kept = panels[key], WallClock.now().timeIntervalSince(kept.madeAt) < lifetime {
            ServerMetrics.cache("dashboard_panels", hit: true)
            return kept.panels
        }
        ServerMetrics.cache("dashboard_panels", hit: false)
        let made = try await compute()
        if panels.count >= Self.maxEntries { panels = panels.filter { WallClock.now().timeIntervalSince($0.value.madeAt) < lifetime } }
        if panels.count < Self.maxEntries { panels[key] = (made, WallClock.now()) }
        return made
    }

    /// Whole answers of the API, as sent: the district's 1,000 schools are 400 KB of JSON, and encoding them again for
    /// every reader within the minute would cost more than reading the figures did.
    private var answers: [String: (body: ByteBuffer, madeAt: Date)] = [:]

    func answer(_ key: String) -> ByteBuffer? {
        guard lifetime > 0, let kept = answers[key], WallClock.now().timeIntervalSince(kept.madeAt) < lifetime else { return nil }
        return kept.body
    }

    func keepAnswer(_ body: ByteBuffer, for key: String) {
        guard lifetime > 0 else { return }
        if answers.count >= Self.maxEntries { answers = answers.filter { WallClock.now().timeIntervalSince($0.value.madeAt) < lifetime } }
        if answers.count < Self.maxEntries { answers[key] = (body, WallClock.now()) }
    }
}

/// `GET /api/v1/dashboard/schools`: readers of the same district, scope, range and language within the cache's
/// lifetime get the same bytes. The key holds everything the answer depends on, so no one sees another scope's schools.
struct DashboardResponseCache: AsyncMiddleware {
    static let path = "/api/v1/dashboard/schools"

    /// The district, the schools the reader may see, the range asked for and the language; nil for one who sees none.
    static func key(_ actor: Actor, query: String?, language: Language) -> String? {
        guard (try? DashboardService.requireDashboard(actor)) != nil else { return nil }
        let scope = DashboardService.schoolScope(actor).map { $0.map(\.uuidString).sorted().joined(separator: ",") } ?? "district"
        return "\(actor.districtId)|\(scope)|\(query ?? "")|\(language.rawValue)"
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET, request.url.path == Self.path, let actor = request.actor,
              let key = Self.key(actor, query: request.url.query, language: request.language) else {
            return try await next.respond(to: request)
        }
        if let body = await DashboardCache.shared.answer(key) {
            ServerMetrics.cache("dashboard_answer", hit: true)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
            return Response(status: .ok, headers: headers, body: .init(buffer: body))
        }
        ServerMetrics.cache("dashboard_answer", hit: false)
        let response = try await next.respond(to: request)
        guard response.status == .ok else { return response }
        let body = try await response.body.collect(on: request.eventLoop).get() ?? ByteBuffer()
        response.body = .init(buffer: body)
        await DashboardCache.shared.keepAnswer(body, for: key)
        return response
    }
}
