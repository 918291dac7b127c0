import Fluent
import Foundation
import OpenAPIRuntime
import OpenAPIVapor
import Vapor

/// The `/api/v1` handlers generated from `openapi.yaml`. Each domain adds its operations
/// in an extension (`APIServer+Organisation.swift`, …); all of them call the same services as the pages.
struct APIServer: APIProtocol {
    let app: Application

    static func register(_ app: Application) throws {
        let api = app.grouped([BearerActorMiddleware(), RequireSignedInAPI(), RequestContext.Middleware()] + Domains.apiMiddleware)
        let transport = VaporTransport(routesBuilder: api)
        // Compact, unsorted JSON: pretty-printing with sorted keys was two thirds of the district dashboard's time.
        try APIServer(app: app).registerHandlers(on: transport, serverURL: Servers.Server1.url(), configuration: Configuration(jsonEncodingOptions: []))
    }

    var request: Request {
        get throws {
            guard let request = RequestContext.current else { throw Abort(.internalServerError, reason: "no request context") }
            return request
        }
    }

    func actor() throws -> (Actor, Request) {
        let request = try request
        return (try request.requireActor(), request)
    }
}

/// Every API call but signing in and the public feeds (`/api/v1/public/…`) needs a token, and says so (401) before its
/// body is read: someone without a token learns nothing, not even which input is wrong.
struct RequireSignedInAPI: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.actor != nil || (request.method == .POST && request.url.path == "/api/v1/tokens")
            || (request.method == .GET && request.url.path.hasPrefix("/api/v1/public/")) else {
            throw AppError.unauthenticated
        }
        return try await next.respond(to: request)
    }
}

/// The Vapor request of the API call being handled, for access checks and the database.
enum RequestContext {
    @TaskLocal static var current: Request?

    struct Middleware: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            try await RequestContext.$current.withValue(request) {
                try await next.respond(to: request)
            }
        }
    }
}

/// The same `openapi.yaml` the handlers are generated from, served as YAML and as JSON.
enum OpenAPIDocument {
    static func text() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else { throw AppError.notFound }
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Sendable static func yaml(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: try text()))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return response
    }

    @Sendable static func json(_ req: Request) async throws -> Response {
        let object = try YAMLToJSON.convert(try text())
        let response = Response(status: .ok, body: .init(data: object))
        response.headers.contentType = .json
        return response
    }
}
