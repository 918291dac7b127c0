import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Lets the requests already being answered finish before the databases close at shutdown. Stopping the server
/// (SIGTERM, SIGINT) closes its connections at once, but a handler whose client has gone keeps running; if the
/// database pool closed under it, Fluent would trap instead of the request ending normally.
final class RequestsInFlight: AsyncMiddleware, LifecycleHandler {
    /// Longest wait at shutdown: a request still running after this is cut off as it would be without us.
    let patience: TimeAmount
    private let count = NIOLockedValueBox(0)

    init(patience: TimeAmount = .seconds(20)) {
        self.patience = patience
    }

    var current: Int { count.withLockedValue { $0 } }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        ServerMetrics.inFlight.record(count.withLockedValue { $0 += 1; return $0 })
        defer { ServerMetrics.inFlight.record(count.withLockedValue { $0 -= 1; return $0 }) }
        return try await next.respond(to: request)
    }

    func shutdownAsync(_ application: Application) async {
        let deadline = NIODeadline.now() + patience
        if current > 0 { application.logger.notice("Waiting for \(current) request(s) to finish before closing the database") }
        while current > 0, NIODeadline.now() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
