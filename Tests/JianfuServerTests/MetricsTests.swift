import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

/// `/metrics` answers the machine it runs on (not through a proxy) and a scraper with the deployment's token.
@Suite struct MetricsTests {
    @Test func loopbackReadsTheMetricsAProxiedClientDoesNot() async throws {
        var options = TestApp.options()
        options.metricsToken = "scraper-secret"
        try await TestApp.withApp(options: options) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000...40_000)))
            _ = try await tester.sendRequest(.GET, "/sign-in")
            let metrics = try await tester.sendRequest(.GET, "/metrics")
            #expect(metrics.status == .ok)
            let text = metrics.body.string
            #expect(text.contains("http_requests_total"), "Vapor's per-route request counts")
            #expect(text.contains(#"path="/sign-in""#))
            #expect(text.contains("jianfu_db_round_trips"), "round trips per request")
            #expect(text.contains("jianfu_requests_in_flight"))

            let proxied = try await tester.sendRequest(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(proxied.status == .notFound, "nginx on the same machine forwards the world: not loopback")
            let wrongToken = try await tester.sendRequest(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer guess"])
            #expect(wrongToken.status == .notFound)
            let scraper = try await tester.sendRequest(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9", "Authorization": "Bearer scraper-secret"])
            #expect(scraper.status == .ok)
        }
    }
}
