import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

/// A school's after-school plan (一校一案) held to the profile, and its programs; the pages and the API both call here.
enum AfterSchoolService {
    static let maxNameLength = 60
    static let maxTextLength = 500
    /// Jianfu's own bound on a program's places, against typing mistakes.
    static let maxCapacity = 500
    static let maxFeeYuan = 100_000

    /// Everything the plan's page and the API show: the school, its term, its grades, the plan if any and its check.
    struct SchoolPlan: Sendable {
        let school: School
        let district: District
        let term: Term
        let grades: [Int]
        let system: SchoolSystem
        let rules: PolicyProfile.AfterSchool
        let plan: AfterSchoolPlan?

        var check: PlanCheckResult? {
            plan.map { PlanCheck(rules: rules, system: system, schoolGrades: grades).check($0.plan) }
        }
    }

    static func schoolPlan(schoolId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> SchoolPlan {
        guard let school = try await School.find(schoolId, on: db), actor.canSee(schoolId: school.id!, districtId: school.districtId),
              let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: WallClock.today(in: district.zone), on: db) else {
            throw AfterSchoolError.noTerm
        }
        let plan = try await AfterSchoolPlan.query(on: db).filter(\.$schoolId == schoolId).filter(\.$termId == term.id!).first()
        return SchoolPlan(school: school, district: district, term: term, grades: try await AfterSchoolQueries.grades(schoolId: schoolId, on: db),
                          system: try district.system, rules: try policies.profile(for: district).afterSchool, plan: plan)
    }

    /// May write the school's plan and programs: its own administrators.
    static func mayPlan(_ school: School, _ actor: Actor) -> Bool {
        actor.districtId == school.districtId && actor.adminSchoolIds.contains(school.id!)
    }

    /// Saves the plan as written: a plan that falls short is kept and reported as falling short, never refused for it.
    static func savePlan(schoolId: UUID, _ plan: ServicePlan, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> SchoolPlan {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayPlan(current.school, actor) else { throw AppError.forbidden }
        do {
            try plan.validate(schoolGrades: Set(current.grades))
        } catch {
            throw AfterSchoolError.invalidPlan(error)
        }
        let check = PlanCheck(rules: current.rules, system: current.system, schoolGrades: current.grades).check(plan)
        let term = current.term
        let school = current.school
        do {
            try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: current.plan.map { [$0.id!] } ?? []) { tx in
                let row = try await AfterSchoolPlan.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$termId == term.id!).first() ?? AfterSchoolPlan()
                let before = row.id == nil ? "" : row.grades
                row.districtId = school.districtId
                row.schoolId = school.id!
                row.termId = term.id!
                row.grades = AfterSchoolPlan.stored(plan)
                row.feeFree = plan.fee.free
                row.feeYuanPerMonth = plan.fee.yuanPerMonth
                row.feeWaiver = plan.fee.waiver.trimmingCharacters(in: .whitespacesAndNewlines)
                row.status = AfterSchoolPlan.Status.submitted.rawValue
                row.resubmissionReason = nil
                row.updatedBy = actor.userId
                if row.id == nil {
                    row.version = 0
                    row.classReview = false
                }
                try await row.save(on: tx)
                try await tx.audit(actor, districtId: school.districtId, schoolId: school.id, action: "after_school.plan.save", entity: AfterSchoolPlan.schema,
                                   entityId: row.id, detail: ["term": term.name, "before": before, "after": row.grades,
                                                              "fee": plan.fee.free ? "free" : String(plan.fee.yuanPerMonth ?? 0),
                                                              "meets": String(check.meets), "problems": String(check.problems.count)])
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two administrators saving the term's first plan at once on PostgreSQL: the second is told, nothing is half-written.
            throw AppError.conflict(messageKey: "as.savedMeanwhile")
        }
        return try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
    }

    /// The bureau sends a plan back: the school sees why, and saving the plan again submits it again.
    static func requireResubmission(schoolId: UUID, reason: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AppError.invalid(field: "reason", messageKey: "form.required", args: ["as.reason"]) }
        guard reason.count <= maxTextLength else { throw AppError.invalid(field: "reason", messageKey: "form.tooLong", args: ["as.reason", String(maxTextLength)]) }
        guard let plan = current.plan else { throw AfterSchoolError.noPlan }
        try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            guard let row = try await AfterSchoolPlan.find(plan.id, on: tx) else { throw AppError.notFound }
            row.status = AfterSchoolPlan.Status.resubmissionRequired.rawValue
            row.resubmissionReason = reason
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "after_school.plan.resubmission", entity: AfterSchoolPlan.schema,
                               entityId: row.id, detail: ["reason": reason])
        }
    }

    /// The rules of 课后服务 time: five days, two hours a day, ending no earlier than the off-work time (AS-01, AS-02).
    static func holdsTimeRules(_ check: PlanCheckResult, rules: PolicyProfile.AfterSchool) -> Bool {
        let timeRules: Set<String> = [rules.daysPerWeek.rule, rules.minMinutesPerDay.rule, rules.endNotBeforeOffWork.rule]
        return !check.problems.contains { timeRules.contains($0.rule) }
    }

    /// How many of the district's schools have a plan for the planning term that holds the time rules, of how many.
    static func timeRuleStanding(_ district: District, policies: PolicyStore, on db: any Database) async throws -> (meeting: Int, schools: Int)? {
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: WallClock.today(in: district.zone), on: db) else { return nil }
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).count()
        let plans = try await AfterSchoolPlan.query(on: db).filter(\.$districtId == district.id!).filter(\.$termId == term.id!).all()
        let grades = try await AfterSchoolQueries.grades(districtId: district.id!, on: db)
        let rules = try policies.profile(for: district).afterSchool
        let system = try district.system
        let meeting = plans.filter { plan in
            holdsTimeRules(PlanCheck(rules: rules, system: system, schoolGrades: grades[plan.schoolId] ?? []).check(plan.plan), rules: rules)
        }.count
        return (meeting, schools)
    }

    /// One school's line on the bureau's overview.
    struct PlanStanding: Sendable {
        let schoolId: UUID
        let schoolName: String
        let schoolCode: String
        let plan: AfterSchoolPlan?
        let check: PlanCheckResult?
        let programs: Int
        let participation: Participation
        let satisfaction: SchoolSatisfactionTotal?
    }

    /// Pupils in the basic session (the "1" of 1+X) of all pupils: the participation rate of 愿留尽留.
    struct Participation: Sendable, Equatable {
        let pupils: Int
        let basic: Int

        var percent: Int? { SurveyResults.ratePercent(responses: basic, audience: pupils) }

        static func sum(_ rows: [AfterSchoolQueries.ParticipationRow]) -> Participation {
            Participation(pupils: rows.reduce(0) { $0 + $1.pupils }, basic: rows.reduce(0) { $0 + $1.basic })
        }
    }

    /// Every school of the district with its plan's standing for the planning term, its participation and its
    /// families' satisfaction; programs by category across the district. Ten queries whatever the district's size.
    static func overview(_ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> (term: Term, schools: [PlanStanding], categories: [(category: ProgramCategory, programs: Int)]) {
        guard actor.isDistrictWide, let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        return try await standings(district, policies: policies, on: db)
    }

    /// The overview's figures, for whoever the caller has let read them.
    static func standings(_ district: District, policies: PolicyStore, on db: any Database) async throws
        -> (term: Term, schools: [PlanStanding], categories: [(category: ProgramCategory, programs: Int)]) {
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: WallClock.today(in: district.zone), on: db) else {
            throw AfterSchoolError.noTerm
        }
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        let plans = Dictionary(try await AfterSchoolPlan.query(on: db).filter(\.$districtId == district.id!).filter(\.$termId == term.id!).all()
            .map { ($0.schoolId, $0) }, uniquingKeysWith: { first, _ in first })
        let grades = try await AfterSchoolQueries.grades(districtId: district.id!, on: db)
        let counts = try await AfterSchoolQueries.programCounts(districtId: district.id!, termId: term.id!, on: db)
        let participation = Dictionary(grouping: try await AfterSchoolQueries.participation(districtId: district.id!, termId: term.id!, on: db),
                                       by: \.school_id)
        let satisfaction = Dictionary(try await satisfactionTotals(districtId: district.id!, termId: term.id!, schools: schools, on: db)
            .map { ($0.schoolId, $0) }, uniquingKeysWith: { first, _ in first })
        let rules = try policies.profile(for: district).afterSchool
        let system = try district.system
        let categories = ProgramCategory.allCases.map { category in
            (category, counts.filter { $0.category == category.rawValue }.reduce(0) { $0 + $1.programs })
        }
        return (term, schools.map { school in
            let plan = plans[school.id!]
            return PlanStanding(schoolId: school.id!, schoolName: school.name, schoolCode: school.code, plan: plan,
                                check: plan.map { PlanCheck(rules: rules, system: system, schoolGrades: grades[school.id!] ?? []).check($0.plan) },
                                programs: counts.filter { $0.school_id == school.id }.reduce(0) { $0 + $1.programs },
                                participation: .sum(participation[school.id!] ?? []), satisfaction: satisfaction[school.id!])
        }, categories)
    }
}
