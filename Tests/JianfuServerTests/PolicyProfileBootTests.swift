import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// A district runs on a loaded profile, its own tightened values readable, or the server does not start: nothing
/// falls back to the national values on a guess. A regional overlay goes on top of the national profile.
@Suite struct PolicyProfileBootTests {
    /// Seeds the demo, changes its district as `change` says, and starts the app again on the same database. The check
    /// reads the district row at boot, the same on both engines: it runs on a SQLite file, so that a restart does not
    /// add two connection pools to the PostgreSQL server the rest of the suite is using.
    func restart(after change: @escaping (District) -> Void) async throws -> (any Error)? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("boot-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        var options = ServerOptions(store: .sqliteFile(file), bcryptCost: 4, clockStart: TestApp.demoMorning)
        options.dashboardCacheSeconds = 0
        let first = try await Application.make(.testing)
        try await App.configure(first, options: options)
        try await DemoDistrict.seedIfEmpty(first, today: TestApp.demoToday)
        let district = try #require(try await District.query(on: first.db).first())
        change(district)
        try await district.save(on: first.db)
        try await first.asyncShutdown()

        let second = try await Application.make(.testing)
        var failure: (any Error)?
        do {
            try await App.configure(second, options: options)
        } catch {
            failure = error
        }
        try await second.asyncShutdown()
        return failure
    }

    @Test func aDistrictOnAProfileThatIsNotLoadedStopsTheServerNamingIt() async throws {
        let failure = try await restart { $0.policyProfile = "shanghai" }
        #expect("\(failure.map { String(describing: $0) } ?? "started")".contains("district demo runs on the policy profile shanghai, which is not loaded"))
    }

    @Test func unreadableDistrictAdjustmentsStopTheServerNamingThem() async throws {
        let failure = try await restart { $0.policyAdjustments = "{\"homework.writtenCap.junior\": \"sixty\"}" }
        #expect("\(failure.map { String(describing: $0) } ?? "started")".contains("district demo has policy adjustments that cannot be read"))
    }

    @Test func anUnknownSchoolSystemStopsTheServerNamingIt() async throws {
        let failure = try await restart { $0.schoolSystem = "8-1" }
        #expect("\(failure.map { String(describing: $0) } ?? "started")".contains("district demo has the school system 8-1"))
    }

    @Test func LOC03_aDistrictOnTheAnshanOverlayIsHeldToItsStricterCaps() async throws {
        try await TestApp.withApp { app in
            let district = try #require(try await District.query(on: app.db).first())
            district.policyProfile = "anshan"
            try await district.save(on: app.db)
            let world = try await HomeworkWorld(app)
            let refused = try await world.file(try await app.token("teacher"), world.filing(minutes: 50))
            #expect(refused.errorCode == "cap_exceeded")
            #expect(try refused.json(ErrorDetails.self).error.details["capMinutes"] == .number(45))
            let policy = try await Visitor.signedIn(app, as: "bureau").get("/policy")
            #expect(policy.text.contains("LOC-03") && policy.text.contains("鞍山"))
        }
    }

    @Test func anOverlayThatLoosensAHardValueStopsTheServerNamingFileKeyAndRule() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Policy")
        try FileManager.default.copyItem(at: resources.appendingPathComponent("national.yaml"), to: dir.appendingPathComponent("national.yaml"))
        let loose = try String(contentsOf: resources.appendingPathComponent("anshan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "minutes: 45", with: "minutes: 75")
        try loose.write(to: dir.appendingPathComponent("loose.yaml"), atomically: true, encoding: .utf8)
        var options = TestApp.options()
        options.policyDirectory = dir.path
        let app = try await Application.make(.testing)
        defer { Task { try? await app.asyncShutdown() } }
        let error = await #expect(throws: PolicyProfileError.self) { try await App.configure(app, options: options) }
        #expect(error?.file.hasSuffix("loose.yaml") == true)
        #expect(error?.key == "values.homework.writtenCap.primaryUpper")
        #expect(error?.problem.contains("HW-02") == true)
    }
}
