import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Assessment tables as data on the demo district: seed 002's table as published with where its numbers disagree, the
/// bureau's decisions, rating schools on a term and the list of schools by total (district roles only).
@Suite struct SupervisionAssessmentTests {
    struct Table: Decodable {
        struct Discrepancy: Decodable { let key: String; let kind: String; let stated: Double?; let sumOfParts: Double?; let decision: String?; let decidedBy: String? }
        let id: String
        let key: String
        let discrepancies: [Discrepancy]
        let undecided: [String]
    }
    struct Score: Decodable { let total: Double; let maximum: Double; let rated: Int; let toRate: Int }
    struct Standing: Decodable { let schoolId: String; let schoolName: String; let total: Double?; let previousTotal: Double? }

    /// A small table of the bureau's own: B1's parts add to 12 against its stated 10.
    static let smallTable = """
        id: town-2026
        title: 乡镇学校评估表
        source: 区教育局（测试）
        statedTotal: 20
        scheme:
          kind: levels
          wording: 一等1.0;二等0.8
          levels:
            - {level: 1, name: 一等, weight: "1.0", criterion: ""}
            - {level: 2, name: 二等, weight: "0.8", criterion: 一条不足}
        indicators:
          - code: A1
            points: 20
            children:
              - code: B1
                points: 10
                children:
                  - {code: C1, points: 6}
                  - {code: C2, points: 6}
              - code: B2
                points: 10
                children:
                  - {code: C3, points: 10}
        """

    static func load(_ yaml: String) -> String {
        let escaped = yaml.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        return #"{"yaml":"\#(escaped)"}"#
    }

    @Test func theSeedTableIsShownAsPublishedWithWhereItDisagreesAndTheBureausDecisions() async throws {
        try await TestApp.withApp { app in
            let bureau = try await app.token("bureau")
            let tables = try await app.api(.GET, "/api/v1/assessment-tables", token: bureau).json([Table].self)
            let seed = try #require(tables.first { $0.key == "baishan-2023" })
            let byKey = Dictionary(uniqueKeysWithValues: seed.discrepancies.map { ($0.key, $0) })
            // A2 states 70 where its parts state 75; two indicators are both "B5" and there is no B6; C17's achievements have no cap.
            #expect(byKey["sum:A2"]?.stated == 70 && byKey["sum:A2"]?.sumOfParts == 75)
            #expect(byKey["duplicate:B5"] != nil && byKey["missing:B6"] != nil && byKey["cap:C17"] != nil)
            // The demo's bureau decided each, and who did is shown.
            #expect(seed.undecided.isEmpty && seed.discrepancies.allSatisfy { $0.decision != nil && $0.decidedBy?.isEmpty == false })
            #expect(byKey["cap:C17"]?.decision == "capped")
            for user in ["principal", "teacher", "parent"] {
                #expect(try await app.api(.GET, "/api/v1/assessment-tables", token: try await app.token(user)).status == .forbidden, "\(user)")
            }
            // The page shows the published numbers side by side.
            let page = try await Visitor.signedIn(app, as: "bureau").get("/supervision/assessment/\(seed.id)")
            #expect(page.status == .ok && page.text.contains("A2") && page.text.contains("75") && page.text.contains("B6"))
        }
    }

    @Test func aTableOfTheBureausOwnIsRatedOnlyOnceTheBureauHasDecidedWhatItsNumbersMean() async throws {
        try await TestApp.withApp { app in
            let bureau = try await app.token("bureau"), inspector = try await app.token("inspector")
            // Unknown schemes and unreadable tables are refused, in the reader's language, and nothing is loaded.
            let before = try await AssessmentTableRecord.query(on: app.db).count()
            let percent = try await app.api(.POST, "/api/v1/assessment-tables", token: bureau, json: Self.load(Self.smallTable.replacingOccurrences(of: "kind: levels", with: "kind: percent")))
            #expect(percent.status == .unprocessableEntity && percent.errorCode == "unknown_scheme")
            let english = try await app.api(.POST, "/api/v1/assessment-tables", token: bureau,
                                            json: Self.load(Self.smallTable.replacingOccurrences(of: "weight: \"0.8\"", with: "weight: \"8\"")), language: "en")
            #expect(english.status == .unprocessableEntity && english.errorCode == "invalid_table")
            #expect(english.errorMessage?.contains("8") == true)
            #expect(try await app.api(.POST, "/api/v1/assessment-tables", token: bureau, json: #"{"key":"nowhere-1999"}"#).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/assessment-tables", token: inspector, json: Self.load(Self.smallTable)).status == .forbidden)
            #expect(try await AssessmentTableRecord.query(on: app.db).count() == before)

            let loaded = try await app.api(.POST, "/api/v1/assessment-tables", token: bureau, json: Self.load(Self.smallTable))
            #expect(loaded.status == .created)
            let table = try loaded.json(Table.self)
            #expect(table.undecided == ["sum:B1"])
            #expect(try await app.api(.POST, "/api/v1/assessment-tables", token: bureau, json: Self.load(Self.smallTable)).errorCode == "table_loaded")

            let school = try await app.schoolId("第一实验小学")
            let term = try #require(try await Term.query(on: app.db).filter(\.$startsOn <= "2026-11-25").filter(\.$endsOn >= "2026-11-25").first()).id!
            func rate(_ ratings: String, token: String? = nil) async throws -> TestingHTTPResponse {
                try await app.api(.PUT, "/api/v1/assessment-tables/\(table.id)/schools/\(school)", token: token ?? inspector,
                                  json: #"{"termId":"\#(term)","ratings":\#(ratings)}"#)
            }
            // Nothing is totalled on a guess: B1 is worth 10 or 12 until the bureau says.
            let undecided = try await rate(#"[{"code":"C1","level":1}]"#)
            #expect(undecided.status == .conflict && undecided.errorCode == "table_undecided")
            #expect(try await app.api(.POST, "/api/v1/assessment-tables/\(table.id)/decisions", token: bureau,
                                      json: #"{"key":"sum:B1","decision":"capped"}"#).errorCode == "invalid_decision")
            #expect(try await app.api(.POST, "/api/v1/assessment-tables/\(table.id)/decisions", token: inspector,
                                      json: #"{"key":"sum:B1","decision":"stated"}"#).status == .forbidden)
            let decided = try await app.api(.POST, "/api/v1/assessment-tables/\(table.id)/decisions", token: bureau,
                                            json: #"{"key":"sum:B1","decision":"stated","note":"局务会：B1 按10分计"}"#)
            #expect(try decided.json(Table.self).undecided.isEmpty)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "supervision.table.decide").count() >= 1)

            // Ratings outside the scheme or the table are refused whole; nothing is kept of them.
            #expect(try await rate(#"[{"code":"C1","level":1},{"code":"C2","level":3}]"#).errorCode == "level_not_in_scheme")
            #expect(try await rate(#"[{"code":"C9","level":1}]"#).errorCode == "unknown_indicator")
            #expect(try await AssessmentRating.query(on: app.db).filter(\.$tableId == UUID(uuidString: table.id)!).count() == 0)
            #expect(try await rate(#"[{"code":"C1","level":1}]"#, token: try await app.token("principal")).status == .forbidden)

            // By hand: B1 = (6×1.0 + 6×0.8) scaled to its stated 10 = 10.8 × 10/12 = 9; B2 = 10 × 0.8 = 8; total 17 of 20.
            let first = try await rate(#"[{"code":"C1","level":1},{"code":"C2","level":2}]"#)
            #expect(try first.json(Score.self).rated == 2 && (try first.json(Score.self)).toRate == 3)
            let score = try await rate(#"[{"code":"C3","level":2,"note":"实地查看"}]"#).json(Score.self)
            #expect(abs(score.total - 17) < 0.0001 && score.maximum == 20 && score.rated == 3)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "supervision.rating").count() == 2)

            // The bureau lists schools by total; the school sees its own breakdown, never the list or another's.
            let standings = try await app.api(.GET, "/api/v1/assessment-tables/\(table.id)/standings?termId=\(term)", token: bureau).json([Standing].self)
            #expect(standings.first?.schoolId == school.uuidString && standings.first?.total == 17)
            #expect(standings.dropFirst().allSatisfy { $0.total == nil })
            #expect(try await app.api(.GET, "/api/v1/assessment-tables/\(table.id)/standings", token: try await app.token("principal")).status == .forbidden)
            let own = try await Visitor.signedIn(app, as: "principal").get("/supervision/assessment/\(table.id)/rating?school=\(school)")
            #expect(own.status == .ok && own.text.contains("17"))
            let other = try await Visitor.signedIn(app, as: "principal2").get("/supervision/assessment/\(table.id)/rating?school=\(school)")
            #expect(other.status == .notFound)
        }
    }

    @Test func theDemosSchoolsCarryLastTermsTotalsIntoThisTermsList() async throws {
        try await TestApp.withApp { app in
            let bureau = try await app.token("bureau")
            let seed = try #require(try await app.api(.GET, "/api/v1/assessment-tables", token: bureau).json([Table].self).first { $0.key == "baishan-2023" })
            let previous = try #require(try await Term.query(on: app.db).sort(\.$startsOn).first()).id!
            let last = try await app.api(.GET, "/api/v1/assessment-tables/\(seed.id)/standings?termId=\(previous)", token: bureau).json([Standing].self)
            let schools = try await School.query(on: app.db).count()
            #expect(last.count == schools && last.allSatisfy { $0.total != nil })
            #expect(zip(last, last.dropFirst()).allSatisfy { ($0.total ?? 0) >= ($1.total ?? 0) }, "highest first")
            let now = try await app.api(.GET, "/api/v1/assessment-tables/\(seed.id)/standings", token: bureau).json([Standing].self)
            #expect(now.allSatisfy { $0.total == nil && $0.previousTotal != nil }, "this term not yet rated, last term's total beside it")
        }
    }
}
