import Fluent
import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

/// The parents' day page is made once per class-day and reused until the class changes: a report, a filing or a
/// calendar change shows at once, and a warm page reads only the session, the person and the class.
@Suite struct PublishedDayCacheTests {
    @Test func aParentsPageIsMadeOnceAndFollowsEveryChange() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let parent = try await Visitor.signedIn(app, as: "parent")
            let path = "/classes/\(world.class1)/homework?date=\(TestApp.demoToday.iso)"
            let trips = { app.requestLog.lastRoundTrips.withLockedValue { $0 } }
            _ = try await parent.get(path)
            let cold = trips()
            let warm = try await parent.get(path)
            #expect(warm.status == .ok)
            #expect(trips() == 3, "a warm page reads the session, the person and the class: \(trips())")
            #expect(cold > trips())

            // Another guardian's report changes what every parent of the class sees, at once.
            let token = try await app.token("parent")
            let child = try await app.api(.GET, "/api/v1/me", token: token).json(Me.self).children[0].studentId
            let api = "/api/v1/classes/\(world.class1)/published?date=\(TestApp.demoToday.iso)"
            let before = try await app.api(.GET, api, token: token).json(Day.self)
            let reported = try await app.api(.POST, "/api/v1/feedback", token: token,
                                             json: #"{"studentId":"\#(child)","date":"\#(TestApp.demoToday.iso)","minutes":47,"tooMuch":true}"#)
            #expect(reported.status.code < 300)
            let after = try await app.api(.GET, api, token: token).json(Day.self)
            #expect(after.reports == before.reports + 1 || before.reports > 0)
            #expect(after.averageReportedMinutes != before.averageReportedMinutes)

            // A holiday added by the bureau reaches the class's kept pages (its version moved in the same transaction).
            let version = try #require(try await SchoolClass.find(world.class1, on: app.db)).version
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let term = try #require(try await Term.query(on: app.db).filter(\.$startsOn <= TestApp.demoToday.iso).filter(\.$endsOn >= TestApp.demoToday.iso).first())
            _ = try await bureau.get("/terms")
            let added = try await bureau.post("/terms/days", form: ["termId": term.id!.uuidString, "date": "2026-12-30", "kind": "holiday", "name": "校庆"])
            #expect(added.status.code < 400, "\(added.status)")
            #expect(try #require(try await SchoolClass.find(world.class1, on: app.db)).version > version)
        }
    }

    struct Me: Decodable { struct Child: Decodable { let studentId: String }; let children: [Child] }
    struct Day: Decodable { let reports: Int; let averageReportedMinutes: Int? }
}
