import Fluent
import Foundation
import JianfuCore
import Vapor

extension AfterSchoolService {
    /// A program as the school administrator types it; the service checks every field.
    struct ProgramInput: Sendable {
        var name: String
        var category: String
        var description: String
        var staffKind: String
        /// The school's own teacher (for `teacher`).
        var staffUserId: UUID?
        /// The person's name (retired teacher, outside person, volunteer).
        var staffName: String?
        /// The approved institution (for `institution`).
        var providerId: UUID?
        /// The outside person's qualifications were checked (AS-11).
        var vetted: Bool
        var capacity: Int
        var grades: [Int]
        var weekdays: [Int]
        var start: String
        var end: String
        var room: String
        var free: Bool
        var feeYuan: Int?
    }

    /// A program's line on the lists, with how many are enrolled and waiting.
    struct ProgramLine: Sendable {
        let row: AfterSchoolQueries.ProgramRow
        let grades: [Int]
        let weekdays: [Int]
        let enrolled: Int
        let waiting: Int
    }

    static func programs(schoolId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> (SchoolPlan, [ProgramLine]) {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        let rows = try await AfterSchoolQueries.programs(schoolId: schoolId, termId: current.term.id!, on: db)
        let counts = try await AfterSchoolQueries.enrolmentCounts(schoolId: schoolId, termId: current.term.id!, on: db)
        return (current, rows.map { row in
            ProgramLine(row: row, grades: intList(row.grades), weekdays: intList(row.weekdays), enrolled: counts[row.id]?.enrolled ?? 0,
                        waiting: counts[row.id]?.waiting ?? 0)
        })
    }

    static func createProgram(schoolId: UUID, _ input: ProgramInput, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> UUID {
        let current = try await schoolPlan(schoolId: schoolId, actor, policies: policies, on: db)
        guard mayPlan(current.school, actor) else { throw AppError.forbidden }
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = input.description.trimmingCharacters(in: .whitespacesAndNewlines)
        let room = input.room.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw AppError.invalid(field: "name", messageKey: "form.required", args: ["as.programName"]) }
        guard name.count <= maxNameLength else { throw AppError.invalid(field: "name", messageKey: "form.tooLong", args: ["as.programName", String(maxNameLength)]) }
        guard description.count <= maxTextLength else {
            throw AppError.invalid(field: "description", messageKey: "form.tooLong", args: ["as.description", String(maxTextLength)])
        }
        guard room.count <= maxNameLength else { throw AppError.invalid(field: "room", messageKey: "form.tooLong", args: ["as.room", String(maxNameLength)]) }
        guard let category = ProgramCategory(rawValue: input.category) else { throw AppError.invalid(field: "category", messageKey: "as.badCategory") }
        guard let staffKind = ProgramStaffKind(rawValue: input.staffKind) else { throw AppError.invalid(field: "staffKind", messageKey: "as.badStaffKind") }
        // AS-06: no new lessons, drilling or collective tutoring in after-school time, whatever the program is called.
        if let finding = ContentCheck.findings(in: name + "。" + description, rules: current.rules.contentRules).first {
            throw AfterSchoolError.newLessons(finding)
        }
        guard (1...maxCapacity).contains(input.capacity) else {
            throw AppError.invalid(field: "capacity", messageKey: "as.badCapacity", args: [String(maxCapacity)])
        }
        let grades = Array(Set(input.grades)).sorted()
        let weekdays = Array(Set(input.weekdays)).sorted()
        guard !grades.isEmpty, grades.allSatisfy(current.grades.contains) else { throw AppError.invalid(field: "grades", messageKey: "as.badGrades") }
        guard !weekdays.isEmpty, weekdays.allSatisfy((1...5).contains) else { throw AppError.invalid(field: "weekdays", messageKey: "as.badWeekdays") }
        guard let start = TimeOfDay(hhmm: input.start) else { throw AfterSchoolError.badTime(field: "start") }
        guard let end = TimeOfDay(hhmm: input.end) else { throw AfterSchoolError.badTime(field: "end") }
        guard end > start else { throw AfterSchoolError.endNotAfterStart }
        let program = AfterSchoolProgram()
        switch staffKind {
        case .teacher:
            let staff = try await AfterSchoolQueries.staff(schoolId: schoolId, on: db)
            guard let id = input.staffUserId, let person = staff.first(where: { $0.id == id }) else { throw AfterSchoolError.staffNotOfSchool }
            program.staffUserId = id
            program.staffName = person.display_name
        case .institution:
            guard let id = input.providerId, let provider = try await AfterSchoolProvider.find(id, on: db), provider.districtId == current.district.id,
                  provider.status == AfterSchoolProvider.Status.approved.rawValue else { throw AfterSchoolError.providerNotApproved }
            program.providerId = id
            program.staffName = provider.name
        case .retiredTeacher, .outsidePerson, .volunteer:
            let person = (input.staffName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !person.isEmpty else { throw AppError.invalid(field: "staffName", messageKey: "form.required", args: ["as.staffName"]) }
            guard person.count <= maxNameLength else {
                throw AppError.invalid(field: "staffName", messageKey: "form.tooLong", args: ["as.staffName", String(maxNameLength)])
            }
            if staffKind == .outsidePerson, !input.vetted { throw AfterSchoolError.outsideNotVetted }
            program.staffName = person
        }
        guard let plan = current.plan else { throw AfterSchoolError.noPlan }
        if input.free, input.feeYuan != nil { throw AfterSchoolError.feeOnFreeProgram }
        if !input.free {
            guard let fee = input.feeYuan, (1...maxFeeYuan).contains(fee) else { throw AfterSchoolError.feeMissing }
            // AS-10: where the school's service is free, a program may not bring in a fee of its own.
            if plan.feeFree { throw AfterSchoolError.feeWhereServiceIsFree(rule: current.rules.fees.rule) }
        }
        if let outside = ProgramRules.outsidePlan(grades: grades, weekdays: Set(weekdays), plan: plan.plan) {
            throw AfterSchoolError.outsidePlan(grade: outside.grade, weekday: outside.weekday)
        }
        program.districtId = current.district.id!
        program.schoolId = schoolId
        program.termId = current.term.id!
        program.name = name
        program.category = category.rawValue
        program.description = description
        program.staffKind = staffKind.rawValue
        program.capacity = input.capacity
        program.grades = intJSON(grades)
        program.weekdays = intJSON(weekdays)
        program.startTime = start.hhmm
        program.endTime = end.hhmm
        program.room = room
        program.feeYuan = input.free ? nil : input.feeYuan
        program.status = AfterSchoolProgram.Status.active.rawValue
        program.createdBy = actor.userId
        let slot = program.slot!
        let termId = current.term.id!
        return try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            // Read under the plan's lock: two programs saved at once cannot both take one room.
            let others = try await AfterSchoolProgram.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$termId == termId)
                .filter(\.$status == AfterSchoolProgram.Status.active.rawValue).all().compactMap(\.slot)
            if let clash = ProgramRules.clash(of: slot, with: others) { throw AfterSchoolError.clash(clash) }
            try await program.create(on: tx)
            try await tx.audit(actor, districtId: program.districtId, schoolId: schoolId, action: "after_school.program.create",
                               entity: AfterSchoolProgram.schema, entityId: program.id,
                               detail: ["name": name, "category": category.rawValue, "staff": program.staffName, "capacity": String(input.capacity),
                                        "grades": program.grades, "weekdays": program.weekdays, "time": "\(start.hhmm)-\(end.hhmm)", "room": room,
                                        "fee": program.feeYuan.map(String.init) ?? "free"])
            return program.id!
        }
    }

    struct Places: Sendable {
        let capacity: Int
        let enrolled: Int
        let waiting: Int
    }

    /// The school's administrator changes a program's places: never below the pupils it has taken (nobody is turned
    /// out); a raise lets the waiting list move up at once, first come first.
    static func setCapacity(programId: UUID, capacity: Int, _ actor: Actor, on db: any Database) async throws -> Places {
        guard let program = try await AfterSchoolProgram.find(programId, on: db), actor.canSee(schoolId: program.schoolId, districtId: program.districtId),
              let school = try await School.find(program.schoolId, on: db) else { throw AppError.notFound }
        guard mayPlan(school, actor) else { throw AppError.forbidden }
        guard (1...maxCapacity).contains(capacity) else {
            throw AppError.invalid(field: "capacity", messageKey: "as.badCapacity", args: [String(maxCapacity)])
        }
        guard let plan = try await AfterSchoolPlan.query(on: db).filter(\.$schoolId == program.schoolId).filter(\.$termId == program.termId).first() else {
            throw AfterSchoolError.noPlan
        }
        return try await WriteLock.transaction(on: db, locking: AfterSchoolPlan.schema, ids: [plan.id!]) { tx in
            guard let row = try await AfterSchoolProgram.find(programId, on: tx) else { throw AppError.notFound }
            func count(_ status: AfterSchoolEnrolment.Status) async throws -> Int {
                try await AfterSchoolEnrolment.query(on: tx).filter(\.$programId == programId).filter(\.$status == status.rawValue).count()
            }
            let enrolled = try await count(.enrolled)
            // The basic session takes everyone who applies: its figure is the room's, not a limit on the families.
            guard isBasic(row) || capacity >= enrolled else { throw AfterSchoolError.capacityBelowEnrolment(enrolled) }
            let before = row.capacity
            row.capacity = capacity
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "after_school.program.capacity",
                               entity: AfterSchoolProgram.schema, entityId: row.id, detail: ["before": String(before), "after": String(capacity)])
            if !isBasic(row) {
                for _ in 0..<min(max(capacity - enrolled, 0), try await count(.waiting)) {
                    try await promote(programId: programId, actor, on: tx)
                }
            }
            return Places(capacity: capacity, enrolled: try await count(.enrolled), waiting: try await count(.waiting))
        }
    }

    static func intList(_ json: String) -> [Int] {
        (try? JSONDecoder().decode([Int].self, from: Data(json.utf8))) ?? []
    }

    static func intJSON(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }
}
