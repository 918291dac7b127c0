import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct AssessmentFilingTests {
    @Test func oneFinalPerSubjectATermAndTheRefusalQuotesTheRule() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            _ = try await world.filed(teacher, world.filing(classes: [world.class1, world.class2]))
            #expect(try await world.testCount() == 2)

            let second = try await world.file(teacher, world.filing(on: "2027-01-06"))
            #expect(second.status == .unprocessableEntity)
            let error = try second.json(ErrorDetails.self).error
            #expect(error.code == "test_limit")
            #expect(error.details["ruleId"] == .text("EX-02"))
            #expect(error.details["rule"] == .text("义务教育其他年级由学校每学期组织一次期末考试"))
            #expect(error.details["limit"] == .number(1))
            #expect(error.details["existing"] == .number(1))
            #expect(error.message.contains("EX-02") && error.message.contains("4年级1班") && error.message.contains("关于加强义务教育学校考试管理的通知"))
            let english = try await world.file(teacher, world.filing(on: "2027-01-06"), language: "en")
            #expect(english.errorMessage?.contains("the limit is 1") == true)
            #expect(try await world.testCount() == 2)
            // Chinese is another subject: its own final is allowed.
            let teacher2 = try await app.token("teacher2")
            #expect(try await world.file(teacher2, world.filing(subject: world.chinese)).status == .created)

            let refusals = try await TestRefusal.query(on: app.db).all()
            #expect(refusals.count == 2)
            #expect(refusals.allSatisfy { $0.ruleId == "EX-02" && $0.classId == world.class1 })
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "test.refused").count() == 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "test.file").count() == 3)
        }
    }

    @Test func unitTestsQuizzesAndPrimaryMidTermsAreRefused() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            for (kind, paper, rule) in [("unit", true, "EX-04"), ("quiz", false, "EX-04"), ("midterm", true, "EX-03")] {
                let response = try await world.file(teacher, world.filing(kind: kind, paper: paper, on: "2026-11-26"))
                #expect(response.status == .unprocessableEntity, "\(kind)")
                #expect(try response.json(ErrorDetails.self).error.details["ruleId"] == .text(rule), "\(kind)")
            }
            #expect(try await world.file(teacher, world.filing(kind: "non_paper", paper: false, on: "2026-11-26")).status == .created)
            // One non-paper end-of-term evaluation a term: a second one is a weekly test without paper.
            let second = try await world.file(teacher, world.filing(kind: "non_paper", paper: false, on: "2026-11-27"))
            #expect(second.status == .unprocessableEntity)
            #expect(try second.json(ErrorDetails.self).error.details["key"] == .text("tests.nonPaperEvaluationsPerTerm"))
            #expect(try await world.testCount() == 1)
        }
    }

    @Test func gradesOneAndTwoHaveNoPaperTests() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let principal = try await app.token("principal")
            let paper = try await world.file(principal, world.filing(classes: [world.grade2]))
            #expect(paper.status == .unprocessableEntity)
            #expect(try paper.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-01"))
            #expect(paper.errorMessage?.contains("小学一二年级不进行纸笔考试") == true)
            #expect(try await world.file(principal, world.filing(classes: [world.grade2], paper: false)).status == .created)
        }
    }

    @Test func juniorGradesMayHoldOneMidTermUnlessTheDistrictTightens() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let principal2 = try await app.token("principal2")
            #expect(try await world.file(principal2, world.filing(classes: [world.grade7], kind: "midterm", on: "2026-11-26")).status == .created)
            let second = try await world.file(principal2, world.filing(classes: [world.grade7], kind: "midterm", on: "2026-12-02"))
            #expect(try second.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-03"))

            let district = try #require(try await District.query(on: app.db).first())
            district.policyAdjustments = #"{"tests.midtermsPerTermJunior":0}"#
            try await district.save(on: app.db)
            let tightened = try await world.file(principal2, world.filing(classes: [world.grade9], kind: "midterm", on: "2026-11-26"))
            #expect(tightened.status == .unprocessableEntity)
            #expect(try tightened.json(ErrorDetails.self).error.details["limit"] == .number(0))
        }
    }

    @Test func EX06_gradeNineMocksOnlyInTheSecondTermsReviewPhase() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            try await world.addSpringTerm()
            let principal2 = try await app.token("principal2")
            let autumn = try await world.file(principal2, world.filing(classes: [world.grade9], kind: "mock", on: "2026-12-02"))
            #expect(try autumn.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-06"))
            #expect(try await world.file(principal2, world.filing(classes: [world.grade7], kind: "mock", on: "2027-06-09")).status == .unprocessableEntity)

            let early = try await world.file(principal2, world.filing(classes: [world.grade9], kind: "mock", on: "2027-03-10"))
            #expect(early.status == .unprocessableEntity)
            #expect(try early.json(ErrorDetails.self).error.details["ruleId"] == .text("EX-06"))
            #expect(early.errorMessage?.contains("复习阶段") == true)

            let late = try await world.file(principal2, world.filing(classes: [world.grade9], kind: "mock", on: "2027-06-09"))
            #expect(try late.json(DecodedTestsFiled.self).warnings.isEmpty)
            #expect(try await world.file(principal2, world.filing(classes: [world.grade9], kind: "mock", on: "2027-06-10")).status == .created)
            let third = try await world.file(principal2, world.filing(classes: [world.grade9], kind: "mock", on: "2027-06-16"))
            #expect(try third.json(ErrorDetails.self).error.details["existing"] == .number(2))
        }
    }

    @Test func badInputIsAClearRefusalAndWritesNothing() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await app.token("teacher")
            let cases: [(String, String)] = [
                (world.filing(on: "2026-10-01"), "not_teaching_day"),
                (world.filing(on: "2026-11-28"), "not_teaching_day"),
                (world.filing(on: "2026-08-20"), "outside_term"),
                (world.filing(on: "2026-11-24"), "already_held"),
                (world.filing(on: "2026-13-01"), "invalid_input"),
                (world.filing(minutes: 0), "invalid_duration"),
                (world.filing(minutes: 1441), "invalid_duration"),
                (world.filing(kind: "non_paper", paper: true), "invalid_input"),
                (world.filing(fullMarks: 0), "invalid_input"),
            ]
            for (body, code) in cases {
                let response = try await world.file(teacher, body)
                #expect(response.status == .unprocessableEntity, "\(body)")
                #expect(response.errorCode == code, "\(body): \(response.text)")
            }
            let holiday = try await world.file(teacher, world.filing(on: "2026-10-01"))
            #expect(holiday.errorMessage?.contains("不是教学日") == true)
            let unknownKind = try await world.file(teacher, world.filing(kind: "weekly"))
            #expect(unknownKind.status == .badRequest || unknownKind.status == .unprocessableEntity)
            #expect(try await world.testCount() == 0)
            #expect(try await TestRefusal.query(on: app.db).count() == 0)
        }
    }

    @Test func onlyTheClassesTeachersAndItsSchoolsAdministratorsFile() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher2 = try await app.token("teacher2")
            #expect(try await world.file(teacher2, world.filing()).status == .forbidden)
            let parent = try await app.token("parent")
            #expect(try await world.file(parent, world.filing()).status == .forbidden)
            let principal2 = try await app.token("principal2")
            #expect(try await world.file(principal2, world.filing()).status == .notFound)
            let bureau = try await app.token("bureau")
            #expect(try await world.file(bureau, world.filing()).status == .forbidden)
            let teacher = try await app.token("teacher")
            #expect(try await world.file(teacher, world.filing(classes: [world.grade7])).status == .notFound)
            #expect(try await world.testCount() == 0)
            let principal = try await app.token("principal")
            #expect(try await world.file(principal, world.filing()).status == .created)
        }
    }
}
