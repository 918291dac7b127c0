import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import NIOCore
import Testing
import VaporTesting

/// Every test gets a fresh database with the demo district: in-memory SQLite by default,
/// or its own schema on the PostgreSQL server named by `JIANFU_TEST_POSTGRES_URL`.
enum TestApp {
    static let demoToday = LocalDate(iso: "2026-11-25")!
    /// 10:00 in Beijing on the demo's day: the app's clock starts there, whatever the real date.
    static let demoMorning = LocalTime.start(of: demoToday, in: TimeZone(identifier: "Asia/Shanghai")!).addingTimeInterval(10 * 3600)

    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["JIANFU_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }

    static func options(sqliteFile: String? = nil) -> ServerOptions {
        var options = baseOptions(sqliteFile: sqliteFile)
        options.dashboardCacheSeconds = 0
        options.requestLogLevel = .debug
        return options
    }

    private static func baseOptions(sqliteFile: String?) -> ServerOptions {
        if let url = postgresURL {
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            var options = ServerOptions(store: .postgres(url: url, schema: String(schema)), bcryptCost: 4, clockStart: demoMorning)
            // A test's requests come a few at a time: three connections a loop, and `AppGate` keeps the apps open at once within the server's 400 slots.
            options.postgresConnectionsPerLoop = 3
            return options
        }
        if let sqliteFile { return ServerOptions(store: .sqliteFile(sqliteFile), bcryptCost: 4, clockStart: demoMorning) }
        return ServerOptions(store: .sqliteMemory, bcryptCost: 4, clockStart: demoMorning)
    }

    /// A test's app on its own database: with `seed` and no file of its own, a copy of the demo district seeded once
    /// for the whole run (`DemoTemplate`); otherwise the options' store, seeded here when asked.
    static func withApp(seed: Bool = true, options: ServerOptions? = nil, _ body: (Application) async throws -> Void) async throws {
        guard postgresURL != nil, !AppGate.held else { return try await withGatedApp(seed: seed, options: options, body) }
        await AppGate.shared.acquire()
        do {
            try await AppGate.$held.withValue(true) { try await withGatedApp(seed: seed, options: options, body) }
        } catch {
            await AppGate.shared.release()
            throw error
        }
        await AppGate.shared.release()
    }

    private static func withGatedApp(seed: Bool, options: ServerOptions?, _ body: (Application) async throws -> Void) async throws {
        var options = options ?? self.options()
        let copied: Bool
        if case .sqliteFile = options.store { copied = false } else { copied = seed }
        if copied { options.store = try await DemoTemplate.shared.copy() }
        // Each test's uploads in a folder of its own, gone with it (a test on its own file keeps them beside the file).
        let attachments = copied && options.attachmentsDirectory == nil ? NSTemporaryDirectory() + "jianfu-test-attachments-" + UUID().uuidString : nil
        if let attachments { options.attachmentsDirectory = attachments }
        defer { if let attachments { try? FileManager.default.removeItem(atPath: attachments) } }
        let app = try await Application.make(.testing)
        do {
            try await App.configure(app, options: options)
            if seed && !copied { try await DemoDistrict.seedIfEmpty(app, today: demoToday) }
            try await body(app)
        } catch {
            await close(app, options.store, copied: copied)
            throw error
        }
        await close(app, options.store, copied: copied)
    }

    private static func close(_ app: Application, _ store: ServerOptions.Store, copied: Bool) async {
        if case .postgres(_, let schema?) = store {
            try? await app.db.sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
        try? await app.asyncShutdown()
        if copied { await DemoTemplate.discard(store) }
    }
}

/// How many PostgreSQL test apps are open at once: Swift Testing starts every test together, and each app's pool
/// (three connections a loop) with its database copy would otherwise outgrow the server's 400 connection slots.
/// A test that opens a second app inside its first holds no second place.
actor AppGate {
    static let shared = AppGate(places: 40)
    @TaskLocal static var held = false

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(places: Int) { free = places }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

extension Application {
    /// A bearer token for a demo account.
    func token(_ username: String, password: String = DemoDistrict.password) async throws -> String {
        let response = try await testing().sendRequest(.POST, "/api/v1/tokens", headers: ["content-type": "application/json"],
                                                       body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        #expect(response.status == .created, "sign-in of \(username)")
        struct Token: Decodable { let token: String }
        return try JSONDecoder().decode(Token.self, from: Data(buffer: response.body)).token
    }

    func api(_ method: HTTPMethod, _ path: String, token: String?, json: String? = nil, language: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        if json != nil { headers.add(name: .contentType, value: "application/json") }
        if let language { headers.add(name: .acceptLanguage, value: language) }
        return try await testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func schoolId(_ name: String) async throws -> UUID {
        try #require(try await School.query(on: db).filter(\.$name == name).first()?.id, "school \(name)")
    }

    func classId(_ schoolName: String, grade: Int, number: Int) async throws -> UUID {
        let schoolId = try await schoolId(schoolName)
        return try #require(try await SchoolClass.query(on: db).filter(\.$schoolId == schoolId).filter(\.$gradeNumber == grade)
            .filter(\.$number == number).first()?.id, "class \(grade)-\(number) of \(schoolName)")
    }

    func userId(_ username: String) async throws -> UUID {
        try #require(try await User.query(on: db).filter(\.$username == username).first()?.id, "user \(username)")
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }

    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer: body))
    }

    var errorCode: String? {
        struct Body: Decodable { struct Inner: Decodable { let code: String; let message: String }; let error: Inner }
        return try? json(Body.self).error.code
    }

    var errorMessage: String? {
        struct Body: Decodable { struct Inner: Decodable { let code: String; let message: String }; let error: Inner }
        return try? json(Body.self).error.message
    }
}

/// A browser-like visitor of the pages: keeps the session cookie and sends the form token.
final class Visitor: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ app: Application) { self.app = app }

    static func signedIn(_ app: Application, as username: String, password: String = DemoDistrict.password) async throws -> Visitor {
        let visitor = Visitor(app)
        let response = try await visitor.signIn(username, password: password)
        #expect(response.status == .seeOther, "sign-in of \(username)")
        // As a browser would: follow the redirect, which hands out the new session's form token.
        try await visitor.get(response.headers.first(name: .location) ?? "/")
        return visitor
    }

    func signIn(_ username: String, password: String) async throws -> TestingHTTPResponse {
        _ = try await get("/sign-in")
        return try await post("/sign-in", form: ["username": username, "password": password, "next": "/"])
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        let response = try await app.testing().sendRequest(.GET, path, headers: headers())
        remember(response)
        return response
    }

    @discardableResult
    func post(_ path: String, form: [String: String], csrf token: String? = nil) async throws -> TestingHTTPResponse {
        var fields = form
        fields["_csrf"] = token ?? csrf
        let body = fields.map { "\($0.key.formEncoded)=\($0.value.formEncoded)" }.joined(separator: "&")
        var headers = headers()
        headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    @discardableResult
    func upload(_ path: String, file: Data, fileName: String, fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
        let boundary = "----jianfu-test-boundary"
        var body = Data()
        var all = fields
        all["_csrf"] = csrf
        for (key, value) in all {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = headers()
        headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: body))
        remember(response)
        return response
    }

    private func headers() -> HTTPHeaders {
        var headers: HTTPHeaders = [:]
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        return headers
    }

    private func remember(_ response: TestingHTTPResponse) {
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if header.contains("Max-Age=0") || header.contains("Expires=Thu, 01 Jan 1970") { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
        if let range = response.body.string.range(of: #"name="_csrf" value=""#) {
            let rest = response.body.string[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrf = String(rest[..<end]) }
        }
    }
}

extension String {
    var formEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
