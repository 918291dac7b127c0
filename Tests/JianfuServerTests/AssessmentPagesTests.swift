import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct AssessmentPagesTests {
    @Test func aTeacherFilesOnThePageAndARefusalKeepsTheFormWithTheRule() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            #expect(try await teacher.get("/tests").status == .ok)
            var form = ["classId": world.class1.uuidString, "subjectId": world.maths.uuidString, "kind": "unit", "paper": "on",
                        "date": "2026-11-26", "durationMinutes": "40", "title": "第三单元"]
            let refused = try await teacher.post("/tests", form: form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("EX-04") && refused.text.contains("第三单元"))
            form["kind"] = "final"
            form["durationMinutes"] = "九十"
            let notANumber = try await teacher.post("/tests", form: form)
            #expect(notANumber.status == .unprocessableEntity && notANumber.text.contains("应为整数"))
            form["durationMinutes"] = "90"
            form["wholeGrade"] = "on"
            let filed = try await teacher.post("/tests", form: form)
            #expect(filed.status == .ok && filed.text.contains("已备案 2 个班级"))
            #expect(try await world.testCount() == 2)
        }
    }

    @Test func resultsAndTheTableOnTheTestPageNameThePupilOrRowAtFault() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let token = try await app.token("teacher")
            let test = try await world.filed(token, world.filing(on: TestApp.demoToday.iso))
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            let page = try await teacher.get("/tests/\(test)")
            #expect(page.status == .ok && page.text.contains("results-sheet") && page.text.contains("spec-form"))
            let pupils = try await world.pupils(of: world.class1)
            let first = try #require(try await Student.find(pupils[0], on: app.db))
            let bad = try await teacher.post("/tests/\(test)/results", form: ["score.\(pupils[0].uuidString)": "120", "score.\(pupils[1].uuidString)": "80"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("\(first.name)（\(first.studentNumber)）：分数应在 0 到 100 之间"))
            #expect(try await TestResult.query(on: app.db).count() == 0)
            let good = try await teacher.post("/tests/\(test)/results", form: ["score.\(pupils[0].uuidString)": "95", "level.\(pupils[1].uuidString)": "B"])
            #expect(good.status == .ok && good.text.contains("已录入 2 /"))

            let table = ["point.0": "分数", "cell.0.0": "10", "cell.0.1": "20", "cell.0.2": "10", "cell.0.3": "", "total.0": "40",
                         "point.1": "小数", "cell.1.0": "10", "cell.1.1": "x", "cell.1.2": "20", "cell.1.3": "10", "total.1": "60", "total": "100"]
            let notNumber = try await teacher.post("/tests/\(test)/specification", form: table)
            #expect(notNumber.status == .unprocessableEntity && notNumber.text.contains("第 2 行：分值应为数字"))
            var fixed = table
            fixed["cell.1.1"] = "20"
            #expect(try await teacher.post("/tests/\(test)/specification", form: fixed).text.contains("细目表已保存"))

            let teacher2 = try await Visitor.signedIn(app, as: "teacher2")
            let readOnly = try await teacher2.get("/tests/\(test)")
            #expect(readOnly.status == .ok && !readOnly.text.contains("results-sheet") && !readOnly.text.contains(first.name))
            #expect(try await teacher2.post("/tests/\(test)/results", form: ["score.\(pupils[0].uuidString)": "10"]).status == .forbidden)
        }
    }

    @Test func theBureauSeesEverySchoolAndTheRefusalsOfOne() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let token = try await app.token("teacher")
            _ = try await world.file(token, world.filing(kind: "unit", on: "2026-11-26"))
            _ = try await world.filed(token, world.filing())
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let summary = try await bureau.get("/tests")
            #expect(summary.text.contains("第一实验小学") && summary.text.contains("第一中学") && summary.text.contains("tests-schools"))
            let school = try await app.schoolId("第一实验小学")
            let detail = try await bureau.get("/tests?school=\(school.uuidString)")
            #expect(detail.text.contains("tests-refusals") && detail.text.contains("EX-04") && detail.text.contains("tests-limits"))
            let principal2 = try await Visitor.signedIn(app, as: "principal2")
            let other = try await principal2.get("/tests?school=\(school.uuidString)")
            #expect(!other.text.contains("tests-refusals") && !other.text.contains("4年级1班"))
        }
    }
}
