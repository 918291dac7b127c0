import Fluent
import Foundation
import JianfuCore
import Vapor

/// The district's view of its profile, and its own tightened values.
enum PolicyService {
    static func profile(for districtId: UUID, app: Application, on db: any Database) async throws -> (base: PolicyProfile, adjustments: [String: Int]) {
        guard let district = try await District.find(districtId, on: db) else { throw AppError.notFound }
        return (try app.policies.base(for: district), try PolicyStore.adjustments(of: district))
    }

    /// Saves the district's values; loosening a rule is refused with the rule's id.
    static func saveAdjustments(_ values: [String: Int], _ actor: Actor, app: Application, on db: any Database) async throws {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let base = try app.policies.base(for: district)
        do {
            _ = try PolicyAdjustment(values: values).applied(to: base)
        } catch let problem {
            switch problem {
            case .loosening(let key, let rule, let profileValue, let requested):
                throw AppError.policy(PolicyAdjustmentMessage(key: key, rule: rule, profileValue: profileValue, requested: requested))
            case .unknownKey(let key):
                throw AppError.policy(PolicyAdjustmentMessage(key: key, rule: "", profileValue: nil, requested: nil))
            case .negative(let key):
                throw AppError.invalid(field: key, messageKey: "policy.notNumber", args: ["key." + key])
            case .notATime(let key):
                throw AppError.invalid(field: key, messageKey: "policy.notTime", args: ["key." + key])
            }
        }
        let previous = try PolicyStore.adjustments(of: district)
        guard values != previous else { return }
        let before = district.policyAdjustments
        // The new values hold from today on; the days before keep the cap they were judged by.
        let today = WallClock.today(in: district.zone)
        var history = try PolicyStore.history(of: district)
        history.record(values, from: today, before: previous)
        district.policyAdjustments = String(decoding: try JSONEncoder.sorted.encode(values), as: UTF8.self)
        district.policyHistory = String(decoding: try JSONEncoder.sorted.encode(history), as: UTF8.self)
        try await db.writeTransaction { tx in
            try await district.save(on: tx)
            // In the same change: the kept sums of every class-day from today on (its cap, over the cap or not).
            try await DailyLoadAggregates.recount(districtId: district.id!, from: today, policies: app.policies, on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "update", entity: "policy_adjustments", entityId: district.id,
                               detail: ["before": before, "after": district.policyAdjustments, "from": today.iso])
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
