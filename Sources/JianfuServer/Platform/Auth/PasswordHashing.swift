import NIOCore
import NIOPosix
import Vapor

/// bcrypt runs on a thread of its own: on the shared blocking pool, each sign-in (a quarter of a second at cost 12)
/// took one of the threads every SQLite query runs on, and the evening's pages waited behind it.
struct PasswordHashingPool: LifecycleHandler {
    let pool: NIOThreadPool

    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }

    private struct Key: StorageKey { typealias Value = PasswordHashingPool }

    /// Started once per application; one thread, so that sign-ins cannot take every core.
    static func install(on app: Application) {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let handler = PasswordHashingPool(pool: pool)
        app.storage[Key.self] = handler
        app.lifecycle.use(handler)
    }

    static func pool(of app: Application) -> NIOThreadPool {
        app.storage[Key.self]?.pool ?? app.threadPool
    }
}

/// Hashing and checking on the pool above, answered on the caller's event loop.
struct PasswordWork: Sendable {
    let hasher: AsyncPasswordHasher

    func hash(_ password: String) async throws -> String { try await hasher.hash(password).get() }
    func verify(_ password: String, created digest: String) async throws -> Bool { try await hasher.verify(password, created: digest).get() }
}

extension Application {
    var passwordHashing: PasswordWork {
        PasswordWork(hasher: password.async(on: PasswordHashingPool.pool(of: self), hopTo: eventLoopGroup.next()))
    }
}

extension Request {
    var passwordHashing: PasswordWork {
        PasswordWork(hasher: application.password.async(on: PasswordHashingPool.pool(of: application), hopTo: eventLoop))
    }
}
