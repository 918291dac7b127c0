import Fluent
import Foundation
import JianfuCore
import Vapor

/// The pupils a school marks as in a group the district names for priority (AS-12: left-behind and migrant children),
/// before the allocation draws them first. Who is in such a group is a minor's restricted record: only the school's
/// administrators see and set it, and every view and change is audited.
extension AfterSchoolService {
    struct PriorityApplicant: Sendable {
        let studentId: UUID
        let name: String
        let className: String
        let priority: Bool
    }

    struct PriorityList: Sendable {
        let school: School
        let term: Term
        let applicants: [PriorityApplicant]
        /// The allocation has run: the marks are history and can no longer change it.
        let allocated: Bool
    }

    /// The pupils who applied for a limited program this term, by class, with their mark; audited as a view.
    static func priorityList(schoolId: UUID, _ actor: Actor, policies: PolicyStore, language: Language, on db: any Database) async throws -> PriorityList {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayPlan(current.school, actor) else { throw AppError.notFound }
        let rows = try await AfterSchoolQueries.limitedApplicants(schoolId: schoolId, termId: current.term.id!, on: db)
        let allocated = try await AfterSchoolAllocation.query(on: db).filter(\.$schoolId == schoolId).filter(\.$termId == current.term.id!).count() > 0
        try await db.audit(actor, districtId: current.school.districtId, schoolId: schoolId, action: "after_school.priority.view", entity: School.schema,
                           entityId: schoolId, detail: ["term": current.term.name, "pupils": String(rows.count)])
        return PriorityList(school: current.school, term: current.term, applicants: rows.map {
            PriorityApplicant(studentId: $0.student_id, name: $0.name, className: ClassNames.name($0.grade_number, $0.class_number, language),
                              priority: $0.priority)
        }, allocated: allocated)
    }

    /// Sets the marks of the term's applicants: those listed are in a priority group, the others not. Refused once the
    /// allocation has run, since it has drawn already.
    static func markPriority(schoolId: UUID, studentIds: Set<UUID>, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Int {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayPlan(current.school, actor) else { throw AppError.forbidden }
        guard let plan = current.plan else { throw AfterSchoolError.noPlan }
        let termId = current.term.id!
        let school = current.school
        return try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            guard try await AfterSchoolAllocation.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$termId == termId).count() == 0 else {
                throw AfterSchoolError.alreadyAllocated
            }
            let rows = try await AfterSchoolEnrolment.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$termId == termId).all()
            var changed = 0
            for row in rows where row.priority != studentIds.contains(row.studentId) {
                row.priority = studentIds.contains(row.studentId)
                try await row.save(on: tx)
                changed += 1
            }
            let marked = Set(rows.filter(\.priority).map(\.studentId)).count
            // Counts only: the audit trail does not become a list of which children are left behind.
            try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "after_school.priority.mark", entity: School.schema,
                               entityId: schoolId, detail: ["term": current.term.name, "marked": String(marked), "rowsChanged": String(changed)])
            return marked
        }
    }
}
