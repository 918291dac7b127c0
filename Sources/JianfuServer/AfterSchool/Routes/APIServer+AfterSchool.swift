import Fluent
import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func getAfterSchoolPlan(_ input: Operations.GetAfterSchoolPlan.Input) async throws -> Operations.GetAfterSchoolPlan.Output {
        let (actor, request) = try actor()
        let plan = try await AfterSchoolService.schoolPlan(schoolId: try Self.id(input.path.id), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.plan(plan, request.language))))
    }

    func saveAfterSchoolPlan(_ input: Operations.SaveAfterSchoolPlan.Input) async throws -> Operations.SaveAfterSchoolPlan.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let grades = try body.grades.map { grade in
            GradePlan(grade: grade.grade, lessonsEnd: try grade.lessonsEnd.map { try Self.time($0, field: "lessonsEnd") },
                      sessions: try grade.sessions.map { s in
                          ServiceSession(weekday: s.weekday, start: try Self.time(s.start, field: "start"), end: try Self.time(s.end, field: "end"),
                                         kind: ServiceSessionKind(rawValue: s.kind.rawValue)!)
                      })
        }
        let fee = body.fee.map { ServiceFee(free: $0.free, yuanPerMonth: $0.yuanPerMonth, waiver: $0.waiver ?? "") } ?? .none
        let saved = try await AfterSchoolService.savePlan(schoolId: try Self.id(input.path.id), ServicePlan(grades: grades, fee: fee), actor,
                                                          policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.plan(saved, request.language))))
    }

    func requireAfterSchoolResubmission(_ input: Operations.RequireAfterSchoolResubmission.Input) async throws
        -> Operations.RequireAfterSchoolResubmission.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let schoolId = try Self.id(input.path.id)
        try await AfterSchoolService.requireResubmission(schoolId: schoolId, reason: body.reason, actor, policies: app.policies, on: request.db)
        let plan = try await AfterSchoolService.schoolPlan(schoolId: schoolId, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.plan(plan, request.language))))
    }

    func listAfterSchoolPrograms(_ input: Operations.ListAfterSchoolPrograms.Input) async throws -> Operations.ListAfterSchoolPrograms.Output {
        let (actor, request) = try actor()
        let (_, programs) = try await AfterSchoolService.programs(schoolId: try Self.id(input.path.id), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(programs.map { line in
            let row = line.row
            return .init(id: row.id.uuidString, name: row.name, category: .init(rawValue: row.category) ?? .interestGroup, capacity: row.capacity,
                         grades: line.grades, weekdays: line.weekdays, start: row.start_time, end: row.end_time, enrolled: line.enrolled,
                         waiting: line.waiting, description: row.description, staffKind: .init(rawValue: row.staff_kind) ?? .teacher,
                         staffName: row.staff_name, room: row.room, free: row.fee_yuan == nil, feeYuan: row.fee_yuan)
        })))
    }

    func setAfterSchoolCapacity(_ input: Operations.SetAfterSchoolCapacity.Input) async throws -> Operations.SetAfterSchoolCapacity.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let id = try Self.id(input.path.id)
        let places = try await AfterSchoolService.setCapacity(programId: id, capacity: body.capacity, actor, on: request.db)
        return .ok(.init(body: .json(.init(id: id.uuidString, capacity: places.capacity, enrolled: places.enrolled, waiting: places.waiting))))
    }

    func createAfterSchoolProgram(_ input: Operations.CreateAfterSchoolProgram.Input) async throws -> Operations.CreateAfterSchoolProgram.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let program = AfterSchoolService.ProgramInput(
            name: body.name, category: body.category.rawValue, description: body.description ?? "", staffKind: body.staffKind.rawValue,
            staffUserId: try body.staffUserId.map(Self.id), staffName: body.staffName, providerId: try body.providerId.map(Self.id),
            vetted: body.vetted ?? false, capacity: body.capacity, grades: body.grades, weekdays: body.weekdays, start: body.start, end: body.end,
            room: body.room ?? "", free: body.free ?? true, feeYuan: body.feeYuan)
        let id = try await AfterSchoolService.createProgram(schoolId: try Self.id(input.path.id), program, actor, policies: app.policies, on: request.db)
        return .created(.init(body: .json(.init(id: id.uuidString))))
    }

    func listAfterSchoolPlans(_ input: Operations.ListAfterSchoolPlans.Input) async throws -> Operations.ListAfterSchoolPlans.Output {
        let (actor, request) = try actor()
        let (term, schools, categories) = try await AfterSchoolService.overview(actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(.init(termId: term.id!.uuidString, termName: term.name, schools: schools.map { s in
            .init(schoolId: s.schoolId.uuidString, schoolName: s.schoolName, status: Self.status(s.plan), meets: s.check?.meets,
                  problems: s.check?.problems.count ?? 0, programs: s.programs, pupils: s.participation.pupils, basicPupils: s.participation.basic,
                  participationPercent: s.participation.percent, familiesSatisfaction: s.satisfaction?.families.map(Self.satisfactionSurvey))
        }, programsByCategory: categories.map { .init(category: .init(rawValue: $0.category.rawValue)!, programs: $0.programs) }))))
    }

    func listAfterSchoolProviders(_ input: Operations.ListAfterSchoolProviders.Input) async throws -> Operations.ListAfterSchoolProviders.Output {
        let (actor, request) = try actor()
        return .ok(.init(body: .json(try await AfterSchoolService.providers(actor, on: request.db).map { p in
            .init(id: p.id!.uuidString, name: p.name, services: p.services, feeStandard: p.feeStandard, approvedOn: p.approvedOn,
                  status: .init(rawValue: p.status) ?? .approved)
        })))
    }

    func addAfterSchoolProvider(_ input: Operations.AddAfterSchoolProvider.Input) async throws -> Operations.AddAfterSchoolProvider.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let id = try await AfterSchoolService.addProvider(.init(name: body.name, services: body.services, feeStandard: body.feeStandard,
                                                                approvedOn: body.approvedOn), actor, on: request.db)
        return .created(.init(body: .json(.init(id: id.uuidString))))
    }

    func saveAfterSchoolSignUp(_ input: Operations.SaveAfterSchoolSignUp.Input) async throws -> Operations.SaveAfterSchoolSignUp.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        try await AfterSchoolService.saveSignUp(schoolId: try Self.id(input.path.id), closesOn: body.closesOn, classReview: body.classReview, actor,
                                                policies: app.policies, on: request.db)
        return .ok(.init(body: .json(body)))
    }

    func runAfterSchoolAllocation(_ input: Operations.RunAfterSchoolAllocation.Input) async throws -> Operations.RunAfterSchoolAllocation.Output {
        let (actor, request) = try actor()
        var seed: UInt64?
        if case .json(let body)? = input.body, let text = body.seed {
            guard let value = UInt64(text) else { throw AppError.invalid(field: "seed", messageKey: "form.wholeNumber", args: ["seed"]) }
            seed = value
        }
        let run = try await AfterSchoolService.allocate(schoolId: try Self.id(input.path.id), seed: seed, actor, policies: app.policies, on: request.db)
        return .created(.init(body: .json(.init(seed: String(run.seed), placed: run.placed, waiting: run.waiting))))
    }

    func createAfterSchoolEnrolment(_ input: Operations.CreateAfterSchoolEnrolment.Input) async throws -> Operations.CreateAfterSchoolEnrolment.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let row = try await AfterSchoolService.apply(studentId: try Self.id(body.studentId), programId: try Self.id(body.programId), choice: body.choice,
                                                     actor, on: request.db)
        return .created(.init(body: .json(try await Self.enrolment(row, on: request.db))))
    }

    func withdrawAfterSchoolEnrolment(_ input: Operations.WithdrawAfterSchoolEnrolment.Input) async throws -> Operations.WithdrawAfterSchoolEnrolment.Output {
        let (actor, request) = try actor()
        let row = try await AfterSchoolService.withdraw(enrolmentId: try Self.id(input.path.id), actor, on: request.db)
        return .ok(.init(body: .json(try await Self.enrolment(row, on: request.db))))
    }

    func reviewAfterSchoolEnrolment(_ input: Operations.ReviewAfterSchoolEnrolment.Input) async throws -> Operations.ReviewAfterSchoolEnrolment.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let row = try await AfterSchoolService.review(enrolmentId: try Self.id(input.path.id), approve: body.approve, actor, on: request.db)
        return .ok(.init(body: .json(try await Self.enrolment(row, on: request.db))))
    }

    func getPupilAfterSchool(_ input: Operations.GetPupilAfterSchool.Input) async throws -> Operations.GetPupilAfterSchool.Output {
        let (actor, request) = try actor()
        let lines = try await AfterSchoolService.pupilEnrolments(studentId: try Self.id(input.path.id), actor, on: request.db)
        return .ok(.init(body: .json(lines.map { Self.enrolment($0.row, programName: $0.programName) })))
    }

    func getAfterSchoolRegister(_ input: Operations.GetAfterSchoolRegister.Input) async throws -> Operations.GetAfterSchoolRegister.Output {
        let (actor, request) = try actor()
        let register = try await AfterSchoolService.register(programId: try Self.id(input.path.id), date: input.query.date, actor, on: request.db)
        return .ok(.init(body: .json(try Self.register(register.program, register.date, register.rows, request.language))))
    }

    func markAfterSchoolAttendance(_ input: Operations.MarkAfterSchoolAttendance.Input) async throws -> Operations.MarkAfterSchoolAttendance.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let programId = try Self.id(input.path.id)
        let pickUps = try (body.pickUps ?? []).map { AfterSchoolService.PickUp(studentId: try Self.id($0.studentId), at: $0.at, by: $0.by) }
        _ = try await AfterSchoolService.mark(programId: programId, date: body.date, present: try body.present.map(Self.id), absent: try body.absent.map(Self.id),
                                             pickUps: pickUps, actor, on: request.db)
        let register = try await AfterSchoolService.register(programId: programId, date: body.date, actor, on: request.db)
        return .ok(.init(body: .json(try Self.register(register.program, register.date, register.rows, request.language))))
    }

    func getPupilAfterSchoolAttendance(_ input: Operations.GetPupilAfterSchoolAttendance.Input) async throws
        -> Operations.GetPupilAfterSchoolAttendance.Output {
        let (actor, request) = try actor()
        let marks = try await AfterSchoolService.marks(studentId: try Self.id(input.path.id), actor, on: request.db)
        return .ok(.init(body: .json(marks.map {
            .init(date: $0.date, programId: $0.program_id.uuidString, programName: $0.program_name, present: $0.present, leftAt: $0.left_at,
                  pickedUpBy: $0.picked_up_by)
        })))
    }

    /// No date: no session in the last fortnight to open the register on (422, as for a day without one).
    static func register(_ program: AfterSchoolProgram, _ date: LocalDate?, _ rows: [AfterSchoolQueries.RegisterRow], _ language: Language) throws
        -> Components.Schemas.AfterSchoolRegister {
        guard let date else { throw AfterSchoolError.noRecentSession }
        return .init(programId: program.id!.uuidString, date: date.iso, pupils: rows.map {
            .init(studentId: $0.student_id.uuidString, name: $0.name, className: ClassNames.name($0.grade_number, $0.class_number, language),
                  present: $0.present, leftAt: $0.left_at, pickedUpBy: $0.picked_up_by)
        })
    }

    static func enrolment(_ row: AfterSchoolEnrolment, on db: any Database) async throws -> Components.Schemas.AfterSchoolEnrolment {
        enrolment(row, programName: try await AfterSchoolProgram.find(row.programId, on: db)?.name ?? "")
    }

    static func enrolment(_ row: AfterSchoolEnrolment, programName: String) -> Components.Schemas.AfterSchoolEnrolment {
        .init(id: row.id!.uuidString, status: .init(rawValue: row.status) ?? .withdrawn, programId: row.programId.uuidString, programName: programName,
              studentId: row.studentId.uuidString, choice: row.choice, position: row.position)
    }

    static func time(_ text: String, field: String) throws -> TimeOfDay {
        guard let time = TimeOfDay(hhmm: text) else { throw AfterSchoolError.badTime(field: field) }
        return time
    }

    static func status(_ plan: AfterSchoolPlan?) -> Components.Schemas.AfterSchoolPlanStanding.StatusPayload {
        let none = Components.Schemas.AfterSchoolPlanStanding.StatusPayload.none
        return plan.flatMap { .init(rawValue: $0.status) } ?? none
    }

    static func plan(_ plan: AfterSchoolService.SchoolPlan, _ language: Language) -> Components.Schemas.AfterSchoolPlan {
        let stored = plan.plan?.plan ?? ServicePlan(grades: [], fee: .none)
        let check = plan.check ?? PlanCheck(rules: plan.rules, system: plan.system, schoolGrades: plan.grades).check(stored)
        let none = Components.Schemas.AfterSchoolPlan.StatusPayload.none
        let status: Components.Schemas.AfterSchoolPlan.StatusPayload = plan.plan.flatMap { .init(rawValue: $0.status) } ?? none
        return .init(
            schoolId: plan.school.id!.uuidString, termId: plan.term.id!.uuidString, termName: plan.term.name,
            status: status, resubmissionReason: plan.plan?.resubmissionReason,
            updatedAt: plan.plan?.updatedAt,
            grades: stored.grades.map { g in
                .init(grade: g.grade, lessonsEnd: g.lessonsEnd?.hhmm, sessions: g.sessions.map {
                    .init(weekday: $0.weekday, start: $0.start.hhmm, end: $0.end.hhmm, kind: .init(rawValue: $0.kind.rawValue)!)
                })
            },
            fee: .init(free: stored.fee.free, yuanPerMonth: stored.fee.yuanPerMonth, waiver: stored.fee.waiver),
            check: .init(meets: check.meets,
                         problems: check.problems.map {
                             .init(ruleId: $0.rule, kind: $0.kind.rawValue, grade: $0.grade, weekday: $0.weekday, message: AfterSchoolText.problem($0, language))
                         },
                         notes: check.notes.map { .init(kind: $0.rawValue, message: AfterSchoolText.note($0, language)) }))
    }
}
