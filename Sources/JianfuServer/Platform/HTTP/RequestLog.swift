import Foundation
import NIOConcurrencyHelpers
import Vapor

/// One line per request (request id, route, status, duration, database round trips) and the round trips as a
/// metric. It wraps everything else, so it sees the status the client got, error pages included.
struct RequestLog: AsyncMiddleware {
    let level: Logger.Level
    /// The last finished request's round trips, for the query-budget tests.
    let lastRoundTrips = NIOLockedValueBox(0)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let given: String = if case .string(let id)? = request.logger[metadataKey: "request-id"] { id } else { UUID().uuidString }
        let (id, counter) = RoundTrips.begin(requestId: given)
        if id != given { request.logger[metadataKey: "request-id"] = .string(id) }
        defer { RoundTrips.end(requestId: id) }
        do {
            let response = try await next.respond(to: request)
            finish(request, status: response.status, started: started, trips: counter.value)
            return response
        } catch {
            finish(request, status: (error as? any AbortError)?.status ?? .internalServerError, started: started, trips: counter.value)
            throw error
        }
    }

    private func finish(_ request: Request, status: HTTPStatus, started: UInt64, trips: Int) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        lastRoundTrips.withLockedValue { $0 = trips }
        ServerMetrics.roundTrips(route: route).record(trips)
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        request.logger.log(level: level, "\(request.method.rawValue) \(route) \(status.code) \(String(format: "%.1f", milliseconds)) ms db=\(trips)")
    }
}
