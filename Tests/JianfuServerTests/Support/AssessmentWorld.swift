import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The demo district's classes, subjects and pupils that test-filing tests use.
struct AssessmentWorld {
    let app: Application
    let class1: UUID
    let class2: UUID
    let grade2: UUID
    let grade7: UUID
    let grade9: UUID
    let maths: UUID
    let chinese: UUID
    let child: UUID

    init(_ app: Application) async throws {
        self.app = app
        class1 = try await app.classId("第一实验小学", grade: 4, number: 1)
        class2 = try await app.classId("第一实验小学", grade: 4, number: 2)
        grade2 = try await app.classId("第一实验小学", grade: 2, number: 1)
        grade7 = try await app.classId("第一中学", grade: 7, number: 1)
        grade9 = try await app.classId("第一中学", grade: 9, number: 1)
        maths = try #require(try await Subject.query(on: app.db).filter(\.$name == "数学").first()?.id)
        chinese = try #require(try await Subject.query(on: app.db).filter(\.$name == "语文").first()?.id)
        let parent = try await app.userId("parent")
        child = try #require(try await Guardianship.query(on: app.db).filter(\.$guardianId == parent).first()?.studentId)
    }

    func filing(classes: [UUID]? = nil, subject: UUID? = nil, kind: String = "final", paper: Bool = true, on date: String = "2026-12-30",
                minutes: Int = 90, fullMarks: Int? = nil, extra: String = "") -> String {
        let ids = (classes ?? [class1]).map { "\"\($0.uuidString)\"" }.joined(separator: ",")
        var body = #"{"classIds":[\#(ids)],"subjectId":"\#((subject ?? maths).uuidString)","kind":"\#(kind)","paper":\#(paper),"date":"\#(date)","durationMinutes":\#(minutes)"#
        if let fullMarks { body += #","fullMarks":\#(fullMarks)"# }
        return body + extra + "}"
    }

    func file(_ token: String, _ body: String, language: String? = nil) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/tests", token: token, json: body, language: language)
    }

    /// Files a test and returns its id (the first, when filed for several classes).
    func filed(_ token: String, _ body: String) async throws -> String {
        let response = try await file(token, body)
        #expect(response.status == .created, "\(response.text)")
        return try #require(try response.json(DecodedTestsFiled.self).ids.first)
    }

    func pupils(of classId: UUID) async throws -> [UUID] {
        try await Student.query(on: app.db).filter(\.$classId == classId).sort(\.$studentNumber).all().compactMap(\.id)
    }

    func testCount() async throws -> Int { try await SchoolTest.query(on: app.db).count() }

    /// A second term of the school year, for the grade-9 mock rules.
    func addSpringTerm() async throws {
        let district = try #require(try await District.query(on: app.db).first())
        let term = Term()
        term.districtId = district.id!
        term.name = "2026-2027学年第二学期"
        term.startsOn = "2027-02-22"
        term.endsOn = "2027-07-02"
        try await term.save(on: app.db)
    }
}

struct DecodedTestsFiled: Decodable {
    struct Warning: Decodable { let ruleId: String; let rule: String; let source: String; let message: String }
    let ids: [String]
    let warnings: [Warning]
}

struct DecodedDistribution: Decodable {
    struct Level: Decodable { let code: String; let name: String; let count: Int }
    let testId: String
    let entered: Int
    let pupils: Int
    let levels: [Level]

    func count(_ code: String) -> Int? { levels.first { $0.code == code }?.count }
}
