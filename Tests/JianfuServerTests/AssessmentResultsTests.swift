import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct AssessmentResultsTests {
    /// A maths final of grade 4 class 1 held today, with results for the first pupils.
    func finalWithResults(_ world: AssessmentWorld, _ token: String, scores: [String]) async throws -> (test: String, pupils: [UUID]) {
        let test = try await world.filed(token, world.filing(on: TestApp.demoToday.iso))
        let pupils = try await world.pupils(of: world.class1)
        let lines = zip(pupils, scores).map { #"{"pupilId":"\#($0.uuidString)",\#($1)}"# }.joined(separator: ",")
        let response = try await world.app.api(.PUT, "/api/v1/tests/\(test)/results", token: token, json: #"{"results":[\#(lines)]}"#)
        #expect(response.status == .ok, "\(response.text)")
        return (test, pupils)
    }

    @Test func resultsBecomeALevelDistributionAndEachEntryIsAudited() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let (test, pupils) = try await finalWithResults(world, teacher, scores: [#""score":90"#, #""score":72.5"#, #""level":"C""#, #""score":12"#])
            let response = try await app.api(.GET, "/api/v1/tests/\(test)/distribution", token: teacher)
            let distribution = try response.json(DecodedDistribution.self)
            #expect(distribution.entered == 4)
            #expect(distribution.pupils == pupils.count)
            #expect([distribution.count("A"), distribution.count("B"), distribution.count("C"), distribution.count("D")] == [1, 1, 1, 1])
            #expect(distribution.levels.map(\.name) == ["优秀", "良好", "合格", "待合格"])
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "test.result").count() == 4)

            // A correction replaces the result and is audited with what it was before.
            let fix = #"{"results":[{"pupilId":"\#(pupils[3].uuidString)","score":65}]}"#
            let corrected = try await app.api(.PUT, "/api/v1/tests/\(test)/results", token: teacher, json: fix)
            #expect(try corrected.json(DecodedDistribution.self).count("D") == 0)
            let audits = try await AuditEvent.query(on: app.db).filter(\.$action == "test.result").all()
            #expect(audits.count == 5)
            #expect(audits.contains { $0.detail.contains("12.0 D") && $0.detail.contains("65.0 C") })
        }
    }

    @Test func badResultsAreRefusedWholeAndNamedByLine() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let (test, pupils) = try await finalWithResults(world, teacher, scores: [#""score":88"#])
            let other = try #require(try await world.pupils(of: world.class2).first)
            let cases: [(String, String)] = [
                (#"{"pupilId":"\#(pupils[1].uuidString)","score":101}"#, "invalid_score"),
                (#"{"pupilId":"\#(pupils[1].uuidString)","score":-1}"#, "invalid_score"),
                (#"{"pupilId":"\#(pupils[1].uuidString)","level":"E"}"#, "invalid_level"),
                (#"{"pupilId":"\#(other.uuidString)","score":50}"#, "not_in_class"),
                (#"{"pupilId":"\#(pupils[1].uuidString)","score":50,"level":"A"}"#, "invalid_input"),
                (#"{"pupilId":"\#(pupils[1].uuidString)"}"#, "invalid_input"),
            ]
            for (line, code) in cases {
                let body = #"{"results":[{"pupilId":"\#(pupils[2].uuidString)","score":70},\#(line)]}"#
                let response = try await app.api(.PUT, "/api/v1/tests/\(test)/results", token: teacher, json: body)
                #expect(response.status == .unprocessableEntity, "\(line)")
                #expect(response.errorCode == code, "\(line): \(response.text)")
                #expect(response.errorMessage?.contains("第 2 条") == true, "\(line)")
            }
            #expect(try await TestResult.query(on: app.db).count() == 1)

            let later = try await world.filed(teacher, world.filing(subject: world.maths, kind: "non_paper", paper: false, on: "2026-12-30"))
            let early = try await app.api(.PUT, "/api/v1/tests/\(later)/results", token: teacher,
                                          json: #"{"results":[{"pupilId":"\#(pupils[0].uuidString)","level":"A"}]}"#)
            #expect(early.errorCode == "not_held_yet")
        }
    }

    @Test func parentsSeeTheirOwnChildsLevelOnlyAndTeachersTheirOwnSubject() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let pupils = try await world.pupils(of: world.class1)
            let scores = pupils.map { $0 == world.child ? #""score":87.5"# : #""score":61.5"# }
            let (test, _) = try await finalWithResults(world, teacher, scores: scores)

            let parent = try await app.token("parent")
            let own = try await app.api(.GET, "/api/v1/pupils/\(world.child)/test-results", token: parent)
            #expect(own.status == .ok)
            #expect(own.text.compacted.contains(#""level":"A""#) && own.text.contains("优秀"))
            #expect(!own.text.contains("87.5") && !own.text.contains("score"))
            let sibling = try #require(pupils.first { $0 != world.child })
            #expect(try await app.api(.GET, "/api/v1/pupils/\(sibling)/test-results", token: parent).status == .notFound)
            let distribution = try await app.api(.GET, "/api/v1/tests/\(test)/distribution", token: parent)
            #expect(try distribution.json(DecodedDistribution.self).entered == pupils.count)
            let entering = try await app.api(.PUT, "/api/v1/tests/\(test)/results", token: parent,
                                             json: #"{"results":[{"pupilId":"\#(world.child.uuidString)","score":100}]}"#)
            #expect(entering.status == .forbidden)

            // The head teacher (who also teaches maths) sees the score; a Chinese teacher of the class does not.
            let staffView = try await app.api(.GET, "/api/v1/pupils/\(world.child)/test-results", token: teacher)
            #expect(staffView.text.contains("87.5"))
            let teacher2 = try await app.token("teacher2")
            let chineseView = try await app.api(.GET, "/api/v1/pupils/\(world.child)/test-results", token: teacher2)
            #expect(chineseView.status == .ok && !chineseView.text.contains("87.5"))
            #expect(try await app.api(.PUT, "/api/v1/tests/\(test)/results", token: teacher2,
                                      json: #"{"results":[{"pupilId":"\#(world.child.uuidString)","score":100}]}"#).status == .forbidden)
            let principal2 = try await app.token("principal2")
            #expect(try await app.api(.GET, "/api/v1/tests/\(test)/distribution", token: principal2).status == .notFound)
        }
    }

    @Test func theSpecificationTableOfAFinalMustAddUp() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let test = try await world.filed(teacher, world.filing(classes: [world.class1, world.class2], fullMarks: 100))
            func put(_ rows: String, total: Int) async throws -> TestingHTTPResponse {
                try await app.api(.PUT, "/api/v1/tests/\(test)/specification", token: teacher, json: #"{"rows":[\#(rows)],"total":\#(total)}"#)
            }
            let badRow = try await put(#"{"point":"分数","cells":[10,20,10,5],"total":40},{"point":"小数","cells":[10,20,20,10],"total":60}"#, total: 100)
            #expect(badRow.errorCode == "specification_totals")
            #expect(badRow.errorMessage == "第 1 行：各格之和为 45 分，与小计 40 分不符。")
            let badTotal = try await put(#"{"point":"分数","cells":[10,20,10,0],"total":40}"#, total: 100)
            #expect(badTotal.errorMessage?.contains("各行小计之和为 40 分") == true)
            let notFull = try await put(#"{"point":"分数","cells":[10,20,10,0],"total":40}"#, total: 40)
            #expect(notFull.errorMessage?.contains("满分 100") == true)
            #expect(try await SchoolTest.query(on: app.db).filter(\.$specification != nil).count() == 0)

            let good = try await put(#"{"point":"分数","cells":[10,20,10,0],"total":40},{"point":"小数","cells":[10,20,20,10],"total":60}"#, total: 100)
            #expect(good.status == .ok)
            #expect(good.text.compacted.contains(#""hasSpecification":true"#))
            // The paper serves both classes it was filed for.
            #expect(try await SchoolTest.query(on: app.db).filter(\.$specification != nil).count() == 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "test.specification").count() == 2)

            let quiz = try await world.filed(teacher, world.filing(kind: "non_paper", paper: false, on: "2026-12-31"))
            let notFinal = try await app.api(.PUT, "/api/v1/tests/\(quiz)/specification", token: teacher,
                                             json: #"{"rows":[{"point":"a","cells":[1,1,1,1],"total":4}],"total":4}"#)
            #expect(notFinal.errorCode == "no_specification")
        }
    }

    @Test func aWithdrawnTestNoLongerCountsAndOneWithResultsCannotBeWithdrawn() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let planned = try await world.filed(teacher, world.filing())
            let withdrawn = try await app.api(.POST, "/api/v1/tests/\(planned)/withdraw", token: teacher, json: #"{"reason":"日期改了"}"#)
            #expect(withdrawn.status == .ok && withdrawn.text.compacted.contains(#""status":"withdrawn""#))
            _ = try await world.filed(teacher, world.filing(on: "2027-01-06"))
            let teacher2 = try await app.token("teacher2")
            #expect(try await app.api(.POST, "/api/v1/tests/\(planned)/withdraw", token: teacher2, json: #"{"reason":"x"}"#).status == .forbidden)

            let held = try await world.filed(teacher, world.filing(kind: "non_paper", paper: false, on: TestApp.demoToday.iso))
            let pupil = try #require(try await world.pupils(of: world.class1).first)
            _ = try await app.api(.PUT, "/api/v1/tests/\(held)/results", token: teacher, json: #"{"results":[{"pupilId":"\#(pupil.uuidString)","level":"B"}]}"#)
            let refused = try await app.api(.POST, "/api/v1/tests/\(held)/withdraw", token: teacher, json: #"{"reason":"x"}"#)
            #expect(refused.status == .conflict)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "test.withdraw").count() == 1)
        }
    }

    /// Walks every GET route of the app, pages and API, as a parent and as a teacher of another
    /// class: no response may carry another pupil's score, level line or name next to a result.
    @Test func noRouteRevealsAnotherPupilsResultOrARanking() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let pupils = try await world.pupils(of: world.class1)
            let others = pupils.filter { $0 != world.child }
            let scores = pupils.map { $0 == world.child ? #""score":87.5"# : #""score":63.5"# }
            let (test, _) = try await finalWithResults(world, teacher, scores: scores)
            let otherNames = try await Student.query(on: app.db).filter(\.$id ~~ others).all().map(\.name)

            let homeworkWorld = try await HomeworkWorld(app)
            let outsider = try await homeworkWorld.account(teachingSubject: "数学", school: "第一实验小学", grade: 3, number: 1)
            let parentPages = try await Visitor.signedIn(app, as: "parent")
            let outsiderPages = try await Visitor.signedIn(app, as: outsider.username, password: "secret123")
            let parentToken = try await app.token("parent")

            let ids = [test, world.child.uuidString, others[0].uuidString, world.class1.uuidString, try await app.schoolId("第一实验小学").uuidString]
            let paths = app.routes.all.filter { $0.method == .GET }.map { route in
                route.path.map { component -> String in
                    switch component {
                    case .constant(let text): text
                    case .parameter: ":"
                    case .anything, .catchall: "x"
                    }
                }
            }
            let walked = Set(paths.map { $0.joined(separator: "/") })
            #expect(walked.isSuperset(of: ["api/v1/pupils/:/test-results", "api/v1/tests/:/distribution", "api/v1/tests/:", "api/v1/tests"]))
            var visited = 0
            for components in paths {
                let substitutions = components.contains(":") ? ids : [""]
                for id in substitutions {
                    let path = "/" + components.map { $0 == ":" ? id : $0 }.joined(separator: "/") + "?classId=\(world.class1)&date=\(TestApp.demoToday.iso)"
                    for (who, body) in [
                        ("parent page", try await parentPages.get(path).text),
                        ("outsider page", try await outsiderPages.get(path).text),
                        ("parent api", try await app.api(.GET, path, token: parentToken).text),
                        ("outsider api", try await app.api(.GET, path, token: outsider.token).text),
                    ] {
                        visited += 1
                        #expect(!body.contains("63.5"), "\(who) \(path) shows another pupil's score")
                        #expect(!(who.hasPrefix("outsider") && body.contains("87.5")), "\(who) \(path) shows a pupil's score")
                        #expect(!body.contains("87.5") || !who.hasPrefix("parent"), "\(who) \(path) shows a score to a parent")
                        for name in otherNames where body.contains(name) {
                            Issue.record("\(who) \(path) names another pupil, \(name)")
                        }
                    }
                }
            }
            #expect(visited > 100)
        }
    }
}

extension String {
    /// JSON without the spaces a pretty-printing encoder puts around colons.
    var compacted: String { replacingOccurrences(of: " : ", with: ":").replacingOccurrences(of: ": ", with: ":") }
}
