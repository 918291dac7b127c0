import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct PolicyAndPlatformTests {
    @Test func aMalformedProfileStopsTheServerNamingFileAndKey() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let national = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Policy/national.yaml")
        let text = try String(contentsOf: national, encoding: .utf8).replacingOccurrences(of: "minutes: 90", with: "minutes: lots")
        try text.write(to: dir.appendingPathComponent("national.yaml"), atomically: true, encoding: .utf8)
        let app = try await Application.make(.testing)
        defer { Task { try? await app.asyncShutdown() } }
        var options = ServerOptions(store: .sqliteMemory, bcryptCost: 4)
        options.policyDirectory = dir.path
        let error = await #expect(throws: PolicyProfileError.self) { try await App.configure(app, options: options) }
        #expect(error?.file.hasSuffix("national.yaml") == true)
        #expect(error?.key == "homework.writtenCap.junior.minutes")
    }

    @Test func bureauTightensTheCapAndCannotLoosenIt() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            #expect(try await bureau.get("/policy").text.contains("HW-02"))
            let tightened = try await bureau.post("/policy", form: ["homework.writtenCap.primaryUpper": "45"])
            #expect(tightened.status == .ok)
            let district = try #require(try await District.query(on: app.db).first())
            #expect(try app.policies.profile(for: district).writtenCapMinutes(grade: 4, system: .sixThree) == 45)
            let loosened = try await bureau.post("/policy", form: ["homework.writtenCap.junior": "120"])
            #expect(loosened.status == .unprocessableEntity)
            #expect(loosened.text.contains("HW-03"))
            #expect(loosened.text.contains("不能放宽"))
            let unchanged = try #require(try await District.query(on: app.db).first())
            #expect(try app.policies.profile(for: unchanged).writtenCapMinutes(grade: 8, system: .sixThree) == 90)
            #expect(try app.policies.profile(for: unchanged).writtenCapMinutes(grade: 4, system: .sixThree) == 45)
            let text = try await bureau.post("/policy", form: ["homework.maxItemMinutes": "abc"])
            #expect(text.status == .unprocessableEntity)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$entity == "policy_adjustments").count() == 1)
        }
    }

    @Test func inspectorReadsThePolicyButCannotChangeIt() async throws {
        try await TestApp.withApp { app in
            let inspector = try await Visitor.signedIn(app, as: "inspector")
            let page = try await inspector.get("/policy")
            #expect(page.status == .ok)
            #expect(!page.text.contains("name=\"homework.writtenCap.primaryUpper\""))
            #expect(try await inspector.post("/policy", form: ["homework.writtenCap.primaryUpper": "30"]).status == .forbidden)
        }
    }

    @Test func sqliteFileRunsInWriteAheadLogMode() async throws {
        guard TestApp.postgresURL == nil else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wal-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await TestApp.withApp(seed: false, options: TestApp.options(sqliteFile: path)) { _ in
            #expect(Application.fileHeaderSaysWAL(path))
        }
    }

    @Test func theServerServesItsOwnOpenAPIDocument() async throws {
        try await TestApp.withApp(seed: false) { app in
            let json = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(json.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any])
            let paths = try #require(object["paths"] as? [String: Any])
            for path in ["/tokens", "/me", "/schools", "/schools/{id}/classes", "/classes/{id}"] {
                #expect(paths[path] != nil, "\(path)")
            }
            let yaml = try await app.testing().sendRequest(.GET, "/api/v1/openapi.yaml")
            #expect(yaml.text.hasPrefix("openapi:"))
        }
    }

    @Test func demoDistrictHasTheDocumentedShape() async throws {
        try await TestApp.withApp { app in
            #expect(try await School.query(on: app.db).count() == 12)
            let pupils = try await Student.query(on: app.db).count()
            #expect(pupils > 2000 && pupils < 10000)
            let first = try #require(try await School.query(on: app.db).filter(\.$name == "第一实验小学").first())
            #expect(!first.reviewSubjectLeader && !first.reviewHeadTeacher && !first.reviewAcademicOffice)
            let junior = try #require(try await School.query(on: app.db).filter(\.$name == "第一中学").first())
            #expect(junior.reviewSubjectLeader && junior.reviewHeadTeacher && junior.reviewAcademicOffice)
            // This term, holding the demo's day, and the one before it (last term's inspections and ratings).
            let terms = try await Term.query(on: app.db).sort(\.$startsOn).all()
            #expect(terms.map { "\($0.startsOn)…\($0.endsOn)" } == ["2026-02-20…2026-07-10", "2026-09-01…2027-01-22"])
            let accounts = try await User.query(on: app.db).filter(\.$passwordHash != nil).all().map(\.username).sorted()
            #expect(accounts == ["bureau", "inspector", "parent", "parent2", "principal", "principal2", "teacher", "teacher2"])
        }
    }
}

@Suite struct TermTests {
    @Test func bureauSetsUpTermsAndHolidaysThatFilingObeys() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let page = try await bureau.get("/terms")
            #expect(page.text.contains("国庆节"))
            let term = try #require(try await Term.query(on: app.db).filter(\.$startsOn <= "2026-11-26").filter(\.$endsOn >= "2026-11-26").first())
            let added = try await bureau.post("/terms/days", form: ["termId": term.id!.uuidString, "date": "2026-11-26", "kind": "holiday", "name": "区运动会"])
            #expect(added.status == .ok)
            let world = try await HomeworkWorld(app)
            let refused = try await world.file(try await app.token("teacher"), world.filing(on: "2026-11-26", due: "2026-11-27"))
            #expect(refused.errorCode == "not_teaching_day")
            #expect(try await bureau.post("/terms/days", form: ["termId": term.id!.uuidString, "date": "2026-11-26", "kind": "holiday", "name": "x"]).status == .conflict)
            #expect(try await bureau.post("/terms/days", form: ["termId": term.id!.uuidString, "date": "2026-11-27", "kind": "make_up_workday", "name": "调休"]).status == .unprocessableEntity)
            #expect(try await bureau.post("/terms/days", form: ["termId": term.id!.uuidString, "date": "2027-05-01", "kind": "holiday", "name": "劳动节"]).status == .unprocessableEntity)
            let overlap = try await bureau.post("/terms", form: ["name": "重叠学期", "startsOn": "2027-01-01", "endsOn": "2027-06-30"])
            #expect(overlap.status == .conflict)
            let next = try await bureau.post("/terms", form: ["name": "2026—2027学年第二学期", "startsOn": "2027-02-22", "endsOn": "2027-07-09"])
            #expect(next.status == .ok)
            #expect(try await Term.query(on: app.db).count() == 3, "the demo's last term, this term and the next")
            let principal = try await Visitor.signedIn(app, as: "principal")
            #expect(try await principal.get("/terms").status == .ok)
            #expect(try await principal.post("/terms", form: ["name": "x", "startsOn": "2027-08-01", "endsOn": "2027-08-30"]).status == .forbidden)
            #expect(try await Visitor.signedIn(app, as: "parent").get("/terms").status == .notFound)
        }
    }
}
