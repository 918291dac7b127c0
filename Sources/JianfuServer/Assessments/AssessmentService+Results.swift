import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

/// Results are kept per pupil but shown only as that pupil's own level to their
/// guardians, and to everyone else as a distribution of levels: never a ranking (EX-10).
extension AssessmentService {
    struct ResultLine: Sendable {
        let studentId: UUID
        let score: Double?
        let level: String?
        /// How a refusal names the line: the pupil on the page, the line number in the API.
        var label: String? = nil
    }

    struct LevelCount: Sendable {
        let level: LevelScheme.Level
        let count: Int
    }

    struct Distribution: Sendable {
        let testId: UUID
        let levels: [LevelCount]
        let entered: Int
        let pupils: Int
    }

    static func enterResults(_ id: UUID, lines: [ResultLine], _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Distribution {
        let (test, schoolClass) = try await visibleTest(id, actor, on: db)
        guard mayHandleResults(of: test, in: schoolClass, actor) else {
            throw AssessmentError.resultsRestricted
        }
        guard test.status == SchoolTest.Status.filed.rawValue else {
            throw AssessmentError.alreadyWithdrawn
        }
        guard let context = try await ClassContext.load(test.classId, policies: policies, on: db) else { throw AppError.notFound }
        guard let heldOn = LocalDate(iso: test.heldOn), heldOn <= context.today() else {
            throw AssessmentError.notHeldYet(test.heldOn)
        }
        guard !lines.isEmpty else { throw AppError.invalid(field: "results", messageKey: "tests.noResults") }
        let scheme = context.profile.tests.levelScheme
        let pupils = Set(try await Student.query(on: db).filter(\.$classId == test.classId).filter(\.$erasedAt == nil).all().compactMap(\.id))
        var seen = Set<UUID>()
        var accepted: [(UUID, Double?, String)] = []
        for (index, line) in lines.enumerated() {
            let number = line.label ?? "tests.line|\(index + 1)"
            guard pupils.contains(line.studentId) else {
                throw AssessmentError.pupilNotInClass(line: index + 1)
            }
            guard seen.insert(line.studentId).inserted else {
                throw AppError.invalid(field: "results", messageKey: "tests.pupilTwice", args: [number])
            }
            switch (line.score, line.level) {
            case (let score?, nil):
                guard score.isFinite, score >= 0, score <= Double(test.fullMarks) else {
                    throw AssessmentError.badScore(line: index + 1, pupil: number, fullMarks: test.fullMarks)
                }
                accepted.append((line.studentId, score, scheme.level(score: score, fullMarks: test.fullMarks).code))
            case (nil, let code?):
                guard scheme.level(code: code) != nil else {
                    throw AssessmentError.badLevel(line: index + 1, pupil: number, levels: scheme.levels.map(\.code))
                }
                accepted.append((line.studentId, nil, code))
            default:
                throw AppError.invalid(field: "results", messageKey: "tests.scoreOrLevel", args: [number])
            }
        }
        let toWrite = accepted
        try await db.writeTransaction { tx in
            let existing = try await TestResult.query(on: tx).filter(\.$testId == id).all()
            let byPupil = Dictionary(existing.map { ($0.studentId, $0) }, uniquingKeysWith: { first, _ in first })
            for (studentId, score, level) in toWrite {
                let result = byPupil[studentId] ?? TestResult()
                let before = result.id == nil ? "" : "\(result.score.map { String($0) } ?? "-") \(result.level)"
                if result.id != nil, result.score == score, result.level == level { continue }
                if result.id == nil {
                    result.districtId = test.districtId
                    result.schoolId = test.schoolId
                    result.testId = id
                    result.studentId = studentId
                }
                result.score = score
                result.level = level
                result.enteredBy = actor.userId
                try await result.save(on: tx)
                try await tx.audit(actor, districtId: test.districtId, schoolId: test.schoolId, action: "test.result", entity: "test_result",
                                   entityId: result.id, detail: ["testId": id.uuidString, "studentId": studentId.uuidString, "before": before,
                                                                 "after": "\(score.map { String($0) } ?? "-") \(level)"])
            }
        }
        return try await distribution(of: test, scheme: scheme, on: db)
    }

    /// How many pupils reached each level: what the class, its parents and its staff see.
    static func distribution(_ id: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Distribution {
        let (test, _) = try await visibleTest(id, actor, on: db)
        guard let context = try await ClassContext.load(test.classId, policies: policies, on: db) else { throw AppError.notFound }
        return try await distribution(of: test, scheme: context.profile.tests.levelScheme, on: db)
    }

    static func distribution(of test: SchoolTest, scheme: LevelScheme, on db: any Database) async throws -> Distribution {
        struct Row: Decodable { let level: String; let n: Int }
        let rows = try await db.sql.raw("""
            SELECT level, CAST(COUNT(*) AS BIGINT) AS n FROM test_results WHERE test_id = \(bind: test.id!) GROUP BY level
            """).all(decoding: Row.self)
        let counts = Dictionary(rows.map { ($0.level, $0.n) }, uniquingKeysWith: +)
        let pupils = try await Student.query(on: db).filter(\.$classId == test.classId).count()
        return Distribution(testId: test.id!, levels: scheme.levels.map { LevelCount(level: $0, count: counts[$0.code] ?? 0) },
                            entered: counts.values.reduce(0, +), pupils: pupils)
    }

    /// The class's roster in 学号 order with each pupil's result, for the staff who enter them.
    struct EntryRow: Sendable, Decodable {
        let student_id: UUID
        let student_number: String
        let name: String
        let score: Double?
        let level: String?
    }

    static func entrySheet(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> [EntryRow] {
        let (test, schoolClass) = try await visibleTest(id, actor, on: db)
        guard mayHandleResults(of: test, in: schoolClass, actor) else {
            throw AssessmentError.resultsRestricted
        }
        return try await db.sql.raw("""
            SELECT s.id AS student_id, s.student_number, s.name, r.score, r.level
            FROM students s LEFT JOIN test_results r ON r.student_id = s.id AND r.test_id = \(bind: id)
            WHERE s.class_id = \(bind: test.classId) AND s.erased_at IS NULL ORDER BY s.student_number
            """).all(decoding: EntryRow.self)
    }

    /// One pupil's results: their guardians see levels; the staff who handle results also the score.
    struct PupilResult: Sendable, Decodable {
        let test_id: UUID
        let subject_id: UUID
        let subject_name: String
        let subject_name_en: String
        let kind: String
        let held_on: String
        let title: String
        let full_marks: Int
        let score: Double?
        let level: String
    }

    static func pupilResults(_ studentId: UUID, _ actor: Actor, on db: any Database) async throws -> (results: [PupilResult], withScores: Bool) {
        guard let student = try await Student.find(studentId, on: db), student.districtId == actor.districtId,
              let schoolClass = try await SchoolClass.find(student.classId, on: db) else { throw AppError.notFound }
        let isGuardian = actor.children.contains { $0.studentId == studentId }
        let seesAll = schoolClass.headTeacherId == actor.userId || actor.adminSchoolIds.contains(schoolClass.schoolId)
            || actor.memberships.contains { $0.role == .headTeacher && $0.classId == schoolClass.id }
        let taught = Set(actor.teaching.filter { $0.classId == schoolClass.id }.map(\.subjectId))
        guard isGuardian || seesAll || !taught.isEmpty else { throw AppError.notFound }
        let rows = try await db.sql.raw("""
            SELECT t.id AS test_id, t.subject_id, s.name AS subject_name, s.name_en AS subject_name_en, t.kind, t.held_on, t.title, t.full_marks,
              r.score, r.level
            FROM test_results r JOIN school_tests t ON t.id = r.test_id JOIN subjects s ON s.id = t.subject_id
            WHERE r.student_id = \(bind: studentId) AND t.status = \(bind: SchoolTest.Status.filed.rawValue)
            ORDER BY t.held_on DESC, s.name
            """).all(decoding: PupilResult.self)
        // Guardians see their child's levels; a subject teacher sees the scores of their own subject only.
        if isGuardian { return (rows, false) }
        return (seesAll ? rows : rows.filter { taught.contains($0.subject_id) }, true)
    }
}
