import Fluent
import Foundation

/// A school's own settings: its review steps, the daily publication time and whether it allows cap overrides.
enum SchoolSettingsService {
    static func save(_ school: School, subjectLeader: Bool, headTeacher: Bool, academicOffice: Bool, publishTime: String, allowOverride: Bool,
                     _ actor: Actor, on db: any Database) async throws {
        guard actor.canAdminister(schoolId: school.id!, districtId: school.districtId) else { throw AppError.notFound }
        func summary() -> String {
            "\(school.reviewSubjectLeader),\(school.reviewHeadTeacher),\(school.reviewAcademicOffice),\(school.publishTime),\(school.allowCapOverride)"
        }
        let before = summary()
        school.reviewSubjectLeader = subjectLeader
        school.reviewHeadTeacher = headTeacher
        school.reviewAcademicOffice = academicOffice
        school.publishTime = publishTime
        school.allowCapOverride = allowOverride
        let after = summary()
        try await db.writeTransaction { tx in
            try await school.save(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: school.id, action: "update", entity: "school_settings", entityId: school.id,
                               detail: ["before": before, "after": after])
        }
    }
}
