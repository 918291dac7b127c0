import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// 平行编班 on the demo district: a school's administrator places an incoming grade from a CSV list (bad lines named,
/// nothing written), the same seed gives the same classes through the API, the record masks names and shows the check,
/// confirmation locks it, and a later change is a transfer with its reason.
@Suite struct PlacementTests {
    static func list(_ count: Int) -> String {
        var lines = ["编号,姓名,性别,特殊需要,同班,分班,语文,数学"]
        for i in 0..<count {
            lines.append("N\(i),张小\(i),\(i % 2 == 0 ? "男" : "女"),\(i == 7 ? "是" : ""),\(i == 3 || i == 4 ? "孪生" : ""),,\(60 + (i * 37) % 41),\(55 + (i * 53) % 45)")
        }
        return lines.joined(separator: "\n")
    }

    @Test func aSchoolPlacesAGradeConfirmsItAndRecordsATransfer() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            let before = try await PlacementRun.query(on: app.db).count()
            var bad = Self.list(40).components(separatedBy: "\n")
            bad[5] = "N4,某某,未知,,,,70,70"
            bad[9] = "N8,某某,女,,,,七十,70"
            let refused = try await principal.post("/balance/placements", form: ["grade": "1", "classCount": "2", "pupils": bad.joined(separator: "\n")])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("第6行性别") && refused.text.contains("第10行语文成绩"))
            #expect(try await PlacementRun.query(on: app.db).count() == before, "a bad list places nobody")
            #expect(try await principal.post("/balance/placements", form: ["grade": "8", "classCount": "2", "pupils": Self.list(40)]).status
                == .unprocessableEntity, "a primary school has no grade 8")

            // The demo's grade 1 is confirmed already: this is grade 2's.
            let placed = try await principal.post("/balance/placements", form: ["grade": "2", "classCount": "2", "seed": "42", "pupils": Self.list(80)])
            #expect(placed.status == .seeOther)
            let run = try #require(try await PlacementRun.query(on: app.db).filter(\.$seed == "42").first())
            #expect(run.classLists.map(\.count) == [40, 40] && run.unmetList.isEmpty)
            #expect(run.classLists.contains { $0.contains("N3") && $0.contains("N4") }, "the twins together")
            let record = try await principal.get("/balance/placements/\(run.id!)")
            #expect(record.status == .ok && record.text.contains("id=\"pl-balanced\"") && record.text.contains("张*1") && !record.text.contains("张小1"),
                    "names masked on the record for the public notice")
            #expect(try await principal.post("/balance/placements/\(run.id!)/transfers", form: ["ref": "N1", "toClass": "2", "reason": "x"]).status == .conflict,
                    "no transfer before confirmation")
            #expect(try await Visitor.signedIn(app, as: "bureau").post("/balance/placements/\(run.id!)/confirm", form: [:]).status == .forbidden)
            #expect(try await principal.post("/balance/placements/\(run.id!)/confirm", form: [:]).status == .seeOther)
            #expect(try await principal.post("/balance/placements/\(run.id!)/confirm", form: [:]).status == .conflict, "confirmed once, then locked")
            let pupil = run.classLists[0][0]
            #expect(try await principal.post("/balance/placements/\(run.id!)/transfers", form: ["ref": pupil, "toClass": "2", "reason": " "]).status == .unprocessableEntity)
            #expect(try await principal.post("/balance/placements/\(run.id!)/transfers", form: ["ref": pupil, "toClass": "2", "reason": "家长申请，与哥哥同班接送"]).status == .seeOther)
            let after = try await principal.get("/balance/placements/\(run.id!)")
            #expect(after.text.contains("家长申请，与哥哥同班接送") && after.text.contains("\(pupil)：1 → 2"))
            let actions = try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["placement.run", "placement.confirm", "placement.transfer"]).all().map(\.action)
            #expect(actions.sorted() == ["placement.confirm", "placement.run", "placement.transfer"])
            #expect(try await Visitor.signedIn(app, as: "principal2").get("/balance/placements/\(run.id!)").status == .notFound)
        }
    }

    @Test func theSameInputAndSeedGiveTheSameClassesThroughTheAPI() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId(DemoDistrict.primaryNames[0])
            let pupils = (0..<60).map { i in #"{"ref":"R\#(i)","sex":"\#(i % 2 == 0 ? "m" : "f")","scores":{"语文":\#(50 + (i * 31) % 50),"数学":\#(40 + (i * 17) % 60)}}"# }
            let body = #"{"schoolId":"\#(school)","grade":1,"classCount":3,"seed":7,"pupils":[\#(pupils.joined(separator: ","))]}"#
            let token = try await app.token("principal")
            struct Placed: Decodable {
                struct Class: Decodable { let pupils: [String]; let meanTotal: Double }
                let seed: Int
                let classes: [Class]
                let unmet: [String]
            }
            let first = try await app.api(.POST, "/api/v1/placements", token: token, json: body)
            #expect(first.status == .created, "\(first.text)")
            let a = try first.json(Placed.self), b = try await app.api(.POST, "/api/v1/placements", token: token, json: body).json(Placed.self)
            #expect(a.seed == 7 && a.classes.map(\.pupils) == b.classes.map(\.pupils))
            #expect(a.classes.map(\.pupils.count) == [20, 20, 20] && a.unmet.isEmpty)
            let means = a.classes.map(\.meanTotal)
            #expect(means.max()! - means.min()! <= 1)
            let duplicate = body.replacingOccurrences(of: #""ref":"R1""#, with: #""ref":"R0""#)
            let refused = try await app.api(.POST, "/api/v1/placements", token: token, json: duplicate)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("R0"))
            #expect(try await app.api(.POST, "/api/v1/placements", token: try await app.token("teacher"), json: body).status == .forbidden)
        }
    }
}
