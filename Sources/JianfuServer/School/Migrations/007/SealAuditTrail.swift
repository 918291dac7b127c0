import Fluent
import SQLKit

/// The audit trail records where a change came from, is searchable by district, school and time,
/// and cannot be changed or deleted by anything that speaks SQL to the database, the app included.
struct SealAuditTrail: AsyncMigration {
    var name: String { "007_SealAuditTrail" }

    static let sealedTables = ["audit_events", "homework_events"]

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events").field("address", .string).update()
        try await database.sql.raw("CREATE INDEX idx_audit_district_at ON audit_events (district_id, at)").run()
        try await database.sql.raw("CREATE INDEX idx_audit_school_at ON audit_events (school_id, at)").run()
        if database.sql.dialect.name == "postgresql" {
            try await database.sql.raw("""
                CREATE FUNCTION jianfu_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit records cannot be changed or deleted'; END $$
                """).run()
            for table in Self.sealedTables {
                try await database.sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_sealed BEFORE UPDATE OR DELETE ON \(unsafeRaw: table)
                    FOR EACH ROW EXECUTE FUNCTION jianfu_refuse_audit_change()
                    """).run()
                try await database.sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_sealed_truncate BEFORE TRUNCATE ON \(unsafeRaw: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION jianfu_refuse_audit_change()
                    """).run()
            }
        } else {
            for table in Self.sealedTables {
                for operation in ["UPDATE", "DELETE"] {
                    try await database.sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: table)_sealed_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON \(unsafeRaw: table)
                        BEGIN SELECT RAISE(ABORT, 'audit records cannot be changed or deleted'); END
                        """).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        if database.sql.dialect.name == "postgresql" {
            for table in Self.sealedTables {
                try await database.sql.raw("DROP TRIGGER \(unsafeRaw: table)_sealed ON \(unsafeRaw: table)").run()
                try await database.sql.raw("DROP TRIGGER \(unsafeRaw: table)_sealed_truncate ON \(unsafeRaw: table)").run()
            }
            try await database.sql.raw("DROP FUNCTION jianfu_refuse_audit_change()").run()
        } else {
            for table in Self.sealedTables {
                for operation in ["update", "delete"] {
                    try await database.sql.raw("DROP TRIGGER \(unsafeRaw: table)_sealed_\(unsafeRaw: operation)").run()
                }
            }
        }
        try await database.sql.raw("DROP INDEX idx_audit_school_at").run()
        try await database.sql.raw("DROP INDEX idx_audit_district_at").run()
        try await database.schema("audit_events").deleteField("address").update()
    }
}
