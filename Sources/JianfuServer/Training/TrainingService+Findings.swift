import Fluent
import Foundation
import JianfuCore

/// A course's violations made a finding against the institution (限期整改) with its deadline; closed as put right, or,
/// not put right, by putting the institution on the black list with the finding as its reason.
extension TrainingService {
    static func makeFinding(courseId: UUID, dueOn: String, _ actor: Actor, on db: any Database) async throws -> TrainingFinding {
        try requireRead(actor)
        guard let course = try await TrainingCourseRecord.find(courseId, on: db), course.districtId == actor.districtId else { throw AppError.notFound }
        let violations = violations(of: course)
        guard !violations.isEmpty else { throw AppError.conflict(messageKey: "training.e.noViolation") }
        let district = try await district(actor, on: db)
        guard let due = try date(dueOn, field: "dueOn"), due >= WallClock.today(in: district.zone) else {
            throw AppError.invalid(field: "dueOn", messageKey: "training.e.dueOn")
        }
        let rules = violations.map(\.rule).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let row = TrainingFinding()
        row.districtId = course.districtId
        row.institutionId = course.institutionId
        row.courseId = courseId
        row.rules = rules.joined(separator: ",")
        row.description = course.name
        row.dueOn = due.iso
        row.status = FindingStatus.open.rawValue
        row.outcome = ""
        row.createdBy = actor.userId
        row.createdAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "finding.open", entity: TrainingFinding.schema, entityId: row.id,
                               detail: ["institution": row.institutionId.uuidString, "course": courseId.uuidString, "rules": row.rules, "dueOn": due.iso])
        }
        return row
    }

    /// Closes an open finding: put right, or black-listed with the finding's rules as the listing's reason.
    static func closeFinding(_ id: UUID, outcome raw: String, note rawNote: String, _ actor: Actor, on db: any Database) async throws -> TrainingFinding {
        try requireManage(actor)
        guard let row = try await TrainingFinding.find(id, on: db), row.districtId == actor.districtId else { throw AppError.notFound }
        guard row.status == FindingStatus.open.rawValue else { throw AppError.conflict(messageKey: "training.e.findingClosed") }
        guard let outcome = FindingStatus(rawValue: raw), outcome != .open else { throw AppError.invalid(field: "outcome", messageKey: "training.e.action") }
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= maxNote else { throw AppError.invalid(field: "note", messageKey: "form.tooLong", args: ["training.note", String(maxNote)]) }
        let institution = try await institution(row.institutionId, actor, on: db)
        let today = WallClock.today(in: try await district(actor, on: db).zone)
        row.status = outcome.rawValue
        row.outcome = note
        row.closedAt = WallClock.now()
        try await db.writeTransaction { tx in
            if outcome == .blacklisted {
                let reason = Strings.text("training.findingReason", .zh, [row.description, row.rules]) + (note.isEmpty ? "" : "：" + note)
                try await applyListing(institution, listing: .black, reason: reason, on: today, actor, tx)
            }
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "finding.close", entity: TrainingFinding.schema, entityId: row.id,
                               detail: ["outcome": outcome.rawValue])
        }
        return row
    }
}
