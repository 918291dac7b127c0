import Fluent
import Foundation
import SQLKit

/// Reads of 综合素质评价 as SQL into plain structs: each class's pupils at each stage (one query whatever the number of
/// schools), and one class's pupils with their evaluations.
enum EvaluationQueries {
    struct StageCount: Decodable, Sendable {
        let class_id: UUID
        let stage: String
        let n: Int
    }

    static func stageCounts(districtId: UUID, termId: UUID, schoolIds: Set<UUID>?, on db: any Database) async throws -> [StageCount] {
        if let schoolIds, schoolIds.isEmpty { return [] }
        var query = SQLQueryString("""
            SELECT e.class_id, e.stage, COUNT(*) AS n FROM quality_evaluations e JOIN students st ON st.id = e.student_id AND st.erased_at IS NULL
            WHERE e.district_id = \(bind: districtId) AND e.term_id = \(bind: termId)
            """)
        query.appendAnd("e.school_id", in: schoolIds)
        query.appendInterpolation(unsafeRaw: " GROUP BY e.class_id, e.stage")
        return try await db.sql.raw(query).all(decoding: StageCount.self)
    }

    struct ClassPupil: Decodable, Sendable {
        let id: UUID
        let name: String
        let student_number: String
        let evaluation_id: UUID?
        let stage: String?
        let self_text: String?
        let class_text: String?
        let records: Int
    }

    /// A class's pupils in roll order with their evaluation this term and how many factual records they hold.
    static func classPupils(classId: UUID, termId: UUID, on db: any Database) async throws -> [ClassPupil] {
        try await db.sql.raw("""
            SELECT st.id, st.name, st.student_number, e.id AS evaluation_id, e.stage, e.self_text, e.class_text,
                   (SELECT COUNT(*) FROM quality_records r WHERE r.student_id = st.id AND r.term_id = \(bind: termId)) AS records
            FROM students st LEFT JOIN quality_evaluations e ON e.student_id = st.id AND e.term_id = \(bind: termId)
            WHERE st.class_id = \(bind: classId) AND st.erased_at IS NULL
            ORDER BY st.student_number
            """).all(decoding: ClassPupil.self)
    }
}
