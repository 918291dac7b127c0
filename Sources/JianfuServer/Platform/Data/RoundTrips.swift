import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Counts the database round trips each request makes: every statement sent, a transaction's `BEGIN` and `COMMIT`
/// included. Query budgets are asserted on these counts (they are deterministic, unlike times), and `/metrics`
/// reports them per route. The databases are wrapped once, at configuration; a request's counter is found by the
/// request id its logger carries, because Vapor hands every `req.db` the request's logger.
final class RoundTripCounter: Sendable {
    private let count = NIOLockedValueBox(0)
    var value: Int { count.withLockedValue { $0 } }
    func add(_ n: Int = 1) { count.withLockedValue { $0 += n } }
}

enum RoundTrips {
    private static let open = NIOLockedValueBox([String: RoundTripCounter]())

    /// Starts counting for a request; the id it returns is the request's (made unique if a client sent a duplicate).
    static func begin(requestId: String) -> (id: String, counter: RoundTripCounter) {
        let counter = RoundTripCounter()
        let id = open.withLockedValue { table in
            var id = requestId
            if table[id] != nil { id += "-" + UUID().uuidString.prefix(8) }
            table[id] = counter
            return id
        }
        return (id, counter)
    }

    static func end(requestId: String) {
        _ = open.withLockedValue { $0.removeValue(forKey: requestId) }
    }

    static func counter(for logger: Logger) -> RoundTripCounter? {
        guard case .string(let id)? = logger[metadataKey: "request-id"] else { return nil }
        return open.withLockedValue { $0[id] }
    }
}

extension DatabaseConfigurationFactory {
    /// The same database, its round trips counted.
    var counted: DatabaseConfigurationFactory {
        let make = self.make
        return DatabaseConfigurationFactory { CountedConfiguration(inner: make()) }
    }
}

private struct CountedConfiguration: DatabaseConfiguration {
    var inner: any DatabaseConfiguration
    var middleware: [any AnyModelMiddleware] {
        get { inner.middleware }
        set { inner.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        CountedDriver(inner: inner.makeDriver(for: databases))
    }
}

private struct CountedDriver: DatabaseDriver {
    let inner: any DatabaseDriver

    func makeDatabase(with context: DatabaseContext) -> any Database {
        let database = inner.makeDatabase(with: context)
        guard let counter = RoundTrips.counter(for: context.logger) else { return database }
        return CountedDatabase(inner: database, counter: counter)
    }

    func shutdown() { inner.shutdown() }
    func shutdownAsync() async { await inner.shutdownAsync() }
}

/// A request's database: every statement counts one round trip.
struct CountedDatabase: Database, SQLDatabase {
    let inner: any Database
    let counter: RoundTripCounter

    private var sqlInner: any SQLDatabase { inner as! any SQLDatabase }

    var context: DatabaseContext { inner.context }
    var inTransaction: Bool { inner.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        counter.add()
        return inner.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        counter.add()
        return inner.execute(schema: schema)
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        counter.add()
        return inner.execute(enum: `enum`)
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        counter.add(2) // BEGIN, and COMMIT or ROLLBACK
        let counter = self.counter
        return inner.transaction { closure(CountedDatabase(inner: $0, counter: counter)) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let counter = self.counter
        return inner.withConnection { closure(CountedDatabase(inner: $0, counter: counter)) }
    }

    var logger: Logger { sqlInner.logger }
    var eventLoop: any EventLoop { sqlInner.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sqlInner.version }
    var dialect: any SQLDialect { sqlInner.dialect }
    var queryLogLevel: Logger.Level? { sqlInner.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        counter.add()
        return sqlInner.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        counter.add()
        try await sqlInner.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let counter = self.counter
        return try await sqlInner.withSession { session in
            if let database = session as? any Database { return try await closure(CountedDatabase(inner: database, counter: counter)) }
            return try await closure(session)
        }
    }
}

extension Database {
    /// SQLite's own connection, for the bulk paths that bind values straight to SQLite.
    var sqliteDatabase: (any SQLiteDatabase)? {
        if let counted = self as? CountedDatabase { return counted.inner.sqliteDatabase }
        return self as? any SQLiteDatabase
    }
}
