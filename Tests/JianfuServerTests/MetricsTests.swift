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
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            // The registry is the process's: in the test run it holds every app's routes, more than VaporTesting's
            // client reads (1 MB). Vapor's own client reads the whole body.
            func get(_ path: String, _ headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
                let response = try await app.client.get(URI(string: "http://127.0.0.1:\(port)\(path)"), headers: HTTPHeaders(headers))
                return (Int(response.status.code), response.body.map { String(buffer: $0) } ?? "")
            }
            do {
                _ = try await get("/sign-in")
                let metrics = try await get("/metrics")
                #expect(metrics.status == 200)
                #expect(metrics.body.contains("http_requests_total"), "Vapor's per-route request counts")
                #expect(metrics.body.contains(#"path="/sign-in""#))
                #expect(metrics.body.contains("jianfu_db_round_trips"), "round trips per request")
                #expect(metrics.body.contains("jianfu_requests_in_flight"))

                let proxied = try await get("/metrics", [("X-Forwarded-For", "203.0.113.9")])
                #expect(proxied.status == 404, "nginx on the same machine forwards the world: not loopback")
                let wrongToken = try await get("/metrics", [("X-Forwarded-For", "203.0.113.9"), ("Authorization", "Bearer guess")])
                #expect(wrongToken.status == 404)
                let scraper = try await get("/metrics", [("X-Forwarded-For", "203.0.113.9"), ("Authorization", "Bearer scraper-secret")])
                #expect(scraper.status == 200)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }
}
