import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The test rules a school could walk through, each proven through the API by a test named after its rule id.
@Suite struct AssessmentRuleTests {
    @Test func EX04_aWeeklyTestFiledAsAnotherKindIsRefused() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            for (kind, paper) in [("final", true), ("non_paper", false)] {
                let response = try await world.file(teacher, world.filing(kind: kind, paper: paper, extra: #","title":"第三单元测验""#))
                #expect(response.status == .unprocessableEntity, "\(kind)")
                #expect(try response.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-04"))
            }
            #expect(try await world.file(teacher, world.filing(extra: #","title":"期末考试""#)).status == .created)
        }
    }

    @Test func EX05_aRegionalTestIsRefusedOutsideTheGraduatingGrade() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let principal2 = try await app.token("principal2")
            let grade7 = try await world.file(principal2, world.filing(classes: [world.grade7], extra: #","organiser":"district""#))
            #expect(grade7.status == .unprocessableEntity)
            #expect(try grade7.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-05"))
            let grade9 = try await world.file(principal2, world.filing(classes: [world.grade9], extra: #","organiser":"district""#))
            #expect(grade9.status == .created, "\(grade9.text)")
            let id = try grade9.json(DecodedTestsFiled.self).ids[0]
            struct Test: Decodable { let organiser: String? }
            #expect(try await app.api(.GET, "/api/v1/tests/\(id)", token: principal2).json(Test.self).organiser == "district")
            #expect(try await world.file(principal2, world.filing(classes: [world.grade7], extra: #","organiser":"county""#)).status == .badRequest)
        }
    }

    @Test func EX13_aBoughtPaperIsRefusedAndTheSourceIsKept() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let bought = try await world.file(teacher, world.filing(extra: #","paperSource":"purchased""#))
            #expect(bought.status == .unprocessableEntity)
            #expect(try bought.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-13"))
            let own = try await world.file(teacher, world.filing(extra: #","paperSource":"authority_bank""#))
            #expect(own.status == .created)
            let id = try own.json(DecodedTestsFiled.self).ids[0]
            struct Test: Decodable { let paperSource: String? }
            #expect(try await app.api(.GET, "/api/v1/tests/\(id)", token: teacher).json(Test.self).paperSource == "authority_bank")
        }
    }

    /// Under 五四制 grade 6 is junior: 90 minutes of written homework and a mid-term are allowed, as in grade 7 of 六三制.
    @Test func aFiveFourDistrictHoldsGradeSixToTheJuniorRules() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let (_, token) = try await world.account(teachingSubject: "数学", school: "第一实验小学", grade: 6, number: 1)
            let grade6 = try await app.classId("第一实验小学", grade: 6, number: 1)
            let sixThree = try await world.file(token, world.filing(classes: [grade6], minutes: 80))
            #expect(sixThree.errorCode == "cap_exceeded", "under 六三制 grade 6 is primary: 60 minutes")
            let midtermSixThree = try await app.api(.POST, "/api/v1/tests", token: token, json: AssessmentWorld(app).filing(classes: [grade6], kind: "midterm"))
            #expect(try midtermSixThree.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-03"))

            let district = try #require(try await District.query(on: app.db).first())
            district.schoolSystem = SchoolSystem.fiveFour.rawValue
            try await district.save(on: app.db)
            #expect(try await world.file(token, world.filing(classes: [grade6], minutes: 80)).status == .created, "under 五四制 grade 6 is junior: 90 minutes")
            let midterm = try await app.api(.POST, "/api/v1/tests", token: token, json: AssessmentWorld(app).filing(classes: [grade6], kind: "midterm"))
            #expect(midterm.status == .created, "\(midterm.text)")
            let bureau = try await Visitor.signedIn(app, as: "bureau").get("/dashboard")
            #expect(bureau.text.contains("小学3至5年级"), "the dashboard draws the bands as the district's system does")
        }
    }
}
