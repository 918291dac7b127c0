import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Names and ids of the demo district that homework tests file against.
struct HomeworkWorld {
    let app: Application
    let class1: UUID
    let class2: UUID
    let maths: UUID
    let chinese: UUID

    static let day = "2026-11-25"

    init(_ app: Application) async throws {
        self.app = app
        class1 = try await app.classId("第一实验小学", grade: 4, number: 1)
        class2 = try await app.classId("第一实验小学", grade: 4, number: 2)
        maths = try #require(try await Subject.query(on: app.db).filter(\.$name == "数学").first()?.id)
        chinese = try #require(try await Subject.query(on: app.db).filter(\.$name == "语文").first()?.id)
    }

    func filing(classes: [UUID]? = nil, subject: UUID? = nil, on day: String = HomeworkWorld.day, due: String? = nil, kind: String = "written",
                minutes: Any = 20, content: String = "数学练习册第12页", override: String? = nil, extra: String = "") -> String {
        let ids = (classes ?? [class1]).map { "\"\($0.uuidString)\"" }.joined(separator: ",")
        let dueOn = due ?? LocalDate(iso: day).map { $0.adding(days: 1).iso } ?? day
        let contentJSON = String(data: try! JSONEncoder().encode(content), encoding: .utf8)!
        var body = #"{"classIds":[\#(ids)],"subjectId":"\#((subject ?? maths).uuidString)","assignedOn":"\#(day)","dueOn":"\#(dueOn)","kind":"\#(kind)","minutes":\#(minutes),"content":\#(contentJSON)"#
        if let override { body += #","override":{"reason":"\#(override)"}"# }
        return body + extra + "}"
    }

    func file(_ token: String, _ body: String) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/homework", token: token, json: body)
    }

    func entryCount() async throws -> Int { try await HomeworkEntry.query(on: app.db).count() }

    /// Gives an account of the demo a password and a role, for steps the demo has no named account for.
    func account(teachingSubject subject: String, school: String, grade: Int, number: Int) async throws -> (username: String, token: String) {
        let classId = try await app.classId(school, grade: grade, number: number)
        let subjectId = try #require(try await Subject.query(on: app.db).filter(\.$name == subject).first()?.id)
        let assignment = try #require(try await TeachingAssignment.query(on: app.db).filter(\.$classId == classId).filter(\.$subjectId == subjectId).first())
        let user = try #require(try await User.find(assignment.teacherId, on: app.db))
        user.passwordHash = try await app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()).hash("secret123").get()
        try await user.save(on: app.db)
        return (user.username, try await app.token(user.username, password: "secret123"))
    }
}

struct DecodedFiled: Decodable {
    struct Load: Decodable { let classId: String; let capMinutes: Int; let plannedMinutes: Int; let publishedMinutes: Int; let remainingMinutes: Int? }
    let ids: [String]
    let status: String
    let loads: [Load]
}

struct DecodedEntry: Decodable {
    struct Event: Decodable { let action: String; let toStatus: String; let reason: String?; let step: String? }
    let id: String
    let status: String
    let reviewStep: String?
    let minutes: Int
    let content: String
    let possiblyRepetitive: Bool
    let history: [Event]?
}

struct ErrorDetails: Decodable {
    struct Inner: Decodable {
        let code: String
        let message: String
        let details: [String: ErrorValue]
    }
    let error: Inner
}

enum ErrorValue: Decodable, Equatable {
    case text(String)
    case number(Int)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .number(n) } else { self = .text(try c.decode(String.self)) }
    }
}
