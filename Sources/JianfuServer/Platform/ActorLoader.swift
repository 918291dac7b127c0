import Fluent
import Foundation
import SQLKit

/// Loads a person's roles, teaching and children: everything access checks read.
enum ActorLoader {
    static func load(userId: UUID, on db: any Database) async throws -> Actor? {
        guard let user = try await User.find(userId, on: db), user.isActive else { return nil }
        let memberships = try await RoleMembership.query(on: db).filter(\.$userId == userId).all().compactMap { m -> Actor.Membership? in
            guard let role = Role(rawValue: m.role) else { return nil }
            return Actor.Membership(role: role, districtId: m.districtId, schoolId: m.schoolId, gradeId: m.gradeId, subjectId: m.subjectId, classId: m.classId)
        }
        let teaching = try await TeachingAssignment.query(on: db).filter(\.$teacherId == userId).all().map {
            Actor.Teaching(classId: $0.classId, schoolId: $0.schoolId, subjectId: $0.subjectId)
        }
        struct ChildRow: Decodable { let id: UUID; let class_id: UUID; let school_id: UUID }
        let children = try await db.sql.raw("""
            SELECT s.id, s.class_id, s.school_id FROM guardianships g JOIN students s ON s.id = g.student_id
            WHERE g.guardian_id = \(bind: userId)
            """).all(decoding: ChildRow.self).map { Actor.Child(studentId: $0.id, classId: $0.class_id, schoolId: $0.school_id) }
        return Actor(userId: userId, districtId: user.districtId, username: user.username, displayName: user.displayName,
                     memberships: memberships, teaching: teaching, children: children)
    }
}
