import Foundation
import Vapor

/// The district table's figures for a date range, kept for a short while: a bureau opening the dashboard
/// for the term reads a district's whole term of school-day sums, and the next person within the minute
/// should not pay for that again. Figures are at most `lifetime` seconds old (0 in the tests: always fresh).
/// Each app has its own (`Application.dashboardCache`).
actor DashboardCache {
    static let maxEntries = 512

    /// Seconds a result is reused.
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
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

    /// Other domains' blocks (the after-school plans, say): made for the whole district in one language, each
    /// school's page taking its own from them.
    struct PanelKey: Hashable, Sendable {
        let districtId: UUID
        let language: Language
    }

    /// What is kept of one kind, with the misses being computed: a second reader of the same key waits for the first
    /// one's result instead of computing it again (sixteen bureau readers at nine o'clock would otherwise all read the
    /// term at once). Only the cache touches it, inside its isolation.
    final class Shelf<Key: Hashable & Sendable, Value: Sendable> {
        let metric: String
        var kept: [Key: (value: Value, madeAt: Date)] = [:]
        var computing: [Key: Task<Value, any Error>] = [:]

        init(metric: String) { self.metric = metric }
    }

    private let figureShelf = Shelf<Key, Figures>(metric: "dashboard")
    private let panelShelf = Shelf<PanelKey, [DashboardPanels]>(metric: "dashboard_panels")
    /// Whole answers of the API, as sent: the district's 1,000 schools are 400 KB of JSON, and encoding them again for
    /// every reader within the minute would cost more than reading the figures did.
    private let answerShelf = Shelf<String, ByteBuffer>(metric: "dashboard_answer")

    func figures(for key: Key, compute: @escaping @Sendable () async throws -> Figures) async throws -> Figures {
        try await value(figureShelf, key, compute: compute)
    }

    func panels(for key: PanelKey, compute: @escaping @Sendable () async throws -> [DashboardPanels]) async throws -> [DashboardPanels] {
        try await value(panelShelf, key, compute: compute)
    }

    func answer(_ key: String) -> ByteBuffer? {
        guard lifetime > 0 else { return nil }
        let found = answerShelf.kept[key].flatMap { isFresh($0.madeAt) ? $0.value : nil }
        ServerMetrics.cache(answerShelf.metric, hit: found != nil)
        return found
    }

    func keepAnswer(_ body: ByteBuffer, for key: String) {
        guard lifetime > 0 else { return }
        put(answerShelf, key, body)
    }

    private func value<K, V>(_ shelf: Shelf<K, V>, _ key: K, compute: @escaping @Sendable () async throws -> V) async throws -> V {
        guard lifetime > 0 else { return try await compute() }
        if let found = shelf.kept[key], isFresh(found.madeAt) {
            ServerMetrics.cache(shelf.metric, hit: true)
            return found.value
        }
        if let running = shelf.computing[key] {
            ServerMetrics.cache(shelf.metric, hit: true)
            return try await running.value
        }
        ServerMetrics.cache(shelf.metric, hit: false)
        let task = Task { try await compute() }
        shelf.computing[key] = task
        defer { shelf.computing[key] = nil }
        let value = try await task.value
        put(shelf, key, value)
        return value
    }

    private func put<K, V>(_ shelf: Shelf<K, V>, _ key: K, _ value: V) {
        if shelf.kept.count >= Self.maxEntries { shelf.kept = shelf.kept.filter { isFresh($0.value.madeAt) } }
        if shelf.kept.count < Self.maxEntries { shelf.kept[key] = (value, WallClock.now()) }
    }

    private func isFresh(_ madeAt: Date) -> Bool {
        WallClock.now().timeIntervalSince(madeAt) < lifetime
    }
}

extension Application {
    private struct DashboardCacheKey: StorageKey { typealias Value = DashboardCache }

    /// Set at boot from the server's options; apps in one process (the tests) never share figures.
    var dashboardCache: DashboardCache {
        get { storage[DashboardCacheKey.self]! }
        set { storage[DashboardCacheKey.self] = newValue }
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
        if let body = await request.application.dashboardCache.answer(key) {
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
            return Response(status: .ok, headers: headers, body: .init(buffer: body))
        }
        let response = try await next.respond(to: request)
        guard response.status == .ok else { return response }
        let body = try await response.body.collect(on: request.eventLoop).get() ?? ByteBuffer()
        response.body = .init(buffer: body)
        await request.application.dashboardCache.keepAnswer(body, for: key)
        return response
    }
}
