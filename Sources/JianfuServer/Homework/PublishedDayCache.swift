import Foundation
import NIOConcurrencyHelpers
import Vapor

/// What every parent of a class sees for a day (the published entries, the cap, the parents' average report) is the
/// same for all of them until something about the class changes, so each process makes it once and hands it to
/// every parent who asks (each app its own: `Application.publishedDays`). An entry is used only while the class row still has the version and settings it was made
/// from (`ClassContext` reads them on every request anyway): every change to the class's homework, tests and reports
/// bumps the version in its own transaction (`WriteLock`), on whichever instance made it, and calendar changes bump
/// every class of the district. Visibility at the school's publication time is applied per request.
final class PublishedDayCache: Sendable {
    /// A district's evening: 12,900 classes, a few days each; beyond this the oldest half is dropped.
    static let maxEntries = 60_000

    struct Key: Hashable, Sendable {
        let classId: UUID
        let date: String
    }

    struct Shared: Sendable {
        /// The class's version and the settings the entry was made under.
        let stamp: String
        let capMinutes: Int
        /// Published entries assigned that day, visible or not yet.
        let lines: [HomeworkService.EntryLine]
        let reports: Int
        let reportedMinutes: Int
        let madeAt: UInt64
    }

    private let entries = NIOLockedValueBox([Key: Shared]())
    /// A class's calendar feed token never changes once made.
    private let feedTokens = NIOLockedValueBox([UUID: String]())

    static func stamp(of context: ClassContext) -> String {
        let district = context.district
        return "\(context.schoolClass.version)|\(context.school.publishTime)|\(district.policyProfile)|\(district.policyAdjustments)|\(district.policyHistory ?? "")"
    }

    func day(_ key: Key, stamp: String) -> Shared? {
        let found = entries.withLockedValue { $0[key] }
        let hit = found?.stamp == stamp
        ServerMetrics.cache("published_day", hit: hit)
        return hit ? found : nil
    }

    func keep(_ key: Key, _ shared: Shared) {
        entries.withLockedValue { table in
            if table.count >= Self.maxEntries {
                let cut = table.values.map(\.madeAt).sorted()[table.count / 2]
                table = table.filter { $0.value.madeAt > cut }
            }
            table[key] = shared
        }
    }

    func feedToken(of classId: UUID) -> String? { feedTokens.withLockedValue { $0[classId] } }

    func keepFeedToken(_ token: String, of classId: UUID) {
        feedTokens.withLockedValue { table in
            if table.count >= Self.maxEntries { table = [:] }
            table[classId] = token
        }
    }
}

extension Application {
    private struct PublishedDayCacheKey: StorageKey, LockKey { typealias Value = PublishedDayCache }

    /// Made on first use; apps in one process (the tests) never share a class-day.
    var publishedDays: PublishedDayCache {
        locks.lock(for: PublishedDayCacheKey.self).withLock {
            if let made = storage[PublishedDayCacheKey.self] { return made }
            let made = PublishedDayCache()
            storage[PublishedDayCacheKey.self] = made
            return made
        }
    }
}
