import Foundation
@testable import JianfuServer
import NIOConcurrencyHelpers
import Testing

@Suite struct DashboardCacheTests {
    static func figures(_ marker: Int) -> DashboardCache.Figures {
        DashboardCache.Figures(schools: [.init(id: UUID(), name: "第\(marker)小学", code: "S\(marker)")], sums: [], counts: [], warned: [:], refused: [:])
    }

    @Test func readersOfTheSameRangeShareOneComputationWithinTheLifetime() async throws {
        let cache = DashboardCache(lifetime: 60)
        let key = DashboardCache.Key(districtId: UUID(), schoolId: nil, from: "2026-11-23", through: "2026-11-27")
        let computed = NIOLockedValueBox(0)
        let compute: @Sendable () async throws -> DashboardCache.Figures = {
            let n = computed.withLockedValue { $0 += 1; return $0 }
            try await Task.sleep(for: .milliseconds(100))
            return Self.figures(n)
        }
        // Sixteen readers at once: one reads the sums, the others wait for it.
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { try await cache.figures(for: key, compute: compute).schools[0].name } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(computed.withLockedValue { $0 } == 1 && Set(names) == ["第1小学"])
        #expect(try await cache.figures(for: key, compute: compute).schools[0].name == "第1小学", "reused within the minute")
        let otherRange = DashboardCache.Key(districtId: key.districtId, schoolId: nil, from: "2026-09-01", through: "2026-11-27")
        #expect(try await cache.figures(for: otherRange, compute: compute).schools[0].name == "第2小学")
    }

    @Test func aZeroLifetimeAlwaysComputesAfresh() async throws {
        let cache = DashboardCache(lifetime: 0)
        let key = DashboardCache.Key(districtId: UUID(), schoolId: nil, from: "2026-11-23", through: "2026-11-27")
        let computed = NIOLockedValueBox(0)
        for _ in 0..<3 {
            _ = try await cache.figures(for: key) { Self.figures(computed.withLockedValue { $0 += 1; return $0 }) }
        }
        #expect(computed.withLockedValue { $0 } == 3)
    }

    @Test func aKeptAnswerIsSharedOnlyByReadersOfTheSameScope() async throws {
        try await TestApp.withApp { app in
            func actor(_ username: String) async throws -> Actor {
                try #require(try await ActorLoader.load(userId: try await app.userId(username), on: app.db))
            }
            let bureau = try await actor("bureau"), inspector = try await actor("inspector")
            let principal = try await actor("principal"), principal2 = try await actor("principal2")
            let key = { (who: Actor, query: String?) in DashboardResponseCache.key(who, query: query, language: .zh) }
            #expect(key(bureau, "range=term") != nil && key(bureau, "range=term") == key(inspector, "range=term"), "district roles see the same schools")
            #expect(key(bureau, "range=term") != key(bureau, "range=week"))
            #expect(key(bureau, "range=term") != DashboardResponseCache.key(bureau, query: "range=term", language: .en))
            #expect(key(principal, "range=term") != key(bureau, "range=term"), "a principal sees only their school")
            #expect(key(principal, "range=term") != key(principal2, "range=term"))
            #expect(key(try await actor("parent"), "range=term") == nil, "no answer is kept for one who may not see the dashboard")
        }
    }
}
