import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The homework rules a school could try to walk through, each proven through the API by a test named after its
/// rule id: the content rules refuse with the rule quoted, an override lifts only numeric caps, and what counts toward
/// the cap is the strict rule.
@Suite struct HomeworkRuleTests {
    @Test(arguments: [("听写生字，请家长签字", "HW-06"), ("练习册第5页，自批自改", "HW-07"), ("每天朗读并在群里打卡", "HW-14"),
                      ("听写错一个字罚抄十遍", "HW-09")])
    func HW06_HW07_HW14_HW09_contentAskingForWhatTheRulesForbidIsRefusedWithTheRule(content: String, rule: String) async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let response = try await world.file(try await app.token("teacher"), world.filing(minutes: 10, content: content))
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorCode == "content_rule")
            #expect(try response.json(ErrorDetails.self).error.details["ruleId"] == .text(rule))
            #expect(response.errorMessage?.contains(rule) == true)
            #expect(try await world.entryCount() == 0)
        }
    }

    @Test func HW01_anOverrideNeverLetsWrittenWorkIntoGradesOneAndTwo() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let school = try #require(try await School.query(on: app.db).filter(\.$name == "第一实验小学").first())
            school.allowCapOverride = true
            try await school.save(on: app.db)
            let (_, token) = try await world.account(teachingSubject: "数学", school: "第一实验小学", grade: 1, number: 1)
            let grade1 = try await app.classId("第一实验小学", grade: 1, number: 1)
            for extra in ["", #","optional":true"#, #","tier":"C""#] {
                let response = try await world.file(token, world.filing(classes: [grade1], minutes: 5, override: "家长会要求", extra: extra))
                #expect(response.errorCode == "cap_exceeded", "\(extra): \(response.text)")
            }
            #expect(try await world.entryCount() == 0)
        }
    }

    @Test func HW02_optionalAndLayeredWrittenWorkCountsTowardTheCap() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let token = try await app.token("teacher")
            #expect(try await world.file(token, world.filing(minutes: 45, content: "口算练习", extra: #","optional":true"#)).status == .created)
            let tierC = try await world.file(token, world.filing(minutes: 20, content: "拓展题（C层）", extra: #","tier":"C""#))
            #expect(tierC.errorCode == "cap_exceeded", "45 optional + 20 of tier C pass the cap of 60 only if optional work is not counted")
            #expect(try await world.file(token, world.filing(minutes: 15, content: "基础题（A层）", extra: #","tier":"A""#)).status == .created)
            #expect(try await world.file(token, world.filing(minutes: 10, content: "提高题（B层）", extra: #","tier":"B""#)).status == .created,
                    "a shorter tier beside tier A adds nothing")
        }
    }

    @Test func editingAnOverriddenItemUpwardChecksTheCapAgain() async throws {
        try await TestApp.withApp { app in
            let school = try await HomeworkReviewTests.JuniorSchool(app)
            let junior = try #require(try await School.find(try await app.schoolId("第一中学"), on: app.db))
            junior.allowCapOverride = true
            try await junior.save(on: app.db)
            _ = try await school.world.file(school.teacher, school.world.filing(classes: [school.classId], minutes: 80))
            let over = try await school.world.file(school.teacher, school.world.filing(classes: [school.classId], minutes: 20, content: "复习卷", override: "期末复习"))
            #expect(over.status == .created, "\(over.text)")
            let id = try over.json(DecodedFiled.self).ids[0]
            let grown = try await school.review(id, school.subjectLeader, #"{"action":"edit","reason":"加题","minutes":30}"#)
            #expect(grown.errorCode == "cap_exceeded", "the override covered 20 minutes, not 30")
            let same = try await school.review(id, school.subjectLeader, #"{"action":"edit","reason":"改字","content":"复习卷（一）"}"#)
            #expect(same.status == .ok, "\(same.text)")
        }
    }
}

/// A profile may make a content rule flag instead of refuse: the work is filed, and its reviewer sees why to look.
@Suite struct ContentFlagTests {
    @Test func HW14_aRuleWhoseStrengthIsFlagFilesTheWorkFlaggedForItsReviewer() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flag-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Policy")
        let national = try String(contentsOf: policies.appendingPathComponent("national.yaml"), encoding: .utf8)
        // The demo district's overlay comes along as it is.
        try FileManager.default.copyItem(at: policies.appendingPathComponent("baishan.yaml"), to: dir.appendingPathComponent("baishan.yaml"))
        let flagging = national.replacingOccurrences(of: """
                  wording: 不得用手机布置作业或要求学生利用手机完成作业
                  strength: refuse
            """, with: """
                  wording: 不得用手机布置作业或要求学生利用手机完成作业
                  strength: flag
            """)
        #expect(flagging != national)
        try flagging.write(to: dir.appendingPathComponent("national.yaml"), atomically: true, encoding: .utf8)
        var options = TestApp.options()
        options.policyDirectory = dir.path
        try await TestApp.withApp(options: options) { app in
            let school = try await HomeworkReviewTests.JuniorSchool(app)
            let filed = try await school.world.file(school.teacher, school.world.filing(classes: [school.classId], minutes: 10, content: "朗读课文并在群里打卡"))
            #expect(filed.status == .created, "\(filed.text)")
            let id = try filed.json(DecodedFiled.self).ids[0]
            struct Entry: Decodable { let id: String; let contentFlags: [String]? }
            let queue = try await app.api(.GET, "/api/v1/homework/review-queue", token: school.subjectLeader).json([Entry].self)
            #expect(queue.first { $0.id == id }?.contentFlags == ["HW-14"])
            let entry = try await app.api(.GET, "/api/v1/homework/\(id)", token: school.teacher).json(Entry.self)
            #expect(entry.contentFlags == ["HW-14"])
        }
    }
}
