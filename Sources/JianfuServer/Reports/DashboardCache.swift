import Foundation
import NIOConcurrencyHelpers

/// The district table's figures for a date range, kept for a short while: a bureau opening the dashboard
/// for the term reads a district's whole term of school-day sums, and the next person within the minute
/// should not pay for that again. Figures are at most `lifetime` seconds old (0 in the tests: always fresh).
actor DashboardCache {
    static let shared = DashboardCache()
    static let lifetime = NIOLockedValueBox<TimeInterval>(60)
    static let maxEntries = 512

    struct Key: Hashable, Sendable {
        let districtId: UUID
        let schoolId: UUID?
        let from: String
        let through: String
    }

    struct SchoolName: Sendable {
        let id: UUID
        let name: String
        let code: String
    }

    struct Figures: Sendable {
        let schools: [SchoolName]
        let sums: [DashboardQueries.SchoolBandSums]
        let counts: [DashboardQueries.ClassCount]
        let warned: [UUID: Int]
        let refused: [UUID: Int]
    }

    private var entries: [Key: (at: Date, figures: Figures)] = [:]

    func figures(for key: Key, compute: @Sendable () async throws -> Figures) async throws -> Figures {
        let lifetime = Self.lifetime.withLockedValue { $0 }
        let now = Date()
        if lifetime > 0, let entry = entries[key], now.timeIntervalSince(entry.at) < lifetime { return entry.figures }
        let figures = try await compute()
        guard lifetime > 0 else { return figures }
        if entries.count >= Self.maxEntries { entries = entries.filter { now.timeIntervalSince($0.value.at) < lifetime } }
        if entries.count < Self.maxEntries { entries[key] = (now, figures) }
        return figures
    }
}
