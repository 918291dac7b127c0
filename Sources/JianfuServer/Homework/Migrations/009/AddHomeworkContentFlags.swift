import Fluent

/// The content rules (HW-06, HW-07, HW-14, HW-09) that flag an entry for its reviewer.
struct AddHomeworkContentFlags: AsyncMigration {
    var name: String { "009_AddHomeworkContentFlags" }

    func prepare(on database: any Database) async throws {
        try await database.schema("homework_entries").field("content_flags", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("homework_entries").deleteField("content_flags").update()
    }
}
