import Foundation
import Metrics
import Prometheus
import Vapor

/// The process's metrics in Prometheus's text format. Vapor reports every request (count and latency per route
/// and status) through swift-metrics; Jianfu adds database round trips per request, requests in flight, the
/// SQLite writers' wait for the write lock and how long each holds it, and the caches' hits and misses.
enum ServerMetrics {
    static let registry = PrometheusCollectorRegistry()

    /// swift-metrics takes one backend per process; the tests build many apps in one process.
    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Pages answer in a millisecond or two: the default buckets start at 5 ms.
        factory.defaultDurationHistogramBuckets = [0.5, 1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500, 5000, 10000].map { .microseconds(Int64($0 * 1000)) }
        factory.valueHistogramBuckets[roundTripsLabel] = [1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 30, 50]
        MetricsSystem.bootstrap(factory)
    }()

    static let roundTripsLabel = "jianfu_db_round_trips"

    static func bootstrap() { _ = bootstrapped }

    static func roundTrips(route: String) -> Recorder {
        Recorder(label: roundTripsLabel, dimensions: [("path", route)], aggregate: true)
    }

    static let inFlight = Gauge(label: "jianfu_requests_in_flight")
    static let writerWait = Metrics.Timer(label: "jianfu_sqlite_writer_wait_seconds", preferredDisplayUnit: .seconds)
    /// From `BEGIN IMMEDIATE` to the durable `COMMIT`: one writer's turn, which every other writer waits for.
    static let writeLockHeld = Metrics.Timer(label: "jianfu_sqlite_write_lock_held_seconds", preferredDisplayUnit: .seconds)

    static func cache(_ name: String, hit: Bool) {
        Counter(label: hit ? "jianfu_cache_hits_total" : "jianfu_cache_misses_total", dimensions: [("cache", name)]).increment()
    }
}

/// `GET /metrics`: for the machine's own scraper. It answers clients on loopback that did not come through a proxy
/// (a proxy on the same machine would make the whole world look local), and a scraper elsewhere that presents the
/// token the deployment set (`JIANFU_METRICS_TOKEN`); everyone else gets the same 404 as an unknown page.
struct MetricsEndpoint: Sendable {
    let token: String?

    func allows(_ request: Request) -> Bool {
        if let token, !token.isEmpty, let bearer = request.headers.bearerAuthorization {
            return Self.same(bearer.token, token)
        }
        let proxied = [HTTPHeaders.Name.xForwardedFor, .forwarded, "X-Real-IP"].contains { request.headers.first(name: $0) != nil }
        guard !proxied, let address = request.remoteAddress?.ipAddress else { return false }
        return address == "127.0.0.1" || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    @Sendable func respond(_ request: Request) async throws -> Response {
        guard allows(request) else { throw AppError.notFound }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        ServerMetrics.registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }

    /// Compares in time that does not depend on where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
