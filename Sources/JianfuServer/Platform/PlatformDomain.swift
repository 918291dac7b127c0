import Vapor

/// What every deployment needs beside the product: the health check and the API with its description.
enum PlatformDomain: Domain {
    static let strings: StringTable = [:]

    static func routes(_ routes: DomainRoutes) {
        // For load balancers and the benchmarks' ceiling: no session, no database.
        routes.bare.get("health") { _ in "ok" }
        routes.bare.get("api", "v1", "openapi.yaml", use: OpenAPIDocument.yaml)
        routes.bare.get("api", "v1", "openapi.json", use: OpenAPIDocument.json)
    }

    static let access: [RouteAccess] = [
        RouteAccess("GET /health", .everyone),
        RouteAccess("GET /api/v1/openapi.json", .everyone),
        RouteAccess("GET /api/v1/openapi.yaml", .everyone),
    ]
}
