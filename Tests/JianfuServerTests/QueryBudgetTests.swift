import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

/// The evening's pages and API calls against their declared round-trip budgets (`RouteAccess.budget`): counts are
/// deterministic where times are not, so a query added to a hot path fails here, not in production at eight.
@Suite struct QueryBudgetTests {
    @Test func everyBudgetedRouteStaysWithinItsRoundTrips() async throws {
        try await TestApp.withApp { app in
            let fixture = try await AccessFixture(app)
            let rows = Domains.access.filter { $0.budget != nil }
            // The routes the issue names: a parent's day page and report, filing, the review queue, the dashboards.
            for route in ["GET /classes/:id/homework", "POST /classes/:id/feedback", "POST /api/v1/feedback", "GET /homework/file",
                          "POST /homework/file", "POST /api/v1/homework", "GET /homework/review", "GET /api/v1/homework/review-queue",
                          "GET /dashboard", "GET /api/v1/dashboard/schools"] {
                #expect(rows.contains { $0.route == route }, "\(route) has no query budget")
            }
            for row in rows {
                let budget = try #require(row.budget)
                var request = row
                if let form = budget.form { request.form = form }
                if let json = budget.json { request.json = json }
                // A read is measured as the evening sees it, after its first reader: what is kept for everyone is kept.
                if row.route.hasPrefix("GET ") { _ = try await fixture.send(request, as: budget.persona) }
                let response = try await fixture.send(request, as: budget.persona)
                #expect((200..<400).contains(response.status.code), "\(row.route) as \(budget.persona): \(response.status.code) \(response.body.string.prefix(300))")
                let trips = app.requestLog.lastRoundTrips.withLockedValue { $0 }
                #expect(trips <= budget.roundTrips, "\(row.route) as \(budget.persona): \(trips) round trips, budget \(budget.roundTrips)")
                #expect(trips > 0, "\(row.route): no round trips counted")
            }
        }
    }

    @Test func aTransactionCountsItsBeginAndCommit() async throws {
        try await TestApp.withApp { app in
            let visitor = try await Visitor.signedIn(app, as: "parent")
            _ = try await visitor.get("/sign-in")
            let read = app.requestLog.lastRoundTrips.withLockedValue { $0 }
            #expect(read >= 2, "a signed-in page reads at least the session and the person")
            let world = try await HomeworkWorld(app)
            let teacher = try await app.token("teacher")
            _ = try await world.file(teacher, world.filing(classes: [world.class1]))
            let filing = app.requestLog.lastRoundTrips.withLockedValue { $0 }
            #expect(filing > read + 2, "a filing writes in a transaction: BEGIN and COMMIT are round trips too")
        }
    }
}
