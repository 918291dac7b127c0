import Vapor

/// What every deployment needs beside the product: the health check and the API with its description.
enum PlatformDomain: Domain {
    static let strings: StringTable = [:]

    static func routes(_ routes: DomainRoutes) {
        // For load balancers and the benchmarks' ceiling: no session, no database.
        routes.bare.get("health") { _ in "ok" }
        routes.bare.get("api", "v1", "openapi.yaml", use: OpenAPIDocument.yaml)
        routes.bare.get("api", "v1", "openapi.json", use: OpenAPIDocument.json)
        routes.bare.get("metrics") { req in try await req.application.metricsEndpoint.respond(req) }
    }

    static let access: [RouteAccess] = [
        RouteAccess("GET /health", .everyone),
        RouteAccess("GET /api/v1/openapi.json", .everyone),
        RouteAccess("GET /api/v1/openapi.yaml", .everyone),
        // Loopback and a named scraper only (MetricsTests): no person, signed in or not, reads it through the site.
        RouteAccess("GET /metrics", []),
    ]
}
