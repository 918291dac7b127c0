import Fluent
import SQLKit

/// A class's version, bumped by every change to its homework, tests and parents' reports (in `WriteLock`, in the
/// change's transaction): a page shared by a class's parents is kept per process and reused while the version
/// it was made from is still the class's, on every instance.
struct AddClassVersion: AsyncMigration {
    var name: String { "012_AddClassVersion" }

    func prepare(on database: any Database) async throws {
        try await database.schema("school_classes").field("version", .int64, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("school_classes").deleteField("version").update()
    }
}
