import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Multi-row inserts straight to SQLite, with each value bound as Fluent would store it (UUIDs as text,
/// dates as seconds since 1970, booleans as integers). Going around SQLKit's builder and its Codable
/// encoding of every value is what lets the benchmark generator and large roster imports pass 100,000 rows a second.
enum BulkInsert {
    /// SQLite takes up to 32,766 parameters a statement.
    static let maxParameters = 32_000

    /// Multi-row inserts in chunks, on either engine: a district's 100,000 pupils in a few hundred statements, not 100,000.
    static func insert(into table: String, columns: [String], rows: [[any Encodable & Sendable]], on db: any Database) async throws {
        if let sqlite = db.sqliteDatabase {
            try await Self.sqlite(into: table, columns: columns, rows: rows, on: sqlite, logger: db.logger)
            return
        }
        // PostgreSQL takes up to 65,535 parameters a statement: fewer, larger statements load faster.
        let perStatement = max(1, 60_000 / columns.count)
        for chunk in rows.chunked(into: perStatement) {
            let builder = db.sql.insert(into: table).columns(columns)
            for row in chunk {
                builder.values(row.map { SQLBind($0) as any SQLExpression })
            }
            try await builder.run()
        }
    }

    static func sqlite(into table: String, columns: [String], rows: [[any Encodable & Sendable]], on db: any SQLiteDatabase, logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, maxParameters / columns.count)
        let head = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let encoder = SQLiteDataEncoder()
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let sql = head + Array(repeating: tuple, count: end - start).joined(separator: ",")
            var binds: [SQLiteData] = []
            binds.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] {
                for value in row { binds.append(try data(value, encoder: encoder)) }
            }
            try await db.query(sql, binds, logger: logger) { _ in }.get()
            start = end
        }
    }

    static func data(_ value: any Encodable & Sendable, encoder: SQLiteDataEncoder) throws -> SQLiteData {
        // One conformance check for the common types instead of a cast per type.
        if let bindable = value as? any SQLiteBindable { return bindable.sqliteBind }
        return try encoder.encode(value)
    }
}

/// The values the generator and the importers insert, as Fluent stores them in SQLite.
protocol SQLiteBindable {
    var sqliteBind: SQLiteData { get }
}

extension UUID: SQLiteBindable { var sqliteBind: SQLiteData { .text(uuidString) } }
extension String: SQLiteBindable { var sqliteBind: SQLiteData { .text(self) } }
extension Int: SQLiteBindable { var sqliteBind: SQLiteData { .integer(self) } }
extension Bool: SQLiteBindable { var sqliteBind: SQLiteData { .integer(self ? 1 : 0) } }
extension Double: SQLiteBindable { var sqliteBind: SQLiteData { .float(self) } }
extension Date: SQLiteBindable { var sqliteBind: SQLiteData { .float(timeIntervalSince1970) } }
extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    var sqliteBind: SQLiteData {
        switch self {
        case .some(let value): value.sqliteBind
        case .none: .null
        }
    }
}
