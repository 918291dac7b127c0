import Fluent

/// Who organises a test (EX-05) and where its paper comes from (EX-13).
struct AddTestOrganiserAndPaperSource: AsyncMigration {
    var name: String { "010_AddTestOrganiserAndPaperSource" }

    func prepare(on database: any Database) async throws {
        try await database.schema("school_tests").field("organiser", .string).update()
        try await database.schema("school_tests").field("paper_source", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("school_tests").deleteField("paper_source").update()
        try await database.schema("school_tests").deleteField("organiser").update()
    }
}
