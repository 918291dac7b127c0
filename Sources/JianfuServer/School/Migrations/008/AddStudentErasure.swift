import Fluent

/// A pupil whose personal data was erased on request stays as an anonymous row, so that the class's
/// statistics (reported minutes, levels) keep their counts; `erased_at` takes them off every list.
struct AddStudentErasure: AsyncMigration {
    var name: String { "008_AddStudentErasure" }

    func prepare(on database: any Database) async throws {
        try await database.schema("students").field("erased_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("students").deleteField("erased_at").update()
    }
}
