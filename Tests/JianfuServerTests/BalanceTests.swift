import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// 优质均衡 on the demo district: a school's figures entered (all or nothing, audited) and held to the standard, the
/// county's coefficients and each school's standing for the bureau, class sizes, through the pages and the API.
@Suite struct BalanceServerTests {
    static let figures = #"{"pupils":600,"teachersAboveQualification":30,"keyTeachers":7,"peArtTeachers":6,"teachingArea":3000,"sportsArea":5000,"equipmentValue":1300000,"multimediaRooms":12}"#

    @Test func aSchoolsFiguresAreHeldToTheStandardAndAudited() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId(DemoDistrict.primaryNames[0])
            let principal = try await app.token("principal")
            // 12 rooms for 600 pupils is 2.0 a hundred, 87 % of 2.3; sports ground 8.3 m² and the rest above: it passes.
            let saved = try await app.api(.PUT, "/api/v1/schools/\(school)/resources/2026", token: principal, json: Self.figures)
            #expect(saved.status == .ok, "\(saved.text)")
            struct Answer: Decodable {
                struct Indicator: Decodable { let code: String; let met: Bool; let shortfall: Double; let unit: String }
                let passes: Bool
                let indicators: [Indicator]
            }
            let answer = try saved.json(Answer.self)
            #expect(answer.passes && answer.indicators.count == 7)
            let rooms = try #require(answer.indicators.first { $0.code == "L7" })
            #expect(!rooms.met && abs(rooms.shortfall - 0.3) < 1e-9 && rooms.unit == "间/百生")
            // A missing figure refuses the whole entry, in the reader's language, and writes nothing.
            let before = try await SchoolResources.query(on: app.db).filter(\.$schoolId == school).filter(\.$year == 2025).count()
            let missing = try await app.api(.PUT, "/api/v1/schools/\(school)/resources/2025", token: principal, json: #"{"pupils":600}"#)
            #expect(missing.status == .unprocessableEntity && missing.text.contains("高于规定学历教师数"))
            #expect(try await SchoolResources.query(on: app.db).filter(\.$schoolId == school).filter(\.$year == 2025).count() == before)
            #expect(try await app.api(.PUT, "/api/v1/schools/\(school)/resources/1999", token: principal, json: Self.figures).status == .unprocessableEntity)
            // Another school's administrator, a teacher: refused.
            #expect(try await app.api(.PUT, "/api/v1/schools/\(school)/resources/2026", token: try await app.token("principal2"), json: Self.figures).status == .forbidden)
            #expect(try await app.api(.PUT, "/api/v1/schools/\(school)/resources/2026", token: try await app.token("teacher"), json: Self.figures).status == .forbidden)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "balance.resources").filter(\.$schoolId == school).first())
            #expect(audit.detail.contains("multimediaRooms") && audit.detail.contains("before"), "the figures entered, and what they replaced")

            // On the page: a figure short of the standard is shown with its shortfall.
            let page = try await Visitor.signedIn(app, as: "principal")
            let form = try await page.get("/balance/schools/\(school)?year=2026")
            #expect(form.status == .ok && form.text.contains("id=\"bal-form\"") && form.text.contains("2.00 间/百生"))
            let bad = try await page.post("/balance/schools/\(school)", form: ["year": "2026", "primary.pupils": "abc"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("应为数字"))
        }
    }

    @Test func theBureauReadsTheCountysCoefficientsWeightedByPupils() async throws {
        try await TestApp.withApp { app in
            let district = try #require(try await District.query(on: app.db).first())
            let year = TestApp.demoToday.year
            let bureau = try await app.token("bureau")
            let read = try await app.api(.GET, "/api/v1/balance/\(year)", token: bureau)
            #expect(read.status == .ok, "\(read.text)")
            struct Balance: Decodable {
                struct Stage: Decodable { let cv: [String: Double]; let limit: Double; let schools: Int }
                struct School: Decodable { let name: String; let stage: String; let passes: Bool }
                struct Sizes: Decodable { let classes: Int }
                let primary: Stage
                let junior: Stage
                let schools: [School]
                let classSizes: Sizes
            }
            let balance = try read.json(Balance.self)
            #expect(balance.primary.limit == 0.5 && balance.junior.limit == 0.45)
            #expect(balance.primary.cv.count == 7 && balance.junior.cv.count == 7)
            #expect(balance.schools.first { $0.name == "城关小学" }?.passes == false, "short of sports ground and rooms")
            #expect(balance.classSizes.classes == (try await SchoolClass.query(on: app.db).filter(\.$districtId == district.id!).count()))
            // The API's coefficient is the enrolment-weighted one, recomputed here from the stored figures.
            let rows = try await SchoolResources.query(on: app.db).filter(\.$year == year).filter(\.$part == "primary").all()
            let pairs = rows.map { r in (pupils: r.resourceFigures.pupils, value: r.resourceFigures.values["sportsArea"]! / r.resourceFigures.pupils) }
            let expected = try #require(Variation.of(pairs)).coefficient
            #expect(abs((balance.primary.cv["L5"] ?? -1) - expected) < 1e-9)

            let page = try await Visitor.signedIn(app, as: "bureau").get("/balance")
            #expect(page.status == .ok && page.text.contains("城关小学") && page.text.contains("id=\"bal-sizes\"") && page.text.contains("id=\"bal-trend\""))
            let dashboard = try await Visitor.signedIn(app, as: "bureau").get("/dashboard")
            #expect(dashboard.text.contains("班额与优质均衡") && dashboard.text.contains("\(year)年资源配置达标学校"), "class sizes on the dashboard")
            #expect(try await Visitor.signedIn(app, as: "principal").get("/balance").status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/balance/\(year)", token: try await app.token("principal")).status == .notFound)
        }
    }
}
