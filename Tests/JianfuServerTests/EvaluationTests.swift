import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// 综合素质评价 on the demo district (its day: 2026-11-25; a display of five working days, the district's own number):
/// the guardian's records, monthly and term summaries, the chain through the head teacher and the school, the class's
/// display with a guardian's objection answered before sealing, sealed records taking only notes, and who sees what.
@Suite struct EvaluationTests {
    struct Evaluation: Decodable {
        struct Display: Decodable { let phase: String; let endsOn: String? }
        struct Month: Decodable { let month: String; let text: String? }
        struct Record: Decodable { let dimension: String; let fact: String }
        let stage: String
        let chain: [String]
        let records: [Record]
        let monthlySummaries: [Month]
        let display: Display
    }

    struct Child {
        let id: UUID
        let classId: UUID
    }

    static func child(_ app: Application) async throws -> Child {
        let parent = try await app.userId("parent")
        let id = try #require(try await Guardianship.query(on: app.db).filter(\.$guardianId == parent).first()?.studentId)
        let student = try #require(try await Student.find(id, on: app.db))
        return Child(id: id, classId: student.classId)
    }

    /// The demo child's class without its display and the child without an evaluation: the term as it was before.
    static func reset(_ app: Application, _ child: Child) async throws {
        try await QualityObjection.query(on: app.db).delete()
        try await QualityDisplay.query(on: app.db).filter(\.$classId == child.classId).delete()
        try await QualityEvaluation.query(on: app.db).filter(\.$studentId == child.id).delete()
    }

    @Test func aTermRunsFromTheGuardiansRecordsThroughTheChainAndTheDisplayToTheSeal() async throws {
        try await TestApp.withApp { app in
            let child = try await Self.child(app)
            try await Self.reset(app, child)
            let pupil = "/growth/evaluation/students/\(child.id)"
            let parent = try await Visitor.signedIn(app, as: "parent")
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            let principal = try await Visitor.signedIn(app, as: "principal")
            #expect(try await parent.get(pupil).text.contains("evaluation-record-form"))

            // The guardian records; bad input is refused in words, a teacher may not write for the pupil.
            let badDimension = try await parent.post(pupil + "/records", form: ["dimension": "sport", "date": HomeworkWorld.day, "fact": "跳绳"])
            #expect(badDimension.status == .unprocessableEntity && badDimension.text.contains("不是评价维度"))
            let future = try await parent.post(pupil + "/records", form: ["dimension": "health", "date": "2026-11-26", "fact": "跳绳"])
            #expect(future.status == .unprocessableEntity)
            let recorded = try await parent.post(pupil + "/records", form: ["dimension": "practice", "date": HomeworkWorld.day,
                                                                           "fact": "参加区科技节获三等奖", "evidence": "获奖证书"])
            #expect(recorded.status == .ok && recorded.text.contains("参加区科技节获三等奖"))
            #expect(try await teacher.post(pupil + "/records", form: ["dimension": "moral", "date": HomeworkWorld.day, "fact": "代写"]).status == .forbidden)
            #expect(try await parent.post(pupil + "/summaries", form: ["month": "2026-11", "text": "本月坚持阅读"]).status == .ok)
            #expect(try await parent.post(pupil + "/summaries", form: ["month": "2026-12", "text": "还没到"]).status == .unprocessableEntity)

            // Submitted, it waits for the group; the guardian can no longer add to it.
            #expect(try await parent.post(pupil + "/submit", form: ["summary": "本学期我学会了合理安排时间"]).text.contains("小组互评"))
            #expect(try await parent.post(pupil + "/records", form: ["dimension": "arts", "date": HomeworkWorld.day, "fact": "合唱"]).status == .conflict)
            // The head teacher must write the group's evaluation to pass it, and may return it saying why.
            #expect(try await teacher.post(pupil + "/review", form: ["decision": "pass", "text": ""]).status == .unprocessableEntity)
            #expect(try await teacher.post(pupil + "/review", form: ["decision": "return", "text": "请补充社会实践的佐证"]).status == .ok)
            #expect(try await parent.get(pupil).text.contains("请补充社会实践的佐证"))
            _ = try await parent.post(pupil + "/submit", form: ["summary": "本学期我学会了合理安排时间，并参加了科技节"])
            _ = try await teacher.post(pupil + "/review", form: ["decision": "pass", "text": "小组评议：乐于助人"])
            #expect(try await teacher.post(pupil + "/review", form: ["decision": "pass", "text": "该生进步明显"]).text.contains("学校审核"))
            // At the school's review the head teacher is told where it waits; the school approves.
            #expect(try await teacher.post(pupil + "/review", form: ["decision": "pass", "text": "同意"]).status == .conflict)
            #expect(try await principal.post(pupil + "/review", form: ["decision": "pass", "text": ""]).status == .ok)
            let evaluation = try #require(try await QualityEvaluation.query(on: app.db).filter(\.$studentId == child.id).first())
            #expect(evaluation.stage == "approved" && evaluation.groupText == "小组评议：乐于助人" && evaluation.classText == "该生进步明显")

            // Every pupil approved, the head teacher starts the display: Wednesday plus five working days ends Tuesday.
            let classPage = "/growth/evaluation/classes/\(child.classId)"
            let started = try await teacher.post(classPage + "/display", form: [:])
            #expect(started.status == .ok && started.text.contains("2026-11-25 至 2026-12-01"))
            #expect(try await teacher.post(classPage + "/display", form: [:]).status == .conflict)
            // The guardian sees the class's display and objects; sealing waits for the display's end.
            let display = try await parent.get(classPage).text
            #expect(display.contains("evaluation-object") && display.contains("该生进步明显"))
            #expect(!display.contains("参加区科技节获三等奖"), "the display shows summaries and the class's words, not the records")
            #expect(try await parent.post(classPage + "/objections", form: ["evaluation": evaluation.id!.uuidString, "text": "请核实科技节获奖情况"]).status == .ok)
            let early = try await principal.post(classPage + "/seal", form: [:])
            #expect(early.status == .conflict && early.text.contains("2026-12-01"))

            // The display over (moved into the past), sealing waits for the answer; then the class is sealed at once.
            try await QualityDisplay.query(on: app.db).filter(\.$classId == child.classId)
                .set(\.$startsOn, to: "2026-11-16").set(\.$endsOn, to: "2026-11-20").update()
            #expect(try await parent.get(classPage).status == .notFound, "after the display a guardian no longer sees the class")
            let waiting = try await principal.post(classPage + "/seal", form: [:])
            #expect(waiting.status == .conflict && waiting.text.contains("1 条异议未答复"))
            let objection = try #require(try await QualityObjection.query(on: app.db).filter(\.$evaluationId == evaluation.id!).first())
            #expect(try await teacher.post("/growth/evaluation/objections/\(objection.id!)/answer", form: ["answer": "已核实，补充到记录中"]).status == .ok)
            #expect(try await parent.get(pupil).text.contains("已核实，补充到记录中"), "the guardian reads the answer")
            #expect(try await teacher.post(classPage + "/seal", form: [:]).status == .forbidden, "only the school's administrators seal")
            #expect(try await principal.post(classPage + "/seal", form: [:]).status == .ok)
            let pupils = try await Student.query(on: app.db).filter(\.$classId == child.classId).filter(\.$erasedAt == nil).count()
            #expect(try await QualityEvaluation.query(on: app.db).filter(\.$classId == child.classId).filter(\.$stage == "sealed").count() == pupils)

            // Sealed: nothing changes, notes may be added.
            #expect(try await parent.post(pupil + "/records", form: ["dimension": "arts", "date": HomeworkWorld.day, "fact": "合唱"]).status == .conflict)
            #expect(try await principal.post(pupil + "/review", form: ["decision": "return", "text": "重写"]).status == .conflict)
            #expect(try await teacher.post(pupil + "/annotations", form: ["text": "科技节证书已补交"]).status == .ok)
            #expect(try await parent.get(pupil).text.contains("科技节证书已补交"))
            #expect(try await parent.get(pupil + "/graduation").text.contains("该生进步明显"))
            let actions = Set(try await AuditEvent.query(on: app.db).filter(\.$action ~~ ["quality.submit", "quality.review", "quality.display.start",
                                                                                        "quality.objection", "quality.seal", "quality.report"]).all().map(\.action))
            #expect(actions.count == 6, "every step is audited, and so is each report drawn: \(actions)")
        }
    }

    @Test func aPupilsRecordIsSeenOnlyByThoseCloseToThemAndTheDisplayOnlyByTheClass() async throws {
        try await TestApp.withApp { app in
            let child = try await Self.child(app)
            let pupil = "/growth/evaluation/students/\(child.id)"
            #expect(try await Visitor.signedIn(app, as: "bureau").get(pupil).status == .notFound)
            #expect(try await Visitor.signedIn(app, as: "teacher2").get(pupil).status == .forbidden)
            #expect(try await Visitor.signedIn(app, as: "principal").get(pupil).status == .ok)
            let classmate = try #require(try await Student.query(on: app.db).filter(\.$classId == child.classId).filter(\.$id != child.id).first())
            let parent = try await Visitor.signedIn(app, as: "parent")
            #expect(try await parent.get("/growth/evaluation/students/\(classmate.id!)").status == .notFound)
            // The demo class is on display with the demo parent's objection waiting.
            let display = try await parent.get("/growth/evaluation/classes/\(child.classId)").text
            #expect(display.contains(ContactMask.name(classmate.name)) && !display.contains(classmate.name) && display.contains("公示中，至 2026-11-27")
                    && display.contains("待答复"), "other families see the display with names masked, as a public notice")
            #expect(try await parent.get("/growth/evaluation/students/\(child.id)").text.contains("审核通过，公示中"), "an approved evaluation on display says so")
            let teacher = try await Visitor.signedIn(app, as: "teacher").get("/growth/evaluation/classes/\(child.classId)").text
            #expect(teacher.contains("evaluation-answer") && teacher.contains("科技节"))
            let other = try #require(try await SchoolClass.query(on: app.db).filter(\.$schoolId == classmate.schoolId).filter(\.$id != child.classId).first())
            #expect(try await parent.get("/growth/evaluation/classes/\(other.id!)").status == .notFound)
            // The API gives the same term: approved, on display, every step the school holds.
            let token = try await app.token("parent")
            let api = try await app.api(.GET, "/api/v1/students/\(child.id)/evaluation", token: token).json(Evaluation.self)
            #expect(api.stage == "approved" && api.chain == ["self", "group", "class", "school"] && api.display.phase == "open")
            #expect(api.display.endsOn == "2026-11-27" && !api.records.isEmpty && api.monthlySummaries.map(\.month) == ["2026-09", "2026-10", "2026-11"])
            let late = try await app.api(.POST, "/api/v1/students/\(child.id)/evaluation/records", token: token,
                                         json: #"{"dimension":"arts","date":"2026-11-20","fact":"合唱比赛"}"#)
            #expect(late.status == .conflict && late.text.contains("not_at_stage"), "submitted and approved, the record takes no more facts")
            #expect(try await app.api(.GET, "/api/v1/students/\(child.id)/evaluation", token: try await app.token("bureau")).status == .notFound)
            // The portfolio carries the term's evaluation as words.
            let record = try await app.api(.GET, "/api/v1/students/\(child.id)/growth-record", token: try await app.token("parent")).text
            #expect(record.contains("evaluation") && record.contains("审核通过，待公示"))
        }
    }

    @Test func aRecordsEvidenceFileIsCheckedReadOnlyByThoseCloseToThePupilAndGoesWithAnErasure() async throws {
        try await TestApp.withApp { app in
            let child = try await Self.child(app)
            try await Self.reset(app, child)
            let pupil = "/growth/evaluation/students/\(child.id)"
            let parent = try await Visitor.signedIn(app, as: "parent")
            _ = try await parent.get(pupil)
            let fields = ["dimension": "arts", "date": HomeworkWorld.day, "fact": "学校合唱节领唱", "evidence": "演出照片"]
            // A program named .jpg is refused by its bytes, with nothing recorded.
            let disguised = try await parent.upload(pupil + "/records", file: AttachmentTests.exe, fileName: "合唱.jpg", fields: fields)
            #expect(disguised.status == .unprocessableEntity && disguised.text.contains("只能上传 PDF"))
            #expect(try await QualityRecord.query(on: app.db).filter(\.$studentId == child.id).filter(\.$fact == "学校合唱节领唱").count() == 0)
            #expect(try await Attachment.query(on: app.db).count() == 0)

            let saved = try await parent.upload(pupil + "/records", file: AttachmentTests.pdf, fileName: "合唱节节目单.pdf", fields: fields)
            #expect(saved.status == .ok && saved.text.contains("合唱节节目单.pdf"))
            let file = try #require(try await Attachment.query(on: app.db).filter(\.$ownerEntity == QualityRecord.schema).first())
            // The pupil's guardian, head teacher and school read it; the district's roles, other staff and families do not.
            for user in ["parent", "teacher", "principal"] {
                #expect(try await Visitor.signedIn(app, as: user).get("/attachments/\(file.id!)").status == .ok, "\(user)")
            }
            for user in ["bureau", "inspector", "teacher2", "principal2", "parent2"] {
                #expect(try await Visitor.signedIn(app, as: user).get("/attachments/\(file.id!)").status == .notFound, "\(user)")
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "attachment.read").count() == 3)
            // The API lists the record's file and takes one the same way, refusing a disguised one.
            let token = try await app.token("parent")
            let api = try await app.api(.GET, "/api/v1/students/\(child.id)/evaluation", token: token).text
            #expect(api.contains("合唱节节目单.pdf") && api.contains(file.id!.uuidString.lowercased()))
            let refused = try await app.api(.POST, "/api/v1/students/\(child.id)/evaluation/records", token: token, json: """
                {"dimension":"health","date":"\(HomeworkWorld.day)","fact":"跳绳达标","file":{"fileName":"证书.png","content":"\(AttachmentTests.exe.base64EncodedString())"}}
                """)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("file_type_not_allowed"))
            let added = try await app.api(.POST, "/api/v1/students/\(child.id)/evaluation/records", token: token, json: """
                {"dimension":"health","date":"\(HomeworkWorld.day)","fact":"跳绳达标","file":{"fileName":"成绩单.pdf","content":"\(AttachmentTests.pdf.base64EncodedString())"}}
                """)
            #expect(added.status == .created)
            #expect(try await Attachment.query(on: app.db).filter(\.$ownerEntity == QualityRecord.schema).count() == 2)

            // Erased at the guardian's request, the rows go and the file leaves the disk.
            let stored = app.attachments.path(of: file.sha256)
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: stored)
            #expect(try await Visitor.signedIn(app, as: "principal").post("/classes/\(child.classId)/erase",
                                                                         form: ["studentId": child.id.uuidString, "reason": "家长书面申请"]).status == .ok)
            #expect(try await Attachment.query(on: app.db).filter(\.$ownerEntity == QualityRecord.schema).count() == 0)
            #expect(!FileManager.default.fileExists(atPath: stored))
        }
    }

    @Test func theSchoolChoosesItsStepsAndTheBureauSeesEachSchoolsProgress() async throws {
        try await TestApp.withApp { app in
            let child = try await Self.child(app)
            try await Self.reset(app, child)
            let principal = try await Visitor.signedIn(app, as: "principal")
            let saved = try await principal.post("/growth/evaluation/chain", form: ["school": try await app.schoolId("第一实验小学").uuidString, "class_step": "on"])
            #expect(saved.status == .ok && saved.text.contains("学生自评 → 班级总评 → 学校审核"))
            let parent = try await Visitor.signedIn(app, as: "parent")
            #expect(try await parent.post("/growth/evaluation/students/\(child.id)/submit", form: ["summary": "本学期进步明显"]).text.contains("班级总评"),
                    "without the group step the class evaluates next")
            #expect(try await Visitor.signedIn(app, as: "principal2").post("/growth/evaluation/chain", form: [
                "school": try await app.schoolId("第一实验小学").uuidString]).status == .notFound, "another school's administrator finds nothing")
            // A class still in review cannot go on display, and the page says how many pupils wait.
            let other = try #require(try await SchoolClass.query(on: app.db).filter(\.$schoolId == (try await app.schoolId("第一实验小学")))
                .filter(\.$id != child.classId).first())
            let waiting = try await principal.get("/growth/evaluation/classes/\(other.id!)").text
            #expect(waiting.contains("evaluation-start-problems") && waiting.contains("未经学校审核通过") && !waiting.contains("evaluation-seal"))
            let bureau = try await Visitor.signedIn(app, as: "bureau").get("/growth/evaluation").text
            #expect(bureau.contains("evaluation-district-table") && bureau.contains("第一实验小学") && bureau.contains("第一中学"))
            #expect(!bureau.contains("/growth/evaluation/students/"), "the bureau sees counts, not pupils")
        }
    }
}
