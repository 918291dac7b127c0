import Fluent
import Foundation
import JianfuCore
import Vapor

/// 课后服务 pages: the bureau's overview of every school's plan, one school's plan with its check by grade and
/// weekday and its programs, the forms that write them, and the approved providers.
enum AfterSchoolPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(AfterSchoolPaths.index, use: index)
        routes.get(AfterSchoolPaths.school, use: school)
        routes.post(AfterSchoolPaths.plan, use: savePlan)
        routes.post(AfterSchoolPaths.resubmission, use: resubmit)
        routes.post(AfterSchoolPaths.programs, use: createProgram)
        routes.post(AfterSchoolPaths.capacity, use: setCapacity)
        routes.get(AfterSchoolPaths.providers, use: providers)
        routes.post(AfterSchoolPaths.providers, use: addProvider)
        registerSignUp(routes)
        registerRegister(routes)
        registerStipends(routes)
        registerSatisfaction(routes)
        registerPriority(routes)
    }

    // MARK: the overview

    struct IndexPage: Encodable {
        let layout: Layout
        let termName: String?
        let standings: [StandingLine]
        let schools: [SchoolLink]
        let children: [SchoolLink]
        let counts: [String: Int]
        let canSeeProviders: Bool
        let stipendsHref: String?
        let satisfactionHref: String?
        /// The district's pupils in the basic session, "86%（4,210 / 4,895）".
        let participation: String
        let categories: [CategoryLine]
        /// For a head teacher: the class's absences this past week.
        let absences: [AbsenceLine]?
        let absenceDays: String
    }

    struct AbsenceLine: Encodable {
        let date: String
        let name: String
        let className: String
        let program: String
    }

    struct StandingLine: Encodable {
        let href: String
        let name: String
        let status: String
        let meets: Bool?
        let problems: Int
        let programs: Int
        let participation: String
        let satisfaction: String
    }

    struct CategoryLine: Encodable {
        let label: String
        let programs: Int
    }

    static func participationText(_ p: AfterSchoolService.Participation, _ req: Request) -> String {
        p.percent.map { req.t("as.participationOf", String($0), String(p.basic), String(p.pupils)) } ?? "—"
    }

    struct SchoolLink: Encodable {
        let href: String
        let name: String
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        var standings: [StandingLine] = []
        var termName: String?
        var counts = ["meets": 0, "fails": 0, "none": 0]
        var participation = ""
        var categories: [CategoryLine] = []
        if actor.isDistrictWide {
            let (term, schools, byCategory) = try await AfterSchoolService.overview(actor, policies: req.application.policies, on: req.db)
            termName = term.name
            standings = schools.map { s in
                counts[s.check == nil ? "none" : s.check!.meets ? "meets" : "fails", default: 0] += 1
                return StandingLine(href: AfterSchoolPaths.school.path(s.schoolId), name: s.schoolName,
                                    status: req.t("as.status." + (s.plan?.status ?? "none")), meets: s.check?.meets,
                                    problems: s.check?.problems.count ?? 0, programs: s.programs, participation: participationText(s.participation, req),
                                    satisfaction: s.satisfaction?.families.map { meanText($0.mean) } ?? "—")
            }
            participation = participationText(AfterSchoolService.Participation(pupils: schools.reduce(0) { $0 + $1.participation.pupils },
                                                                               basic: schools.reduce(0) { $0 + $1.participation.basic }), req)
            categories = byCategory.map { CategoryLine(label: req.t($0.category.labelKey), programs: $0.programs) }
        }
        let heads = actor.memberships.contains { $0.role == .headTeacher }
        let absences = heads ? try await AfterSchoolService.classAbsences(actor, on: req.db).map { row in
            AbsenceLine(date: LocalDate(iso: row.date).map { AfterSchoolText.day($0, req.language) } ?? row.date, name: row.name,
                        className: ClassNames.name(row.grade_number, row.class_number, req.language), program: row.program_name)
        } : nil
        // Staff and families: the schools they belong to.
        let ids = actor.staffSchoolIds.union(actor.children.map(\.schoolId))
        let schools = ids.isEmpty ? [] : try await School.query(on: req.db).filter(\.$id ~~ Array(ids)).sort(\.$code).all()
        return try await req.view.render("after-school/index", IndexPage(
            layout: Layout(req, title: req.t("as.heading")), termName: termName, standings: standings,
            schools: schools.map { SchoolLink(href: AfterSchoolPaths.school.path($0.id!), name: $0.name) },
            children: actor.children.map { SchoolLink(href: AfterSchoolPaths.pupil.path($0.studentId), name: req.t("as.signUpFor", $0.name)) }, counts: counts,
            canSeeProviders: actor.isDistrictWide || !actor.adminSchoolIds.isEmpty,
            stipendsHref: actor.isDistrictWide ? AfterSchoolPaths.stipends.path : nil,
            satisfactionHref: actor.isDistrictWide ? AfterSchoolPaths.satisfaction.path : nil, participation: participation, categories: categories,
            absences: absences, absenceDays: String(AfterSchoolService.absenceDays)))
    }

    // MARK: one school

    struct SchoolPage: Encodable {
        let layout: Layout
        let schoolName: String
        let termName: String
        let status: String
        let resubmissionReason: String?
        let meets: Bool
        let hasPlan: Bool
        let problems: [String]
        let notes: [String]
        let weekdays: [String]
        let grid: [GridRow]
        let fee: String
        let waiver: String
        let programs: [ProgramLine]
        let canPlan: Bool
        let canSendBack: Bool
        let stipendsHref: String?
        let satisfactionHref: String?
        let planAction: String
        let programAction: String
        let resubmissionAction: String
        let form: PlanForm
        let programForm: ProgramForm
        let categories: [FormOption]
        let staffKinds: [FormOption]
        let teachers: [FormOption]
        let providers: [FormOption]
        let gradeBoxes: [Box]
        let dayBoxes: [Box]
        let signUp: SignUpBlock
        let reviews: [ReviewLine]
        /// Per grade, for the school's staff and the district's roles.
        let participation: [GradeParticipation]
        let notice: String?
        let error: String?
        let programNotice: String?
        let programError: String?
        let capacityError: String?
    }

    struct SignUpBlock: Encodable {
        let closesOn: String
        let classReview: Bool
        let allocation: String?
        let action: String
        let allocationAction: String
        let priorityHref: String
    }

    struct GradeParticipation: Encodable {
        let grade: String
        let text: String
    }

    struct ReviewLine: Encodable {
        let pupil: String
        let className: String
        let program: String
        let action: String
    }

    struct GridRow: Encodable {
        let grade: String
        let cells: [GridCell]
    }

    struct GridCell: Encodable {
        let time: String
        let minutes: String
        let short: Bool
    }

    struct ProgramLine: Encodable {
        let name: String
        let category: String
        let staff: String
        let grades: String
        let days: String
        let time: String
        let room: String
        let places: String
        let fee: String
        let description: String
        /// The register, for its staff.
        let registerHref: String?
        /// For the school's administrators: where the places are changed.
        let capacityAction: String?
        /// The stored places, or the number just typed and refused.
        let capacity: String
    }

    @Sendable static func setCapacity(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        guard let program = try await AfterSchoolProgram.find(id, on: req.db), actor.canSee(schoolId: program.schoolId, districtId: program.districtId) else {
            throw AppError.notFound
        }
        struct Form: Content { var capacity: String? }
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            guard let capacity = form.capacity.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                throw AppError.invalid(field: "capacity", messageKey: "as.badCapacity", args: [String(AfterSchoolService.maxCapacity)])
            }
            let places = try await AfterSchoolService.setCapacity(programId: id, capacity: capacity, actor, on: req.db)
            return try await renderSchool(req, id: program.schoolId, planForm: nil, programForm: nil,
                                          programNotice: req.t("as.capacitySaved", program.name, String(places.capacity), String(places.enrolled),
                                                               String(places.waiting))).encodeResponse(for: req)
        }, rerender: {
            try await renderSchool(req, id: program.schoolId, planForm: nil, programForm: nil, capacityError: $0, typedCapacity: (id, form.capacity ?? ""))
        })
    }

    struct Box: Encodable {
        let name: String
        let label: String
        let checked: Bool
    }

    @Sendable static func school(_ req: Request) async throws -> View {
        try await renderSchool(req, id: try req.parameters.require("id", as: UUID.self), planForm: nil, programForm: nil)
    }

    static func renderSchool(_ req: Request, id: UUID, planForm: PlanForm?, programForm: ProgramForm?, notice: String? = nil,
                             error: String? = nil, programNotice: String? = nil, programError: String? = nil,
                             capacityError: String? = nil, typedCapacity: (programId: UUID, text: String)? = nil) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let (current, programs) = try await AfterSchoolService.programs(schoolId: id, actor, policies: req.application.policies, on: req.db)
        let stored = current.plan?.plan ?? ServicePlan(grades: [], fee: .none)
        let check = current.check ?? PlanCheck(rules: current.rules, system: current.system, schoolGrades: current.grades).check(stored)
        let canPlan = AfterSchoolService.mayPlan(current.school, actor)
        let short = Set(check.problems.compactMap { p in p.grade.map { "\($0)-\(p.weekday ?? 0)" } })
        let grid = current.grades.map { grade in
            GridRow(grade: req.t("grade.name", String(grade)), cells: (1...5).map { weekday in
                let sessions = stored.grades.first { $0.grade == grade }?.sessions.filter { $0.weekday == weekday && $0.kind.countsAsService } ?? []
                let lessonsEnd = stored.grades.first { $0.grade == grade }?.lessonsEnd
                return GridCell(time: sessions.isEmpty ? "—" : "\(sessions.map(\.start).min()!.hhmm)–\(sessions.map(\.end).max()!.hhmm)",
                                minutes: sessions.isEmpty ? "" : req.t("as.minutes", String(PlanCheck.coveredMinutes(sessions, from: lessonsEnd))),
                                short: short.contains("\(grade)-\(weekday)") || short.contains("\(grade)-0"))
            })
        }
        var teachers: [FormOption] = []
        var providerOptions: [FormOption] = []
        let programForm = programForm ?? ProgramForm()
        if canPlan {
            teachers = try await AfterSchoolQueries.staff(schoolId: id, on: req.db).map {
                FormOption(value: $0.id.uuidString, label: $0.display_name, selected: $0.id.uuidString == programForm.staffUserId)
            }
            providerOptions = try await AfterSchoolService.providers(actor, on: req.db).filter { $0.status == AfterSchoolProvider.Status.approved.rawValue }.map {
                FormOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == programForm.providerId)
            }
        }
        let allocation = try await AfterSchoolAllocation.query(on: req.db).filter(\.$schoolId == id).filter(\.$termId == current.term.id!).first()
        let reviews = try await AfterSchoolQueries.pendingReviews(schoolId: id, termId: current.term.id!, on: req.db).filter { row in
            canPlan || actor.memberships.contains { $0.role == .headTeacher && $0.classId == row.class_id }
        }.map { row in
            ReviewLine(pupil: row.pupil_name, className: ClassNames.name(row.grade_number, row.class_number, language), program: row.program_name,
                       action: AfterSchoolPaths.review.path(row.id))
        }
        let participation = actor.isDistrictWide || actor.staffSchoolIds.contains(id)
            ? try await AfterSchoolQueries.participation(districtId: current.school.districtId, termId: current.term.id!, schoolId: id, on: req.db) : []
        let page = SchoolPage(
            layout: Layout(req, title: req.t("as.heading") + " · " + current.school.name), schoolName: current.school.name, termName: current.term.name,
            status: req.t("as.status." + (current.plan?.status ?? "none")), resubmissionReason: current.plan?.resubmissionReason,
            meets: check.meets, hasPlan: current.plan != nil,
            problems: AfterSchoolText.grouped(check.problems, language), notes: check.notes.map { AfterSchoolText.note($0, language) },
            weekdays: (1...5).map { req.t("weekday.\($0)") }, grid: grid,
            fee: stored.fee.free ? req.t("as.free") : req.t("as.feePerMonth", String(stored.fee.yuanPerMonth ?? 0)), waiver: stored.fee.waiver,
            programs: programs.map { line in
                let row = line.row
                return ProgramLine(name: row.name, category: req.t("as.category." + row.category),
                                   staff: row.staff_name + " · " + req.t("as.staffKind." + row.staff_kind),
                                   grades: line.grades.map { req.t("grade.name", String($0)) }.joined(separator: language == .en ? ", " : "、"),
                                   days: AfterSchoolText.weekdays(line.weekdays, language), time: "\(row.start_time)–\(row.end_time)", room: row.room,
                                   places: req.t("as.places", String(line.enrolled), String(row.capacity), String(line.waiting)),
                                   fee: row.fee_yuan.map { req.t("as.feePerTerm", String($0)) } ?? req.t("as.free"), description: row.description,
                                   registerHref: canPlan || row.staff_user_id == actor.userId ? AfterSchoolPaths.register.path(row.id) : nil,
                                   capacityAction: canPlan && row.category != ProgramCategory.homeworkGuidance.rawValue ? AfterSchoolPaths.capacity.path(row.id) : nil,
                                   capacity: typedCapacity.flatMap { $0.programId == row.id ? $0.text : nil } ?? String(row.capacity))
            },
            canPlan: canPlan, canSendBack: actor.isBureauAdmin && current.plan != nil,
            stipendsHref: canPlan || actor.isDistrictWide ? AfterSchoolPaths.schoolStipends.path(id) : nil,
            satisfactionHref: AfterSchoolService.mayReadSatisfaction(current.school, actor) ? AfterSchoolPaths.schoolSatisfaction.path(id) : nil,
            planAction: AfterSchoolPaths.plan.path(id), programAction: AfterSchoolPaths.programs.path(id),
            resubmissionAction: AfterSchoolPaths.resubmission.path(id),
            form: planForm ?? PlanForm(current.grades, plan: current.plan.map { _ in stored }, system: current.system, req),
            programForm: programForm,
            categories: ProgramCategory.allCases.map { FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == programForm.category) },
            staffKinds: ProgramStaffKind.allCases.map { FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == programForm.staffKind) },
            teachers: teachers, providers: providerOptions,
            gradeBoxes: current.grades.map { Box(name: "grade\($0)", label: req.t("grade.name", String($0)), checked: programForm.grades.contains($0)) },
            dayBoxes: (1...5).map { Box(name: "day\($0)", label: req.t("weekday.\($0)"), checked: programForm.weekdays.contains($0)) },
            signUp: SignUpBlock(closesOn: current.plan?.signupClosesOn ?? "", classReview: current.plan?.classReview ?? false,
                                allocation: allocation.map { req.t("as.allocationDone", LocalTime.minute($0.ranAt, zone: current.district.zone),
                                                                   String($0.placed), String($0.waiting), $0.seed) },
                                action: AfterSchoolPaths.signUp.path(id), allocationAction: AfterSchoolPaths.allocation.path(id),
                                priorityHref: AfterSchoolPaths.priority.path(id)),
            reviews: reviews,
            participation: (participation.isEmpty ? [] : [(req.t("as.total"), AfterSchoolService.Participation.sum(participation))])
                .map { GradeParticipation(grade: $0.0, text: participationText($0.1, req)) }
                + participation.map { GradeParticipation(grade: req.t("grade.name", String($0.grade_number)),
                                                         text: participationText(.init(pupils: $0.pupils, basic: $0.basic), req)) },
            notice: notice, error: error, programNotice: programNotice, programError: programError,
            capacityError: capacityError)
        return try await req.view.render("after-school/school", page)
    }

    // MARK: the plan's form

    /// The plan as a form: per grade the lessons' end and a few rows per kind, each a set of weekdays with one time.
    struct PlanForm: Encodable {
        struct Row: Encodable {
            let kind: String
            let start: String
            let end: String
            let startName: String
            let endName: String
            let days: [Box]
        }

        struct GradeBlock: Encodable {
            let grade: Int
            /// The first grade is open; the others fold, a tap away.
            let open: Bool
            let label: String
            let lessonsEndName: String
            let lessonsEnd: String
            let rows: [Row]
        }

        let grades: [GradeBlock]
        let sameForAll: Bool
        let free: Bool
        let yuan: String
        let waiver: String

        static let rowsPerKind = 2

        static func kinds(grade: Int, system: SchoolSystem) -> [ServiceSessionKind] {
            system.stage(ofGrade: grade) == .junior ? ServiceSessionKind.allCases : [.basic, .activity, .delayedCare]
        }

        static func rowName(_ grade: Int, _ kind: ServiceSessionKind, _ n: Int) -> String { "g\(grade)_\(kind.rawValue)_\(n)" }

        /// From a stored plan: sessions of one kind and time share a row; a new plan starts from blank rows.
        init(_ schoolGrades: [Int], plan: ServicePlan?, system: SchoolSystem, _ req: Request) {
            grades = schoolGrades.map { grade in
                let stored = plan?.grades.first { $0.grade == grade }
                var rows: [Row] = []
                for kind in Self.kinds(grade: grade, system: system) {
                    let sessions = stored?.sessions.filter { $0.kind == kind } ?? []
                    var times: [(TimeOfDay, TimeOfDay)] = []
                    for s in sessions where !times.contains(where: { $0 == (s.start, s.end) }) { times.append((s.start, s.end)) }
                    for n in 0..<max(Self.rowsPerKind, times.count) {
                        let time = n < times.count ? times[n] : nil
                        let days = Set(sessions.filter { time != nil && $0.start == time!.0 && $0.end == time!.1 }.map(\.weekday))
                        rows.append(Self.row(grade, kind, n, start: time?.0.hhmm ?? "", end: time?.1.hhmm ?? "", days: days, req))
                    }
                }
                return GradeBlock(grade: grade, open: grade == schoolGrades.first, label: req.t("grade.name", String(grade)),
                                  lessonsEndName: "g\(grade)_lessonsEnd", lessonsEnd: stored?.lessonsEnd?.hhmm ?? "", rows: rows)
            }
            sameForAll = false
            free = plan?.fee.free ?? true
            yuan = plan?.fee.yuanPerMonth.map(String.init) ?? ""
            waiver = plan?.fee.waiver ?? ""
        }

        /// As typed, to show again with a message.
        init(_ schoolGrades: [Int], typed form: [String: String], system: SchoolSystem, _ req: Request) {
            grades = schoolGrades.map { grade in
                var rows: [Row] = []
                for kind in Self.kinds(grade: grade, system: system) {
                    var n = 0
                    while n < Self.rowsPerKind || form[Self.rowName(grade, kind, n) + "_start"] != nil {
                        let name = Self.rowName(grade, kind, n)
                        rows.append(Self.row(grade, kind, n, start: form[name + "_start"] ?? "", end: form[name + "_end"] ?? "",
                                             days: Set((1...5).filter { form[name + "_d\($0)"] != nil }), req))
                        n += 1
                    }
                }
                return GradeBlock(grade: grade, open: true, label: req.t("grade.name", String(grade)), lessonsEndName: "g\(grade)_lessonsEnd",
                                  lessonsEnd: form["g\(grade)_lessonsEnd"] ?? "", rows: rows)
            }
            sameForAll = form["sameForAll"] != nil
            free = form["free"] != nil
            yuan = form["yuanPerMonth"] ?? ""
            waiver = form["waiver"] ?? ""
        }

        static func row(_ grade: Int, _ kind: ServiceSessionKind, _ n: Int, start: String, end: String, days: Set<Int>, _ req: Request) -> Row {
            let name = rowName(grade, kind, n)
            return Row(kind: req.t(kind.labelKey), start: start, end: end, startName: name + "_start", endName: name + "_end",
                       days: (1...5).map { Box(name: name + "_d\($0)", label: req.t("weekday.short.\($0)"), checked: days.contains($0)) })
        }

        /// The plan the form describes; a row with days ticked needs both its times. "The same for every grade" copies
        /// the first grade's rows to the others (the kinds a grade may have).
        static func plan(_ schoolGrades: [Int], from form: [String: String], system: SchoolSystem) throws -> ServicePlan {
            func time(_ key: String) throws -> TimeOfDay? {
                let text = (form[key] ?? "").trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { return nil }
                guard let time = TimeOfDay(hhmm: text) else { throw AfterSchoolError.badTime(field: key) }
                return time
            }
            let sameForAll = form["sameForAll"] != nil
            let first = schoolGrades.first
            var grades: [GradePlan] = []
            for grade in schoolGrades {
                let source = sameForAll ? first! : grade
                var sessions: [ServiceSession] = []
                for kind in kinds(grade: grade, system: system) where kinds(grade: source, system: system).contains(kind) {
                    var n = 0
                    while n < rowsPerKind || form[rowName(source, kind, n) + "_start"] != nil {
                        let name = rowName(source, kind, n)
                        n += 1
                        let days = (1...5).filter { form[name + "_d\($0)"] != nil }
                        guard !days.isEmpty else { continue }
                        // The message names the time that is missing.
                        guard let start = try time(name + "_start") else { throw AfterSchoolError.badTime(field: name + "_start") }
                        guard let end = try time(name + "_end") else { throw AfterSchoolError.badTime(field: name + "_end") }
                        sessions += days.map { ServiceSession(weekday: $0, start: start, end: end, kind: kind) }
                    }
                }
                let lessonsEnd = try time("g\(source)_lessonsEnd")
                if !sessions.isEmpty || lessonsEnd != nil { grades.append(GradePlan(grade: grade, lessonsEnd: lessonsEnd, sessions: sessions)) }
            }
            let free = form["free"] != nil
            let yuanText = (form["yuanPerMonth"] ?? "").trimmingCharacters(in: .whitespaces)
            var yuan: Int?
            if !yuanText.isEmpty {
                guard let value = Int(yuanText), value >= 0 else {
                    throw AppError.invalid(field: "yuanPerMonth", messageKey: "form.wholeNumber", args: ["as.yuanPerMonth"])
                }
                yuan = value
            }
            return ServicePlan(grades: grades, fee: ServiceFee(free: free, yuanPerMonth: free ? nil : yuan, waiver: form["waiver"] ?? ""))
        }
    }

    @Sendable static func savePlan(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let current = try await AfterSchoolService.schoolPlan(schoolId: id, actor, policies: req.application.policies, on: req.db)
        guard AfterSchoolService.mayPlan(current.school, actor) else { throw AppError.forbidden }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let plan = try PlanForm.plan(current.grades, from: form, system: current.system)
            let saved = try await AfterSchoolService.savePlan(schoolId: id, plan, actor, policies: req.application.policies, on: req.db)
            let notice = saved.check?.meets == true ? req.t("as.savedMeets") : req.t("as.savedFails", String(saved.check?.problems.count ?? 0))
            return try await renderSchool(req, id: id, planForm: nil, programForm: nil, notice: notice).encodeResponse(for: req)
        }, rerender: { message in
            try await renderSchool(req, id: id, planForm: PlanForm(current.grades, typed: form, system: current.system, req), programForm: nil, error: message)
        })
    }

    @Sendable static func resubmit(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        struct Form: Content { var reason: String? }
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            try await AfterSchoolService.requireResubmission(schoolId: id, reason: form.reason ?? "", actor, policies: req.application.policies, on: req.db)
            return try await renderSchool(req, id: id, planForm: nil, programForm: nil, notice: req.t("as.sentBack")).encodeResponse(for: req)
        }, rerender: { try await renderSchool(req, id: id, planForm: nil, programForm: nil, error: $0) })
    }

    // MARK: programs

    struct ProgramForm: Encodable {
        var name = ""
        var category = ProgramCategory.interestGroup.rawValue
        var description = ""
        var staffKind = ProgramStaffKind.teacher.rawValue
        var staffUserId = ""
        var staffName = ""
        var providerId = ""
        var vetted = false
        var capacity = ""
        var grades: [Int] = []
        var weekdays: [Int] = []
        var start = ""
        var end = ""
        var room = ""
        var free = true
        var feeYuan = ""

        init() {}

        init(_ form: [String: String]) {
            name = form["name"] ?? ""
            category = form["category"] ?? ""
            description = form["description"] ?? ""
            staffKind = form["staffKind"] ?? ""
            staffUserId = form["staffUserId"] ?? ""
            staffName = form["staffName"] ?? ""
            providerId = form["providerId"] ?? ""
            vetted = form["vetted"] != nil
            capacity = form["capacity"] ?? ""
            grades = (1...9).filter { form["grade\($0)"] != nil }
            weekdays = (1...5).filter { form["day\($0)"] != nil }
            start = form["start"] ?? ""
            end = form["end"] ?? ""
            room = form["room"] ?? ""
            free = form["free"] != nil
            feeYuan = form["feeYuan"] ?? ""
        }
    }

    @Sendable static func createProgram(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let current = try await AfterSchoolService.schoolPlan(schoolId: id, actor, policies: req.application.policies, on: req.db)
        guard AfterSchoolService.mayPlan(current.school, actor) else { throw AppError.forbidden }
        let form = ProgramForm(try req.content.decode([String: String].self))
        return try await FormResponse.handle(req, {
            let capacity = try Validate.wholeNumber(form.capacity, field: "capacity", label: "as.capacity")
            let fee = try form.feeYuan.trimmingCharacters(in: .whitespaces).isEmpty ? nil
                : Validate.wholeNumber(form.feeYuan, field: "feeYuan", label: "as.feeYuan")
            _ = try await AfterSchoolService.createProgram(schoolId: id, .init(
                name: form.name, category: form.category, description: form.description, staffKind: form.staffKind,
                staffUserId: UUID(uuidString: form.staffUserId), staffName: form.staffName, providerId: UUID(uuidString: form.providerId),
                vetted: form.vetted, capacity: capacity, grades: form.grades, weekdays: form.weekdays, start: form.start, end: form.end,
                room: form.room, free: form.free, feeYuan: fee), actor, policies: req.application.policies, on: req.db)
            return try await renderSchool(req, id: id, planForm: nil, programForm: nil, programNotice: req.t("as.programAdded", form.name)).encodeResponse(for: req)
        }, rerender: { try await renderSchool(req, id: id, planForm: nil, programForm: form, programError: $0) })
    }

    // MARK: providers

    struct ProvidersPage: Encodable {
        struct Line: Encodable {
            let name: String
            let services: String
            let feeStandard: String
            let approvedOn: String
            let status: String
        }
        let layout: Layout
        let providers: [Line]
        let canAdd: Bool
        let form: [String: String]
        let notice: String?
        let error: String?
    }

    @Sendable static func providers(_ req: Request) async throws -> View {
        try await renderProviders(req, form: [:], notice: nil, error: nil)
    }

    static func renderProviders(_ req: Request, form: [String: String], notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let lines = try await AfterSchoolService.providers(actor, on: req.db).map {
            ProvidersPage.Line(name: $0.name, services: $0.services, feeStandard: $0.feeStandard, approvedOn: $0.approvedOn, status: req.t("as.provider." + $0.status))
        }
        return try await req.view.render("after-school/providers", ProvidersPage(
            layout: Layout(req, title: req.t("as.providers")), providers: lines, canAdd: actor.isBureauAdmin, form: form, notice: notice, error: error))
    }

    @Sendable static func addProvider(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            _ = try await AfterSchoolService.addProvider(.init(name: form["name"] ?? "", services: form["services"] ?? "", feeStandard: form["feeStandard"] ?? "",
                                                               approvedOn: form["approvedOn"] ?? ""), actor, on: req.db)
            return try await renderProviders(req, form: [:], notice: req.t("as.providerAdded", form["name"] ?? ""), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderProviders(req, form: form, notice: nil, error: $0) })
    }
}
