import Foundation
import Vapor

/// One page's path, written once as a template (`/homework/:id/review`): routes are registered from it and links are
/// built from it, so a renamed route cannot leave a dead link. Each domain lists its own in `<Domain>Paths`.
struct SitePath<Parameter: SitePathParameter>: Sendable {
    let template: String

    init(_ template: String) {
        self.template = template
    }

    /// The route's components for Vapor, `:name` where the link has its parameter.
    var components: [PathComponent] { template.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }

    /// The link with the template's one parameter filled in.
    func path(_ value: Parameter) -> String {
        "/" + template.split(separator: "/").map { $0.hasPrefix(":") ? value.pathText : String($0) }.joined(separator: "/")
    }
}

extension SitePath where Parameter == NoParameter {
    var path: String { template }
}

/// What fills a path's `:parameter`.
protocol SitePathParameter: Sendable {
    var pathText: String { get }
}

/// A path with no parameter.
enum NoParameter: SitePathParameter {
    var pathText: String { "" }
}

extension UUID: SitePathParameter {
    var pathText: String { uuidString.lowercased() }
}

extension String: SitePathParameter {
    var pathText: String { self }
}

typealias FixedPath = SitePath<NoParameter>
typealias RecordPath = SitePath<UUID>
typealias NamedPath = SitePath<String>

extension RoutesBuilder {
    @discardableResult
    func get<P, R: AsyncResponseEncodable>(_ path: SitePath<P>, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        get(path.components, use: handler)
    }

    @discardableResult
    func post<P, R: AsyncResponseEncodable>(_ path: SitePath<P>, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        post(path.components, use: handler)
    }
}

extension Request {
    /// The `:id` of a route as a UUID; anything else is a 404, as an unknown record would be.
    func idParameter(_ name: String = "id") throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}
