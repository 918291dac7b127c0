import Foundation

/// The district table's figures for a date range, kept for a short while: a bureau opening the dashboard
/// for the term reads a district's whole term of school-day sums, and the next person within the minute
/// should not pay for that again. Figures are at most `lifetime` seconds old (0 in the tests: always fresh).
actor DashboardCache {
    static let shared = DashboardCache(lifetime: 60)
    static let maxEntries = 512

    /// Seconds a result is reused; set from the server's options at boot.
    var lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    func setLifetime(_ seconds: TimeInterval) {
        lifetime = seconds
        entries = [:]
    }

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
        /// When the sums were read: the page says how fresh its figures are.
        var readAt = WallClock.now()
    }

    private var entries: [Key: Figures] = [:]
    /// Misses being computed: a second reader of the same range waits for the first one's sums instead of
    /// reading them again (sixteen bureau readers at nine o'clock would otherwise all read the term at once).
    private var computing: [Key: Task<Figures, any Error>] = [:]

    func figures(for key: Key, compute: @escaping @Sendable () async throws -> Figures) async throws -> Figures {
        guard lifetime > 0 else { return try await compute() }
        if let kept = entries[key], isFresh(kept) { return kept }
        if let running = computing[key] { return try await running.value }
        let task = Task { try await compute() }
        computing[key] = task
        defer { computing[key] = nil }
        let figures = try await task.value
        if entries.count >= Self.maxEntries { entries = entries.filter { isFresh($0.value) } }
        if entries.count < Self.maxEntries { entries[key] = figures }
        return figures
    }

    private func isFresh(_ figures: Figures) -> Bool {
        WallClock.now().timeIntervalSince(figures.readAt) < lifetime
    }
}
