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

extension SurveyQueries {
    struct ScaleRow: Decodable {
        let survey_id: UUID
        let responses: Int
        let answered: Int
        let mean: Double?
    }

    /// Per survey: its responses, and how many answered one scale question and their mean, in one query; a module's
    /// headline figure ("overall satisfaction") for many surveys at once.
    static func scaleMeans(surveyIds: [UUID], questionId: String, on db: any Database) async throws -> [UUID: ScaleRow] {
        guard !surveyIds.isEmpty else { return [:] }
        // The answers are JSON text: SQLite reads them with json_extract, PostgreSQL with ->>.
        let sqlite = db.sql.dialect.name == "sqlite"
        func value() -> SQLQueryString {
            sqlite ? "CAST(json_extract(answers, \(bind: "$." + questionId)) AS REAL)" : "CAST(CAST(answers AS json) ->> \(bind: questionId) AS double precision)"
        }
        var query: SQLQueryString = "SELECT survey_id, COUNT(*) AS responses, COUNT("
        query.appendInterpolation(value())
        query.appendInterpolation(unsafeRaw: ") AS answered, AVG(")
        query.appendInterpolation(value())
        query.appendInterpolation(unsafeRaw: ") AS mean FROM survey_responses WHERE survey_id IN (")
        query.appendInterpolation(binds: surveyIds)
        query.appendInterpolation(unsafeRaw: ") GROUP BY survey_id")
        return Dictionary(try await db.sql.raw(query).all(decoding: ScaleRow.self).map { ($0.survey_id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    struct SchoolAudience: Decodable {
        let school_id: UUID
        let pupils: Int
        let families: Int
    }

    /// Every school's pupils and families (guardian accounts), the audiences of its school-wide surveys, in one query;
    /// `schoolId` for one school's page, which need not count the whole district.
    static func schoolAudiences(districtId: UUID, schoolId: UUID? = nil, on db: any Database) async throws -> [UUID: SchoolAudience] {
        var query: SQLQueryString = """
            SELECT s.school_id, COUNT(DISTINCT s.id) AS pupils, COUNT(DISTINCT g.guardian_id) AS families
            FROM students s JOIN school_classes c ON c.id = s.class_id LEFT JOIN guardianships g ON g.student_id = s.id
            WHERE s.district_id = \(bind: districtId)
            """
        if let schoolId {
            query.appendInterpolation(unsafeRaw: " AND s.school_id = ")
            query.appendInterpolation(bind: schoolId)
        }
        query.appendInterpolation(unsafeRaw: " GROUP BY s.school_id")
        let rows = try await db.sql.raw(query).all(decoding: SchoolAudience.self)
        return Dictionary(rows.map { ($0.school_id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    struct Guardian: Decodable {
        let student_id: UUID
        let guardian_id: UUID
    }

    /// The families of each group survey's pupils: a parents' survey of a group is put to them, one response each.
    static func groupFamilies(_ surveys: [Survey], on db: any Database) async throws -> [UUID: Int] {
        let pupils = Array(Set(surveys.flatMap(\.members)))
        guard !pupils.isEmpty else { return [:] }
        var query = SQLQueryString("SELECT student_id, guardian_id FROM guardianships WHERE student_id IN (")
        query.appendInterpolation(binds: pupils)
        query.appendInterpolation(unsafeRaw: ")")
        let guardians = Dictionary(grouping: try await db.sql.raw(query).all(decoding: Guardian.self), by: \.student_id)
        return Dictionary(surveys.map { survey in
            (survey.id!, Set(survey.members.flatMap { guardians[$0]?.map(\.guardian_id) ?? [] }).count)
        }, uniquingKeysWith: { a, _ in a })
    }
}

extension SurveyQueries {
    /// How many of these are pupils of the school.
    static func pupilCount(_ ids: Set<UUID>, schoolId: UUID, on db: any Database) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        var query: SQLQueryString = "SELECT COUNT(*) AS n FROM students WHERE school_id = \(bind: schoolId) AND id IN ("
        query.appendInterpolation(binds: Array(ids))
        query.appendInterpolation(unsafeRaw: ")")
        return try await db.sql.raw(query).first(decoding: Count.self)?.n ?? 0
    }

    /// How many of these accounts hold a staff role at the school.
    static func staffCount(_ ids: Set<UUID>, schoolId: UUID, on db: any Database) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        var query: SQLQueryString = "SELECT COUNT(DISTINCT user_id) AS n FROM role_memberships WHERE school_id = \(bind: schoolId) AND role <> 'parent' AND user_id IN ("
        query.appendInterpolation(binds: Array(ids))
        query.appendInterpolation(unsafeRaw: ")")
        return try await db.sql.raw(query).first(decoding: Count.self)?.n ?? 0
    }
}
