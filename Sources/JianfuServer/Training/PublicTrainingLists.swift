import Fluent
import Foundation
import JianfuCore
import NIOConcurrencyHelpers
import Vapor

/// The public lists (公示) as every visitor sees them: made once per district and kept a short while (every change on
/// this instance drops them at once; another instance's change shows within `lifetime`), and each address held to
/// `perMinute` reads so that a scraper cannot load the database.
final class PublicTrainingLists: Sendable {
    static let lifetime: TimeInterval = 60
    static let perMinute = 120

    struct Entry: Sendable, Encodable {
        let id: UUID
        let name: String
        let creditCode: String
        let kind: String
        let mode: String
        let address: String
        let status: String
        let list: PublicListing
        /// The status date: the approval or last licence step for the white list, the listing's date otherwise.
        let since: String
        let reason: String?
    }

    struct Lists: Sendable {
        let entries: [Entry]
        /// For the lifetime: the machine's time.
        let madeAt: Date
        /// For the page: the district's clock.
        let readAt: Date
    }

    private let kept = NIOLockedValueBox([UUID: Lists]())
    private let reads = NIOLockedValueBox([String: (minute: Int, count: Int)]())

    func invalidate(_ districtId: UUID) {
        _ = kept.withLockedValue { $0.removeValue(forKey: districtId) }
    }

    /// Whether the address may read once more in the minute of `now`.
    func admit(_ address: String, now: Date = Date()) -> Bool {
        let minute = Int(now.timeIntervalSince1970 / 60)
        return reads.withLockedValue { table in
            if table.count > 10_000 { table = table.filter { $0.value.minute == minute } }
            let current = table[address].flatMap { $0.minute == minute ? $0.count : nil } ?? 0
            guard current < Self.perMinute else { return false }
            table[address] = (minute, current + 1)
            return true
        }
    }

    func lists(_ districtId: UUID, on db: any Database) async throws -> Lists {
        if let found = kept.withLockedValue({ $0[districtId] }), Date().timeIntervalSince(found.madeAt) < Self.lifetime {
            ServerMetrics.cache("training_lists", hit: true)
            return found
        }
        ServerMetrics.cache("training_lists", hit: false)
        let rows = try await TrainingQueries.institutions(districtId: districtId, on: db)
        let entries = rows.compactMap { row -> Entry? in
            guard let list = PublicListing.of(status: InstitutionStatus(rawValue: row.status) ?? .pending, listed: row.listing.flatMap(PublicListing.init),
                                              feesPublished: row.fees_published) else { return nil }
            return Entry(id: row.id, name: row.name, creditCode: row.credit_code, kind: row.kind, mode: row.mode, address: row.address, status: row.status, list: list,
                         since: list == .white ? row.status_since : row.listing_since ?? row.status_since,
                         reason: list == .white ? nil : row.listing_reason)
        }
        let made = Lists(entries: entries, madeAt: Date(), readAt: WallClock.now())
        kept.withLockedValue { $0[districtId] = made }
        return made
    }

    /// The district the public page is for: the one its code names, or the only one there is.
    static func district(code: String?, on db: any Database) async throws -> District {
        if let code, !code.isEmpty {
            guard let district = try await District.query(on: db).filter(\.$code == code).first() else { throw AppError.notFound }
            return district
        }
        let districts = try await District.query(on: db).limit(2).all()
        guard districts.count == 1 else { throw AppError.notFound }
        return districts[0]
    }
}

extension Application {
    private struct PublicTrainingListsKey: StorageKey, LockKey { typealias Value = PublicTrainingLists }

    var trainingLists: PublicTrainingLists {
        locks.lock(for: PublicTrainingListsKey.self).withLock {
            if let made = storage[PublicTrainingListsKey.self] { return made }
            let made = PublicTrainingLists()
            storage[PublicTrainingListsKey.self] = made
            return made
        }
    }
}
