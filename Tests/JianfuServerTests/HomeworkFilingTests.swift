import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct HomeworkFilingTests {
    @Test func teacherSeesTheRoomLeftAndIsRefusedOverTheCap() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let maths = try await app.token("teacher")
            let chinese = try await app.token("teacher2")
            let first = try await world.file(maths, world.filing(minutes: 20))
            #expect(first.status == .created)
            let filed = try first.json(DecodedFiled.self)
            #expect(filed.status == "published", "the first primary school has its review chain off")
            #expect(filed.loads.first?.plannedMinutes == 20)
            #expect(filed.loads.first?.capMinutes == 60)
            #expect(try await world.file(chinese, world.filing(subject: world.chinese, minutes: 30, content: "抄写生字")).status == .created)

            struct Load: Decodable { let capMinutes: Int; let plannedMinutes: Int; let remainingMinutes: Int; let entries: [E]; struct E: Decodable { let subjectName: String } }
            let load = try await app.api(.GET, "/api/v1/classes/\(world.class1.uuidString)/load?date=\(HomeworkWorld.day)", token: chinese).json(Load.self)
            #expect(load.plannedMinutes == 50)
            #expect(load.remainingMinutes == 10)
            #expect(Set(load.entries.map(\.subjectName)) == ["数学", "语文"])

            let refused = try await world.file(chinese, world.filing(subject: world.chinese, minutes: 15, content: "背诵课文"))
            #expect(refused.status == .unprocessableEntity)
            let error = try refused.json(ErrorDetails.self).error
            #expect(error.code == "cap_exceeded")
            #expect(error.details["capMinutes"] == .number(60))
            #expect(error.details["plannedMinutes"] == .number(50))
            #expect(error.details["requestedMinutes"] == .number(15))
            #expect(error.details["classId"] == .text(world.class1.uuidString))
            #expect(error.message.contains("上限 60 分钟"))
            #expect(try await world.entryCount() == 2)
            // Other kinds are recorded and shown, but do not count toward the written cap.
            #expect(try await world.file(chinese, world.filing(subject: world.chinese, kind: "reading", minutes: 20, content: "阅读《草房子》")).status == .created)
        }
    }

    @Test func overrideNeedsTheSchoolsPermissionAndAReason() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let token = try await app.token("teacher")
            #expect(try await world.file(token, world.filing(minutes: 50)).status == .created)
            let withoutPermission = try await world.file(token, world.filing(minutes: 20, content: "口算", override: "期中复习"))
            #expect(withoutPermission.errorCode == "cap_exceeded")
            let school = try #require(try await School.query(on: app.db).filter(\.$name == "第一实验小学").first())
            school.allowCapOverride = true
            try await school.save(on: app.db)
            #expect(try await world.file(token, world.filing(minutes: 20, content: "口算")).errorCode == "cap_exceeded")
            let overridden = try await world.file(token, world.filing(minutes: 20, content: "口算", override: "期中复习"))
            #expect(overridden.status == .created)
            let entry = try #require(try await HomeworkEntry.find(UUID(uuidString: overridden.json(DecodedFiled.self).ids[0])!, on: app.db))
            #expect(entry.overrideReason == "期中复习")
            #expect(try await HomeworkEvent.query(on: app.db).filter(\.$entryId == entry.id!).first()?.reason == "期中复习")
        }
    }

    @Test func oneFilingReachesParallelClassesOrNoneOfThem() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let teacher = try await app.token("teacher")
            let both = try await world.file(teacher, world.filing(classes: [world.class1, world.class2], minutes: 25))
            #expect(try both.json(DecodedFiled.self).ids.count == 2)
            let teacher2 = try await app.token("teacher2")
            let denied = try await world.file(teacher2, world.filing(classes: [world.class1, world.class2], subject: world.chinese, minutes: 10))
            #expect(denied.status == .forbidden)
            #expect(denied.errorCode == "not_teaching")
            #expect(try await world.entryCount() == 2, "nothing of the refused filing was written")
            // Class 1 has room for 35 more; class 2 too: a filing over the cap in either class writes nothing.
            _ = try await world.file(teacher, world.filing(classes: [world.class2], minutes: 30, content: "应用题"))
            let partial = try await world.file(teacher, world.filing(classes: [world.class1, world.class2], minutes: 10, content: "口算"))
            #expect(partial.errorCode == "cap_exceeded")
            #expect(try await world.entryCount() == 3)
        }
    }

    @Test func grades1and2TakeNoWrittenHomeworkHome() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let (_, token) = try await world.account(teachingSubject: "数学", school: "第一实验小学", grade: 1, number: 1)
            let grade1 = try await app.classId("第一实验小学", grade: 1, number: 1)
            let written = try await world.file(token, world.filing(classes: [grade1], minutes: 5))
            #expect(written.errorCode == "cap_exceeded")
            #expect(try written.json(ErrorDetails.self).error.details["capMinutes"] == .number(0))
            #expect(try await world.file(token, world.filing(classes: [grade1], kind: "oral", minutes: 10, content: "数数到100")).status == .created)
        }
    }

    @Test(arguments: [
        ("0", "invalid_minutes"), ("-5", "invalid_minutes"), ("1000", "invalid_minutes"),
        ("2.5", "bad_request"), ("\"abc\"", "bad_request"),
    ])
    func badMinutesAreRefused(minutes: String, code: String) async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let response = try await world.file(try await app.token("teacher"), world.filing(minutes: minutes))
            #expect(response.errorCode == code)
            #expect((400..<500).contains(response.status.code))
            #expect(try await world.entryCount() == 0)
        }
    }

    @Test func badDatesSubjectsClassesAndContentAreRefusedCleanly() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let token = try await app.token("teacher")
            let foreign = try await app.classId("城关小学", grade: 4, number: 1)
            let cases: [(String, String, HTTPResponseStatus)] = [
                (world.filing(on: "2026-11-25", due: "2026-11-24"), "due_before_assigned", .unprocessableEntity),
                (world.filing(on: "2027-03-01", due: "2027-03-02"), "outside_term", .unprocessableEntity),
                (world.filing(on: "2026-11-28", due: "2026-11-30"), "not_teaching_day", .unprocessableEntity),
                (world.filing(on: "2026-10-01", due: "2026-10-08"), "not_teaching_day", .unprocessableEntity),
                (world.filing(on: "2026-13-45"), "invalid_input", .unprocessableEntity),
                (world.filing(subject: world.chinese), "not_teaching", .forbidden),
                (world.filing(classes: [foreign]), "not_found", .notFound),
                (world.filing(classes: [UUID()]), "not_found", .notFound),
                (world.filing(content: String(repeating: "题", count: 2001)), "invalid_input", .unprocessableEntity),
                (world.filing(content: "   "), "invalid_input", .unprocessableEntity),
                (world.filing(kind: "punishment"), "bad_request", .badRequest),
            ]
            for (body, code, status) in cases {
                let response = try await world.file(token, body)
                #expect(response.status == status, "\(code): \(response.text)")
                #expect(response.errorCode == code)
                #expect(response.errorMessage?.isEmpty == false)
            }
            #expect(try await world.entryCount() == 0)
            let english = try await app.api(.POST, "/api/v1/homework", token: token, json: world.filing(on: "2026-11-28", due: "2026-11-30"), language: "en")
            #expect(english.errorMessage?.contains("not a teaching day") == true)
        }
    }

    @Test func twoTeachersFilingAtTheSameMomentCannotBothSlipUnderTheCap() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("race-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await TestApp.withApp(options: TestApp.options(sqliteFile: path)) { app in
            let world = try await HomeworkWorld(app)
            let maths = try await app.token("teacher")
            let chinese = try await app.token("teacher2")
            let days = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25"]
            for day in days {
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    group.addTask { try await world.file(maths, world.filing(on: day, minutes: 40)).status }
                    group.addTask { try await world.file(chinese, world.filing(subject: world.chinese, on: day, minutes: 40, content: "作文")).status }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .created }.count == 1, "\(day): \(statuses)")
                #expect(statuses.filter { $0 == .unprocessableEntity }.count == 1, "\(day): \(statuses)")
                let load = try await HomeworkService.load(classId: world.class1, date: LocalDate(iso: day)!,
                                                          try #require(try await ActorLoader.load(userId: try await app.userId("teacher"), on: app.db)),
                                                          policies: app.policies, on: app.db)
                #expect(load.plannedMinutes == 40)
            }
        }
    }

    @Test func multiDayWorkIsSpreadOverTeachingDays() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let token = try await app.token("teacher")
            // Wednesday to next Wednesday: worked Wed, Thu, Fri, Mon, Tue, 100 minutes → 20 a day.
            let project = try await world.file(token, world.filing(on: "2026-11-25", due: "2026-12-02", minutes: 100, content: "测量家中物品长度的实践作业"))
            #expect(project.status == .created)
            struct Load: Decodable { let plannedMinutes: Int }
            for (day, minutes) in [("2026-11-25", 20), ("2026-11-27", 20), ("2026-11-30", 20), ("2026-12-01", 20), ("2026-12-02", 0)] {
                let load = try await app.api(.GET, "/api/v1/classes/\(world.class1.uuidString)/load?date=\(day)", token: token).json(Load.self)
                #expect(load.plannedMinutes == minutes, "\(day)")
            }
        }
    }

    @Test func repeatedWorkIsFlaggedForTheReviewer() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let token = try await app.token("teacher")
            _ = try await world.file(token, world.filing(on: "2026-11-24", minutes: 10, content: "练习册第 12 页 1-5 题"))
            let again = try await world.file(token, world.filing(on: "2026-11-25", minutes: 10, content: "练习册第12页1-5题"))
            let id = try #require(UUID(uuidString: again.json(DecodedFiled.self).ids[0]))
            #expect(try await HomeworkEntry.find(id, on: app.db)?.possiblyRepetitive == true)
            let fresh = try await world.file(token, world.filing(on: "2026-11-26", minutes: 10, content: "练习册第13页"))
            let freshId = try #require(UUID(uuidString: fresh.json(DecodedFiled.self).ids[0]))
            #expect(try await HomeworkEntry.find(freshId, on: app.db)?.possiblyRepetitive == false)
        }
    }
}
