import Fluent

/// A district's own values over time (`PolicyHistory` as JSON), so that each day is judged by the cap in force on it.
struct AddDistrictPolicyHistory: AsyncMigration {
    var name: String { "011_AddDistrictPolicyHistory" }

    func prepare(on database: any Database) async throws {
        try await database.schema("districts").field("policy_history", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("districts").deleteField("policy_history").update()
    }
}
