import Fluent
import Foundation
import SQLKit

/// Loads a person's roles, teaching and children: everything access checks read, in one query,
/// because every signed-in request pays for it.
enum ActorLoader {
    private struct Row: Decodable {
        let kind: String
        let district_id: UUID
        let school_id: UUID?
        let grade_id: UUID?
        let subject_id: UUID?
        let class_id: UUID?
        let student_id: UUID?
        let role: String?
        let username: String?
        let display_name: String?
        let is_active: Bool?
    }

    static func load(userId: UUID, on db: any Database) async throws -> Actor? {
        // The first branch types its NULLs: PostgreSQL would otherwise settle two untyped NULLs as text.
        let rows = try await db.sql.raw("""
            SELECT 'user' AS kind, u.district_id, u.school_id, CAST(NULL AS UUID) AS grade_id, CAST(NULL AS UUID) AS subject_id,
                   CAST(NULL AS UUID) AS class_id, CAST(NULL AS UUID) AS student_id, CAST(NULL AS TEXT) AS role, u.username, u.display_name, u.is_active
            FROM users u WHERE u.id = \(bind: userId)
            UNION ALL
            SELECT 'role', m.district_id, m.school_id, m.grade_id, m.subject_id, m.class_id, NULL, m.role, NULL, NULL, NULL
            FROM role_memberships m WHERE m.user_id = \(bind: userId)
            UNION ALL
            SELECT 'teaching', ta.district_id, ta.school_id, NULL, ta.subject_id, ta.class_id, NULL, NULL, NULL, NULL, NULL
            FROM teaching_assignments ta WHERE ta.teacher_id = \(bind: userId)
            UNION ALL
            SELECT 'child', s.district_id, s.school_id, NULL, NULL, s.class_id, s.id, NULL, NULL, s.name, NULL
            FROM guardianships g JOIN students s ON s.id = g.student_id WHERE g.guardian_id = \(bind: userId)
            """).all(decoding: Row.self)
        guard let user = rows.first(where: { $0.kind == "user" }), user.is_active == true,
              let username = user.username, let displayName = user.display_name else { return nil }
        var memberships: [Actor.Membership] = []
        var teaching: [Actor.Teaching] = []
        var children: [Actor.Child] = []
        for row in rows {
            switch row.kind {
            case "role":
                guard let role = row.role.flatMap(Role.init(rawValue:)) else { continue }
                memberships.append(Actor.Membership(role: role, districtId: row.district_id, schoolId: row.school_id, gradeId: row.grade_id,
                                                    subjectId: row.subject_id, classId: row.class_id))
            case "teaching":
                guard let classId = row.class_id, let schoolId = row.school_id, let subjectId = row.subject_id else { continue }
                teaching.append(Actor.Teaching(classId: classId, schoolId: schoolId, subjectId: subjectId))
            case "child":
                guard let studentId = row.student_id, let classId = row.class_id, let schoolId = row.school_id else { continue }
                children.append(Actor.Child(studentId: studentId, classId: classId, schoolId: schoolId, name: row.display_name ?? ""))
            default:
                continue
            }
        }
        return Actor(userId: userId, districtId: user.district_id, username: username, displayName: displayName,
                     memberships: memberships, teaching: teaching, children: children)
    }
}
