import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct HomeworkReviewTests {
    /// The junior school of the demo, with a maths teacher, a maths subject leader, the head teacher and principal2.
    struct JuniorSchool {
        let world: HomeworkWorld
        let classId: UUID
        let teacher: String
        let subjectLeader: String
        let headTeacher: String
        let principal: String

        init(_ app: Application) async throws {
            world = try await HomeworkWorld(app)
            classId = try await app.classId("第一中学", grade: 7, number: 1)
            teacher = try await world.account(teachingSubject: "数学", school: "第一中学", grade: 7, number: 1).token
            headTeacher = try await world.account(teachingSubject: "语文", school: "第一中学", grade: 7, number: 1).token
            let english = try await world.account(teachingSubject: "英语", school: "第一中学", grade: 7, number: 1)
            let schoolId = try await app.schoolId("第一中学")
            try await RoleMembership(districtId: try #require(try await District.query(on: app.db).first()?.id), userId: try await app.userId(english.username),
                                     role: .subjectLeader, schoolId: schoolId, subjectId: world.maths).create(on: app.db)
            subjectLeader = try await app.token(english.username, password: "secret123")
            principal = try await app.token("principal2")
        }

        func holder(of step: String) -> String {
            switch step {
            case "subject_leader": subjectLeader
            case "head_teacher": headTeacher
            default: principal
            }
        }

        func review(_ id: String, _ token: String, _ body: String) async throws -> TestingHTTPResponse {
            try await world.app.api(.POST, "/api/v1/homework/\(id)/review", token: token, json: body)
        }
    }

    @Test(arguments: [false, true], [false, true])
    func everyReviewChainCombinationPublishesOnlyAfterItsLastStep(subjectLeader: Bool, headTeacher: Bool) async throws {
        try await TestApp.withApp { app in
            let school = try await JuniorSchool(app)
            for academicOffice in [false, true] {
                let record = try #require(try await School.query(on: app.db).filter(\.$name == "第一中学").first())
                record.reviewSubjectLeader = subjectLeader
                record.reviewHeadTeacher = headTeacher
                record.reviewAcademicOffice = academicOffice
                try await record.save(on: app.db)
                let expected = ReviewChain(subjectLeader: subjectLeader, headTeacher: headTeacher, academicOffice: academicOffice).steps.map(\.rawValue)
                let filed = try await school.world.file(school.teacher, school.world.filing(classes: [school.classId], minutes: 10,
                                                                                       content: "练习 \(subjectLeader)\(headTeacher)\(academicOffice)"))
                let decoded = try filed.json(DecodedFiled.self)
                let id = decoded.ids[0]
                #expect(decoded.status == (expected.isEmpty ? "published" : "pending_review"))
                var walked: [String] = []
                var entry = try await app.api(.GET, "/api/v1/homework/\(id)", token: school.teacher).json(DecodedEntry.self)
                while let step = entry.reviewStep {
                    walked.append(step)
                    #expect(try await app.api(.GET, "/api/v1/classes/\(school.classId.uuidString)/published?date=\(HomeworkWorld.day)", token: school.principal)
                        .text.contains(id) == false, "not visible before the last step")
                    let response = try await school.review(id, school.holder(of: step), #"{"action":"approve"}"#)
                    #expect(response.status == .ok)
                    entry = try response.json(DecodedEntry.self)
                }
                #expect(walked == expected)
                #expect(entry.status == "published")
                #expect(entry.history?.map(\.action) == ["file"] + expected.map { _ in "approve" })
                let published = try await app.api(.GET, "/api/v1/classes/\(school.classId.uuidString)/published?date=\(HomeworkWorld.day)", token: school.principal)
                #expect(published.text.contains(id))
            }
        }
    }

    @Test func onlyTheHolderOfTheStepMayAct() async throws {
        try await TestApp.withApp { app in
            let school = try await JuniorSchool(app)
            let id = try await school.world.file(school.teacher, school.world.filing(classes: [school.classId], minutes: 10)).json(DecodedFiled.self).ids[0]
            for token in [school.headTeacher, school.principal] {
                let denied = try await school.review(id, token, #"{"action":"approve"}"#)
                #expect(denied.status == .forbidden)
                #expect(denied.errorCode == "not_your_step")
                #expect(denied.errorMessage?.contains("学科组长把关") == true)
            }
            let filer = try await school.review(id, school.teacher, #"{"action":"approve"}"#)
            #expect(filer.status == .forbidden && filer.errorCode == "not_a_reviewer", "the teacher who filed it holds no step")
            let outsider = try await app.token("principal")
            #expect(try await school.review(id, outsider, #"{"action":"approve"}"#).status == .notFound)
            #expect(try await HomeworkEntry.find(UUID(uuidString: id)!, on: app.db)?.reviewStep == "subject_leader")
            let queue = try await app.api(.GET, "/api/v1/homework/review-queue", token: school.subjectLeader)
            #expect(queue.text.contains(id))
            #expect(!(try await app.api(.GET, "/api/v1/homework/review-queue", token: school.principal).text.contains(id)))
        }
    }

    @Test func theReviewQueueShowsEachEntrysDueDateAndOptionalFlag() async throws {
        try await TestApp.withApp { app in
            let school = try await JuniorSchool(app)
            let assigned = HomeworkWorld.day
            let due = LocalDate(iso: assigned)!.adding(days: 1).iso
            let body = school.world.filing(classes: [school.classId], on: assigned, due: due, minutes: 10, extra: #","optional":true"#)
            let id = try await school.world.file(school.teacher, body).json(DecodedFiled.self).ids[0]
            struct QueueEntry: Decodable { let id: String; let assignedOn: String; let dueOn: String; let optional: Bool }
            let queue = try await app.api(.GET, "/api/v1/homework/review-queue", token: school.subjectLeader).json([QueueEntry].self)
            let entry = try #require(queue.first { $0.id == id })
            #expect(entry.assignedOn == assigned)
            #expect(entry.dueOn == due, "the queue answers the real due date, not the assigned one")
            #expect(entry.optional, "the queue answers the entry's optional flag")
        }
    }

    @Test func returnedWorkIsRevisedAndResubmittedAndEditsKeepTheirHistory() async throws {
        try await TestApp.withApp { app in
            let school = try await JuniorSchool(app)
            let id = try await school.world.file(school.teacher, school.world.filing(classes: [school.classId], minutes: 40)).json(DecodedFiled.self).ids[0]
            #expect(try await school.review(id, school.subjectLeader, #"{"action":"return"}"#).errorCode == "invalid_input", "a reason is required")
            let returned = try await school.review(id, school.subjectLeader, #"{"action":"return","reason":"题量偏大"}"#).json(DecodedEntry.self)
            #expect(returned.status == "returned")
            #expect(try await school.review(id, school.subjectLeader, #"{"action":"approve"}"#).status == .conflict)
            let resubmitted = try await app.api(.POST, "/api/v1/homework/\(id)/resubmit", token: school.teacher, json: #"{"minutes":25}"#).json(DecodedEntry.self)
            #expect(resubmitted.status == "pending_review")
            #expect(resubmitted.reviewStep == "subject_leader")
            #expect(resubmitted.minutes == 25)
            let edited = try await school.review(id, school.subjectLeader, #"{"action":"edit","reason":"删去第5题","minutes":20,"content":"练习册第12页1-4题"}"#)
            #expect(edited.status == .ok)
            let entry = try edited.json(DecodedEntry.self)
            #expect(entry.minutes == 20)
            #expect(entry.content == "练习册第12页1-4题")
            #expect(entry.reviewStep == "subject_leader")
            #expect(entry.history?.map(\.action) == ["file", "return", "resubmit", "edit"])
            #expect(entry.history?[1].reason == "题量偏大")
            #expect(try await school.review(id, school.subjectLeader, #"{"action":"edit","reason":"x","content":"   "}"#).status == .unprocessableEntity)
            #expect(try await school.review(id, school.subjectLeader, #"{"action":"edit","minutes":10}"#).errorCode == "invalid_input")
        }
    }

    @Test func withdrawnWorkStaysOnFileWithItsReason() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let teacher = try await app.token("teacher")
            let id = try await world.file(teacher, world.filing(minutes: 30)).json(DecodedFiled.self).ids[0]
            #expect(try await app.api(.POST, "/api/v1/homework/\(id)/withdraw", token: teacher, json: #"{"reason":""}"#).errorCode == "invalid_input")
            #expect(try await app.api(.POST, "/api/v1/homework/\(id)/withdraw", token: try await app.token("teacher2"), json: #"{"reason":"x"}"#).status == .forbidden)
            let withdrawn = try await app.api(.POST, "/api/v1/homework/\(id)/withdraw", token: teacher, json: #"{"reason":"与明天的课冲突"}"#)
            #expect(try withdrawn.json(DecodedEntry.self).status == "withdrawn")
            let entry = try #require(try await HomeworkEntry.find(UUID(uuidString: id)!, on: app.db))
            #expect(entry.withdrawnReason == "与明天的课冲突")
            let parent = try await app.token("parent")
            #expect(!(try await app.api(.GET, "/api/v1/classes/\(world.class1.uuidString)/published?date=\(HomeworkWorld.day)", token: parent).text.contains(id)))
            // Its minutes no longer count: the full hour is free again.
            #expect(try await world.file(teacher, world.filing(minutes: 60, content: "复习")).status == .created)
        }
    }
}

@Suite struct HomeworkParentTests {
    @Test func parentSeesPublishedWorkOfTheirChildsClassOnly() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let teacher = try await app.token("teacher")
            let own = try await world.file(teacher, world.filing(minutes: 20, content: "口算 20 题")).json(DecodedFiled.self).ids[0]
            _ = try await world.file(teacher, world.filing(classes: [world.class2], minutes: 20, content: "二班作业"))
            _ = try await world.file(try await app.token("teacher2"), world.filing(subject: world.chinese, kind: "reading", minutes: 15, content: "读课文"))
            // With a review step on, pending work is not shown to parents.
            let school = try #require(try await School.query(on: app.db).filter(\.$name == "第一实验小学").first())
            school.reviewAcademicOffice = true
            try await school.save(on: app.db)
            let pending = try await world.file(teacher, world.filing(minutes: 10, content: "待审核的作业")).json(DecodedFiled.self).ids[0]

            let parent = try await app.token("parent")
            struct Day: Decodable { let writtenMinutes: Int; let otherMinutes: Int; let capMinutes: Int; let entries: [E]; struct E: Decodable { let id: String; let content: String } }
            let day = try await app.api(.GET, "/api/v1/classes/\(world.class1.uuidString)/published?date=\(HomeworkWorld.day)", token: parent).json(Day.self)
            #expect(day.entries.map(\.id).contains(own))
            #expect(!day.entries.map(\.id).contains(pending))
            #expect(day.writtenMinutes == 20)
            #expect(day.otherMinutes == 15)
            #expect(day.capMinutes == 60)
            #expect(try await app.api(.GET, "/api/v1/classes/\(world.class2.uuidString)/published?date=\(HomeworkWorld.day)", token: parent).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/classes/\(world.class1.uuidString)/load?date=\(HomeworkWorld.day)", token: parent).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/homework/\(own)", token: parent).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/homework", token: parent, json: world.filing()).status == .forbidden)
        }
    }

    @Test func parentReportsTheRealTimeOncePerDayAndOnlyForTheirChild() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let parent = try await app.token("parent")
            let parentId = try await app.userId("parent")
            let child = try #require(try await Guardianship.query(on: app.db).filter(\.$guardianId == parentId).first()).studentId
            let today = TestApp.demoToday
            func report(_ student: UUID, _ date: String, _ minutes: String, _ tooMuch: Bool = false) async throws -> TestingHTTPResponse {
                try await app.api(.POST, "/api/v1/feedback", token: parent, json: #"{"studentId":"\#(student.uuidString)","date":"\#(date)","minutes":\#(minutes),"tooMuch":\#(tooMuch)}"#)
            }
            #expect(try await report(child, today.iso, "70", true).status == .created)
            #expect(try await report(child, today.iso, "65", true).status == .created, "editable the same evening")
            let rows = try await HomeworkFeedback.query(on: app.db).filter(\.$studentId == child).all()
            #expect(rows.count == 1)
            #expect(rows.first?.minutes == 65)
            let stranger = try #require(try await Student.query(on: app.db).filter(\.$classId == world.class2).first()?.id)
            #expect(try await report(stranger, today.iso, "30").status == .notFound)
            #expect(try await report(child, today.iso, "-1").errorCode == "invalid_input")
            #expect(try await report(child, today.adding(days: -10).iso, "30").errorCode == "feedback_date")
            #expect(try await report(child, today.adding(days: 1).iso, "30").errorCode == "feedback_date")
            #expect(try await report(child, "yesterday", "30").errorCode == "invalid_input")
            let yesterday = today.adding(days: -1).iso
            #expect(try await report(child, yesterday, "40").status == .created)
            #expect(try await report(child, yesterday, "45").errorCode == "feedback_locked")
            #expect(try await app.api(.POST, "/api/v1/feedback", token: try await app.token("teacher"), json: #"{"studentId":"\#(child.uuidString)","date":"\#(today.iso)","minutes":10,"tooMuch":false}"#).status == .notFound)
        }
    }

    @Test func classesWhosePupilsReportMoreThanTheEstimateAreFlagged() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let teacher = try await app.token("teacher")
            let schoolId = try await app.schoolId("第一实验小学")
            let district = try #require(try await District.query(on: app.db).first()?.id)
            let pupils = try await Student.query(on: app.db).filter(\.$classId == world.class1).limit(2).all()
            let today = TestApp.demoToday
            let guardian = try await app.userId("parent")
            for offset in 1...3 {
                let date = today.adding(days: -offset)
                let entry = HomeworkEntry()
                entry.districtId = district; entry.schoolId = schoolId; entry.classId = world.class1; entry.subjectId = world.maths
                entry.teacherId = try await app.userId("teacher"); entry.filingId = UUID(); entry.assignedOn = date.iso; entry.dueOn = date.adding(days: 1).iso
                entry.kind = "written"; entry.optional = false; entry.minutes = 30; entry.content = "练习"; entry.status = "published"
                entry.possiblyRepetitive = false
                try await entry.create(on: app.db)
                for pupil in pupils {
                    let feedback = HomeworkFeedback()
                    feedback.districtId = district; feedback.schoolId = schoolId; feedback.classId = world.class1; feedback.studentId = pupil.id!
                    feedback.guardianId = guardian; feedback.date = date.iso; feedback.minutes = 60; feedback.tooMuch = true
                    try await feedback.create(on: app.db)
                }
            }
            _ = teacher
            let flagged = try await HomeworkService.overruns(schoolId: schoolId, classIds: nil, policies: app.policies, on: app.db, today: today)
            #expect(flagged.map(\.classId) == [world.class1])
            #expect(flagged.first?.days.count == 3)
            #expect(flagged.first?.days.first?.reported == 60)
            #expect(flagged.first?.days.first?.estimated == 30)
        }
    }

    @Test func aClassCalendarFeedListsPublishedWork() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            _ = try await world.file(try await app.token("teacher"), world.filing(minutes: 20, content: "口算, 20 题; 认真完成"))
            let parent = try #require(try await ActorLoader.load(userId: try await app.userId("parent"), on: app.db))
            let token = try await HomeworkService.feedToken(classId: world.class1, parent, cache: app.publishedDays, on: app.db)
            #expect(try await HomeworkService.feedToken(classId: world.class1, parent, cache: app.publishedDays, on: app.db) == token)
            let feed = try await app.testing().sendRequest(.GET, "/feeds/\(token).ics")
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.subType == "calendar")
            #expect(feed.text.contains("BEGIN:VEVENT"))
            #expect(feed.text.contains("DTSTART;VALUE=DATE:20261125"))
            #expect(feed.text.contains("口算\\, 20 题\\; 认真完成"))
            #expect(try await app.testing().sendRequest(.GET, "/feeds/wrong-token.ics").status == .notFound)
            let stranger = try #require(try await ActorLoader.load(userId: try await app.userId("principal2"), on: app.db))
            await #expect(throws: AppError.self) { try await HomeworkService.feedToken(classId: world.class1, stranger, cache: app.publishedDays, on: app.db) }
        }
    }
}
