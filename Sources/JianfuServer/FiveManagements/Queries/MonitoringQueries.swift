import Fluent
import Foundation
import JianfuCore
import SQLKit

/// The five-managements monitoring's reads.
enum MonitoringQueries {
    /// The term's monitoring questionnaires of the district, or of the schools named.
    static func surveys(districtId: UUID, schoolIds: [UUID]?, termId: UUID, on db: any Database) async throws -> [Survey] {
        var query = Survey.query(on: db).filter(\.$districtId == districtId).filter(\.$termId == termId).filter(\.$topic ~~ MonitoringService.allTopics)
        if let schoolIds { query = query.filter(\.$schoolId ~~ schoolIds) }
        return try await query.sort(\.$gradeNumber).all()
    }

    struct Grade: Decodable { let grade_number: Int }

    /// The grades a school has classes in.
    static func grades(schoolId: UUID, on db: any Database) async throws -> [Int] {
        try await db.sql.raw("SELECT DISTINCT grade_number FROM school_classes WHERE school_id = \(bind: schoolId) ORDER BY grade_number")
            .all(decoding: Grade.self).map(\.grade_number)
    }

    struct GradeAudience: Decodable {
        let school_id: UUID
        let grade_number: Int
        let pupils: Int
    }

    /// Pupils per school and grade: who a grade's questionnaire is put to, one response a pupil.
    static func gradeAudiences(districtId: UUID, schoolId: UUID?, on db: any Database) async throws -> [UUID: [Int: Int]] {
        var query: SQLQueryString = """
            SELECT s.school_id, c.grade_number, COUNT(*) AS pupils FROM students s JOIN school_classes c ON c.id = s.class_id
            WHERE s.district_id = \(bind: districtId)
            """
        if let schoolId {
            query.appendInterpolation(unsafeRaw: " AND s.school_id = ")
            query.appendInterpolation(bind: schoolId)
        }
        query.appendInterpolation(unsafeRaw: " GROUP BY s.school_id, c.grade_number")
        var result: [UUID: [Int: Int]] = [:]
        for row in try await db.sql.raw(query).all(decoding: GradeAudience.self) { result[row.school_id, default: [:]][row.grade_number] = row.pupils }
        return result
    }

    struct Answers: Decodable {
        let survey_id: UUID
        let answers: String
    }

    /// The answers of the questionnaires named, each response as the respondent gave it.
    static func answers(surveyIds: [UUID], on db: any Database) async throws -> [UUID: [[String: SurveyAnswer]]] {
        guard !surveyIds.isEmpty else { return [:] }
        var query = SQLQueryString("SELECT survey_id, answers FROM survey_responses WHERE survey_id IN (")
        query.appendInterpolation(binds: surveyIds)
        query.appendInterpolation(unsafeRaw: ")")
        let decoder = JSONDecoder()
        var result: [UUID: [[String: SurveyAnswer]]] = [:]
        for row in try await db.sql.raw(query).all(decoding: Answers.self) {
            result[row.survey_id, default: []].append((try? decoder.decode([String: SurveyAnswer].self, from: Data(row.answers.utf8))) ?? [:])
        }
        return result
    }
}
