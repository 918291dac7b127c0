import Fluent
import Foundation
import SQLKit

/// The survey engine's reads: the size of an audience, the responses of a survey, the surveys of a scope.
enum SurveyQueries {
    struct Count: Decodable { let n: Int }

    /// How many can answer: guardians (one response a family account), pupils, or staff.
    static func audienceSize(_ survey: Survey, on db: any Database) async throws -> Int {
        var query: SQLQueryString
        switch survey.respondentKind {
        case .parents:
            query = "SELECT COUNT(DISTINCT g.guardian_id) AS n FROM guardianships g JOIN students s ON s.id = g.student_id JOIN school_classes c ON c.id = s.class_id"
        case .pupils:
            query = "SELECT COUNT(*) AS n FROM students s JOIN school_classes c ON c.id = s.class_id"
        case .staff:
            if survey.scopeKind == .group { return survey.members.count }
            query = "SELECT COUNT(DISTINCT m.user_id) AS n FROM role_memberships m WHERE m.role <> 'parent' AND m.district_id = \(bind: survey.districtId)"
            if let school = survey.schoolId, survey.scopeKind != .district { query.appendInterpolation(unsafeRaw: " AND m.school_id = "); query.appendInterpolation(bind: school) }
            return try await db.sql.raw(query).first(decoding: Count.self)?.n ?? 0
        }
        query.appendInterpolation(unsafeRaw: " WHERE s.district_id = ")
        query.appendInterpolation(bind: survey.districtId)
        switch survey.scopeKind {
        case .district: break
        case .school:
            query.appendInterpolation(unsafeRaw: " AND s.school_id = ")
            query.appendInterpolation(bind: survey.schoolId)
        case .grade:
            query.appendInterpolation(unsafeRaw: " AND s.school_id = ")
            query.appendInterpolation(bind: survey.schoolId)
            query.appendInterpolation(unsafeRaw: " AND c.grade_number = ")
            query.appendInterpolation(bind: survey.gradeNumber)
        case .class:
            query.appendInterpolation(unsafeRaw: " AND s.class_id = ")
            query.appendInterpolation(bind: survey.classId)
        case .group:
            let members = Array(survey.members)
            guard !members.isEmpty else { return 0 }
            query.appendInterpolation(unsafeRaw: " AND s.id IN (")
            query.appendInterpolation(binds: members)
            query.appendInterpolation(unsafeRaw: ")")
        }
        return try await db.sql.raw(query).first(decoding: Count.self)?.n ?? 0
    }

    struct ResponseCount: Decodable {
        let survey_id: UUID
        let n: Int
    }

    /// Responses per survey, for lists of surveys.
    static func responseCounts(surveyIds: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !surveyIds.isEmpty else { return [:] }
        var query = SQLQueryString("SELECT survey_id, COUNT(*) AS n FROM survey_responses WHERE survey_id IN (")
        query.appendInterpolation(binds: surveyIds)
        query.appendInterpolation(unsafeRaw: ") GROUP BY survey_id")
        return Dictionary(try await db.sql.raw(query).all(decoding: ResponseCount.self).map { ($0.survey_id, $0.n) }, uniquingKeysWith: { a, _ in a })
    }

    struct ClassGrade: Decodable {
        let id: UUID
        let grade_number: Int
    }

    /// The grade of each class, for a family's children.
    static func grades(classIds: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !classIds.isEmpty else { return [:] }
        var query = SQLQueryString("SELECT id, grade_number FROM school_classes WHERE id IN (")
        query.appendInterpolation(binds: classIds)
        query.appendInterpolation(unsafeRaw: ")")
        return Dictionary(try await db.sql.raw(query).all(decoding: ClassGrade.self).map { ($0.id, $0.grade_number) }, uniquingKeysWith: { a, _ in a })
    }
}
