import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import NIOConcurrencyHelpers
import SQLKit
import Testing
import VaporTesting

@Suite struct HardeningTests {
    @Test func everyResponseCarriesTheSecurityHeadersAndTLSAddsHSTSAndSecureCookies() async throws {
        try await TestApp.withApp { app in
            let visitor = Visitor(app)
            for response in [try await visitor.get("/sign-in"), try await visitor.get("/css/app.css"), try await visitor.get("/no-such-page"),
                             try await app.api(.GET, "/api/v1/me", token: nil)] {
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("unsafe-inline") == false)
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain HTTP")
            }
            #expect(try await visitor.get("/sign-in").headers.first(name: .cacheControl) == "no-store")
            #expect(try await visitor.get("/css/app.css").headers.first(name: .cacheControl) == "no-cache")

            let overTLS = try await app.testing().sendRequest(.GET, "/sign-in", headers: ["X-Forwarded-Proto": "https"])
            #expect(overTLS.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
            let cookie = try #require(overTLS.headers[.setCookie].first { $0.hasPrefix("jianfu-session=") })
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let plain = try #require(try await app.testing().sendRequest(.GET, "/sign-in").headers[.setCookie].first { $0.hasPrefix("jianfu-session=") })
            #expect(!plain.contains("Secure") && plain.contains("HttpOnly"))
        }
    }

    /// Stopping the server while a request is still reading from the database: the request finishes, and only
    /// then does the database close (the engine does not matter here, so an in-memory SQLite one).
    @Test func shutdownLetsARequestInFlightFinishItsDatabaseWork() async throws {
        let app = try await Application.make(.testing)
        try await App.configure(app, options: ServerOptions(store: .sqliteMemory, bcryptCost: 4, clockStart: TestApp.demoMorning))
        let started = NIOLockedValueBox(false)
        app.get("slow-read") { req async throws -> String in
            started.withLockedValue { $0 = true }
            try await Task.sleep(for: .milliseconds(300))
            struct Row: Decodable { let n: Int }
            return try await "read \(req.db.sql.raw("SELECT 7 AS n").first(decoding: Row.self)?.n ?? 0)"
        }
        let answer = Task { try await app.testing().sendRequest(.GET, "/slow-read") }
        // Shut down once the request is surely in flight (a fixed pause was too short on a loaded machine).
        while !started.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        try await app.asyncShutdown()
        let response = try await answer.value
        #expect(response.status == .ok && response.body.string == "read 7")
    }

    @Test func pagesCarryNoInlineScript() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            for username in ["bureau", "principal", "teacher", "parent"] {
                let visitor = try await Visitor.signedIn(app, as: username)
                for path in ["/", "/homework/file", "/homework/review", "/tests", "/dashboard", "/classes/\(world.class1)", "/classes/\(world.class1)/homework", "/audit"] {
                    let body = try await visitor.get(path).text
                    #expect(body.range(of: #"<script(?![^>]*\bsrc=)"#, options: .regularExpression) == nil, "\(username) \(path): inline script")
                    #expect(body.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(username) \(path): inline event handler")
                    #expect(body.range(of: #"\sstyle\s*="#, options: .regularExpression) == nil, "\(username) \(path): inline style")
                }
            }
        }
    }

    @Test func aSessionEndsAfterAWeekOrAWorkingDayUnused() async throws {
        try await TestApp.withApp { app in
            for (key, age) in [(SessionLifetime.signedInKey, SessionLifetime.absolute + 60), (SessionLifetime.seenKey, SessionLifetime.idle + 60)] {
                let visitor = try await Visitor.signedIn(app, as: "teacher")
                #expect(try await visitor.get("/").status == .ok)
                let id = try #require(visitor.cookies["jianfu-session"])
                let record = try #require(try await SessionRecord.query(on: app.db).filter(\.$key == SessionID(string: id)).first())
                record.data[key] = String(Int(WallClock.now().timeIntervalSince1970 - age))
                try await record.save(on: app.db)
                let after = try await visitor.get("/")
                #expect(after.status == .seeOther, "\(key) too old: signed out")
                #expect(after.headers.first(name: .location)?.hasPrefix("/sign-in") == true)
            }
        }
    }

    @Test func signInRotatesTheSession() async throws {
        try await TestApp.withApp { app in
            let visitor = Visitor(app)
            _ = try await visitor.get("/sign-in")
            let before = try #require(visitor.cookies["jianfu-session"])
            #expect(try await visitor.post("/sign-in", form: ["username": "teacher", "password": DemoDistrict.password, "next": "/"]).status == .seeOther)
            let after = try #require(visitor.cookies["jianfu-session"])
            #expect(before != after)
            #expect(try await SessionRecord.query(on: app.db).filter(\.$key == SessionID(string: before)).count() == 0, "the planted id is gone")
        }
    }

    @Test func signInsAndFailuresAreAuditedWithTheAddress() async throws {
        try await TestApp.withApp { app in
            let teacherId = try await app.userId("teacher")
            _ = try await app.api(.POST, "/api/v1/tokens", token: nil, json: #"{"username":"teacher","password":"wrong"}"#)
            _ = try await app.token("teacher")
            let events = try await AuditEvent.query(on: app.db).filter(\.$entityId == teacherId).sort(\.$at).all()
            #expect(events.map(\.action) == ["sign_in_failed", "sign_in"])
            #expect(events.allSatisfy { $0.address?.isEmpty == false })
            #expect(events.last?.actorId == teacherId && events.first?.actorId == nil)
        }
    }

    @Test func nothingCanChangeOrDeleteAnAuditRecord() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            #expect(try await world.file(try await app.token("teacher"), world.filing()).status == .created)
            let sql = app.db.sql
            for table in ["audit_events", "homework_events"] {
                #expect(try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0 > 0)
                await #expect(throws: (any Error).self, "\(table): update") { try await sql.raw("UPDATE \(ident: table) SET action = 'forged'").run() }
                await #expect(throws: (any Error).self, "\(table): delete") { try await sql.raw("DELETE FROM \(ident: table)").run() }
                #expect(try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE action = 'forged'").first(decoding: Count.self)?.n == 0)
            }
            let filed = try await AuditEvent.query(on: app.db).filter(\.$action == "homework.file").first()
            let teacherId = try await app.userId("teacher")
            #expect(filed?.address != nil && filed?.actorId == teacherId)
        }
    }

    struct Count: Decodable { let n: Int }

    @Test func theAuditTrailIsSearchableWithinEachPersonsScope() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            #expect(try await world.file(try await app.token("teacher"), world.filing(content: "审计检索练习")).status == .created)
            let principal = try await Visitor.signedIn(app, as: "principal")
            let own = try await principal.get("/audit?action=homework")
            #expect(own.status == .ok && own.text.contains("homework_entry") && own.text.contains("王老师"))
            #expect(try await principal.get("/audit?action=homework&person=teacher2").text.contains("id=\"audit-empty\""))
            let otherSchool = try await Visitor.signedIn(app, as: "principal2").get("/audit?action=homework")
            #expect(otherSchool.status == .ok && !otherSchool.text.contains("homework_entry"))
            let principal2School = try await app.schoolId("第一中学")
            let principal1School = try await app.schoolId("第一实验小学")
            #expect(try await principal.get("/audit?school=\(principal2School)").status == .notFound)
            let inspector = try await Visitor.signedIn(app, as: "inspector").get("/audit?action=homework&school=\(principal1School)")
            #expect(inspector.text.contains("homework_entry"))
            for username in ["teacher", "teacher2", "parent"] {
                #expect(try await Visitor.signedIn(app, as: username).get("/audit").status == .forbidden, "\(username)")
            }
        }
    }

    @Test func aBackupTakenWhileServingRestoresEveryAcceptedWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jianfu-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let live = folder + "/live.sqlite", copy = folder + "/backup.sqlite", restored = folder + "/restored.sqlite"
        var options = TestApp.options(sqliteFile: live)
        options.store = .sqliteFile(live)
        var filedBeforeBackup: [String] = []
        try await TestApp.withApp(options: options) { app in
            let world = try await HomeworkWorld(app)
            let teacher = try await app.token("teacher")
            for minutes in [10, 15] {
                let filed = try await world.file(teacher, world.filing(minutes: minutes)).json(DecodedFiled.self)
                filedBeforeBackup += filed.ids
            }
            // Filings keep arriving while the copy is taken.
            async let more: Void = {
                for _ in 0..<5 { _ = try await world.file(teacher, world.filing(on: "2026-11-24", minutes: 5)) }
            }()
            try await DatabaseBackup.backup(database: live, to: copy)
            try await more
            await #expect(throws: DatabaseBackup.Failure.self, "never overwrites") { try await DatabaseBackup.backup(database: live, to: copy) }
        }
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: restored))
        await #expect(throws: DatabaseBackup.Failure.self) { try await DatabaseBackup.restore(from: restored, to: folder + "/x.sqlite") }
        let keptAs = try await DatabaseBackup.restore(from: copy, to: restored)
        #expect(keptAs.map { FileManager.default.fileExists(atPath: $0) } == true, "the replaced file is kept")
        var restoredOptions = options
        restoredOptions.store = .sqliteFile(restored)
        try await TestApp.withApp(seed: false, options: restoredOptions) { app in
            let ids = try await HomeworkEntry.query(on: app.db).all().map { $0.id!.uuidString }
            #expect(Set(filedBeforeBackup.map { $0.lowercased() }).isSubset(of: Set(ids.map { $0.lowercased() })))
            // Each entry in the copy has its history: the copy is one consistent moment.
            let events = try await HomeworkEvent.query(on: app.db).filter(\.$action == "file").count()
            #expect(events == ids.count)
            #expect(try await Visitor.signedIn(app, as: "teacher").get("/").status == .ok)
        }
    }
}

@Suite struct PasswordChangeTests {
    @Test func aPersonReplacesTheIssuedPasswordWithOneThatPassesTheRules() async throws {
        try await TestApp.withApp { app in
            let oldToken = try await app.token("teacher2")
            let visitor = try await Visitor.signedIn(app, as: "teacher2")
            #expect(try await visitor.get("/account/password").status == .ok)
            let cookieBefore = visitor.cookies["jianfu-session"]
            for (current, new, confirm, message) in [
                ("wrong-one", "qingshan2026", "qingshan2026", "当前密码不正确"),
                (DemoDistrict.password, "qingshan2026", "qingshan2027", "两次输入的新密码不一致"),
                (DemoDistrict.password, "short1", "short1", "至少需要 8 位"),
                (DemoDistrict.password, "abcdefghij", "abcdefghij", "同时包含字母和数字"),
                (DemoDistrict.password, "teacher2x99", "teacher2x99", "不能包含用户名"),
                (DemoDistrict.password, "abcd1234", "abcd1234", "太常见"),
            ] {
                let refused = try await visitor.post("/account/password", form: ["current": current, "password": new, "confirm": confirm])
                #expect(refused.status == .unprocessableEntity && refused.text.contains(message), "\(new): \(message)")
            }
            #expect(try await Visitor(app).signIn("teacher2", password: DemoDistrict.password).status == .seeOther, "nothing changed yet")
            let changed = try await visitor.post("/account/password", form: ["current": DemoDistrict.password, "password": "qingshan2026", "confirm": "qingshan2026"])
            #expect(changed.status == .ok && changed.text.contains("密码已修改"))
            #expect(visitor.cookies["jianfu-session"] != cookieBefore, "a new session id")
            #expect(try await visitor.get("/").status == .ok, "still signed in here")
            #expect(try await app.api(.GET, "/api/v1/me", token: oldToken).status == .unauthorized, "API tokens end")
            #expect(try await Visitor(app).signIn("teacher2", password: DemoDistrict.password).status == .unauthorized)
            #expect(try await Visitor(app).signIn("teacher2", password: "qingshan2026").status == .seeOther)
            let actions = try await AuditEvent.query(on: app.db).filter(\.$entityId == (try await app.userId("teacher2"))).all().map(\.action)
            #expect(actions.contains("change_password") && actions.contains("change_password_failed"))
        }
    }

    @Test func wrongCurrentPasswordsCountTowardTheThrottle() async throws {
        try await TestApp.withApp { app in
            let visitor = try await Visitor.signedIn(app, as: "teacher2")
            _ = try await visitor.get("/account/password")
            for _ in 0..<SignIn.maxFailuresPerAccount {
                _ = try await visitor.post("/account/password", form: ["current": "guess", "password": "qingshan2026", "confirm": "qingshan2026"])
            }
            let throttled = try await visitor.post("/account/password", form: ["current": DemoDistrict.password, "password": "qingshan2026", "confirm": "qingshan2026"])
            #expect(throttled.status == .tooManyRequests)
        }
    }
}
