import Fluent
import Foundation
import JianfuCore
import Vapor

/// 导师与家访: the district's and a school's coverage with its plan and even split, a teacher's own pupils with the log
/// form and weekly home visits, a class's pupils and tutors, and one pupil's record (guardians acknowledge feedback there).
enum TutorPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(GrowthPaths.index, use: index)
        routes.post(GrowthPaths.plan, use: setPlan)
        routes.post(GrowthPaths.split, use: confirmSplit)
        routes.post(GrowthPaths.logs, use: log)
        routes.post(GrowthPaths.acknowledge, use: acknowledge)
        routes.get(GrowthPaths.schoolClass, use: classPage)
        routes.post(GrowthPaths.assign, use: assign)
        routes.get(GrowthPaths.pupil, use: pupilPage)
    }

    struct SchoolLine: Encodable {
        let id: String
        let name: String
        let grades: String
        let planChosen: Bool
        let pupils: Int
        let tutored: Int
        let untutored: Int
        let complete: Int
        let percent: String
        let overLimit: Int
        let teachers: Int
        let shortOfVisits: Int
    }

    struct ClassLine: Encodable {
        let href: String
        let name: String
        let pupils: Int
        let tutored: Int
        let complete: Int
        let unvisited: Int
    }

    struct TaskMark: Encodable {
        let label: String
        let done: Int
        let required: Int
        let met: Bool
    }

    struct PupilLine: Encodable {
        let href: String
        let name: String
        let className: String
        let tutor: String?
        let tasks: [TaskMark]
        let complete: Bool
        let visited: Bool
        let id: String
    }

    struct TaskField: Encodable {
        let name: String
        let label: String
        let count: Int
    }

    struct Page: Encodable {
        let layout: Layout
        let term: String
        let rules: [String]
        let schools: [SchoolLine]
        let own: SchoolLine?
        let classes: [ClassLine]
        let gradeChoices: [FormOption]
        let taskCounts: [TaskField]
        let splitAdds: Int?
        let splitUnplaced: Int
        let shortTeachers: [String]
        let mine: [PupilLine]
        let isTeacher: Bool
        let logPupils: [FormOption]
        let kinds: [FormOption]
        let visitsThisTerm: Int
        let visitQuota: String?
        let shortWeeks: [String]
        let headed: [ClassLine]
        let children: [FormOption]
        let today: String
        let form: [String: String]
        let notice: String?
        let error: String?
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        try await render(req, notice: nil, error: nil)
    }

    static func percent(_ value: Int?) -> String { value.map { "\($0)%" } ?? "—" }

    static func schoolLine(_ line: TutoringService.SchoolCoverage) -> SchoolLine {
        SchoolLine(id: line.school.id!.uuidString, name: line.school.name, grades: line.plan.grades.map(String.init).joined(separator: "、"),
                   planChosen: line.plan.chosen, pupils: line.pupils, tutored: line.tutored, untutored: line.pupils - line.tutored,
                   complete: line.complete, percent: percent(line.percent), overLimit: line.overLimit.count, teachers: line.teachers,
                   shortOfVisits: line.shortOfVisits.count)
    }

    static func tasks(_ done: [TutorTask: Int], _ plan: [TutorTask: Int], _ req: Request) -> [TaskMark] {
        TutorTask.allCases.compactMap { task in
            guard let required = plan[task], required > 0 else { return nil }
            return TaskMark(label: req.t(task.labelKey), done: done[task] ?? 0, required: required, met: (done[task] ?? 0) >= required)
        }
    }

    static func render(_ req: Request, notice: String?, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        let policies = req.application.policies
        let language = req.language
        let mayCover = actor.isDistrictWide || !actor.adminSchoolIds.isEmpty
        let isTeacher = !actor.teaching.isEmpty || actor.has(.headTeacher)
        let period = try await TutoringService.currentTerm(actor, policies: policies, on: req.db)
        var schools: [SchoolLine] = [], own: SchoolLine?, classes: [ClassLine] = [], gradeChoices: [FormOption] = [], taskCounts: [TaskField] = []
        var splitAdds: Int?, splitUnplaced = 0, shortTeachers: [String] = []
        if mayCover {
            let coverage = try await TutoringService.coverage(schoolId: nil, actor, policies: policies, on: req.db)
            schools = coverage.schools.map(schoolLine)
            if !actor.isDistrictWide, let mineSchool = coverage.schools.first {
                own = schoolLine(mineSchool)
                classes = mineSchool.classes.map {
                    ClassLine(href: GrowthPaths.schoolClass.path($0.classId), name: ClassNames.name($0.grade, $0.number, language), pupils: $0.pupils,
                              tutored: $0.tutored, complete: $0.complete, unvisited: $0.unvisited)
                }
                let system = try period.district.system
                let stageGrades = SchoolStage(rawValue: mineSchool.school.stage).map { Array($0.grades(in: system)) } ?? []
                gradeChoices = stageGrades.map { FormOption(value: String($0), label: req.t("growth.gradeN", String($0)), selected: mineSchool.plan.grades.contains($0)) }
                taskCounts = TutorTask.allCases.map { TaskField(name: "task_" + $0.rawValue, label: req.t($0.labelKey), count: mineSchool.plan.tasks[$0] ?? 0) }
                let proposal = try await TutoringService.proposeSplit(schoolId: mineSchool.school.id!, actor, policies: policies, on: req.db)
                splitAdds = proposal.added.count
                splitUnplaced = proposal.split.unplaced.count
                shortTeachers = mineSchool.shortOfVisits.map { coverage.teacherNames[$0] ?? "" }
            }
        }
        var mine: [PupilLine] = [], logPupils: [FormOption] = [], shortWeeks: [String] = [], headed: [ClassLine] = []
        var visitsThisTerm = 0
        if isTeacher {
            let desk = try await TutoringService.desk(actor, policies: policies, on: req.db)
            for line in desk.pupils {
                mine.append(PupilLine(href: GrowthPaths.pupil.path(line.pupil.id), name: line.pupil.name,
                                      className: ClassNames.name(line.pupil.grade_number, line.pupil.class_number, language), tutor: nil,
                                      tasks: tasks(line.done, line.required, req), complete: line.complete, visited: line.visited, id: line.pupil.id.uuidString))
            }
            logPupils = desk.pupils.map {
                FormOption(value: $0.pupil.id.uuidString, label: "\(ClassNames.name($0.pupil.grade_number, $0.pupil.class_number, language)) \($0.pupil.name)",
                           selected: form["student"] == $0.pupil.id.uuidString)
            }
            for classId in desk.headedClasses {
                guard let headedClass = try await SchoolClass.find(classId, on: req.db) else { continue }
                let pupils = try await TutoringQueries.pupils(classId: classId, on: req.db)
                headed.append(ClassLine(href: GrowthPaths.schoolClass.path(classId), name: ClassNames.name(headedClass.gradeNumber, headedClass.number, language),
                                        pupils: pupils.count, tutored: pupils.filter { $0.tutor_id != nil }.count, complete: 0,
                                        unvisited: pupils.count - Set(desk.visits.filter { $0.class_id == classId }.map(\.student_id)).count))
                let held = Set(desk.pupils.map(\.pupil.id))
                logPupils += pupils.filter { !held.contains($0.id) }.map {
                    FormOption(value: $0.id.uuidString, label: "\(ClassNames.name($0.grade_number, $0.class_number, language)) \($0.name) \(req.t("growth.visitOnly"))",
                               selected: form["student"] == $0.id.uuidString)
                }
            }
            visitsThisTerm = desk.visits.count
            shortWeeks = desk.shortWeeks.map(\.iso)
        }
        let rules = period.rules
        return try await req.view.render("growth/index", Page(
            layout: Layout(req, title: req.t("growth.title")), term: period.term.name,
            rules: [rules.tutorCoverage.wording + "（\(rules.tutorCoverage.rule)）", rules.tutorTasks.wording + "（\(rules.tutorTasks.rule)）",
                    rules.pupilsPerTutor.value.map { req.t("growth.limitRule", String($0), rules.pupilsPerTutor.rule) } ?? req.t("growth.noRule", rules.pupilsPerTutor.wording),
                    rules.homeVisitsPerTeacherWeek.value.map { req.t("growth.visitRule", String($0), rules.homeVisitsPerTeacherWeek.rule) }
                        ?? req.t("growth.noRule", rules.homeVisitsPerTeacherWeek.wording)],
            schools: actor.isDistrictWide ? schools : [], own: own, classes: classes, gradeChoices: gradeChoices, taskCounts: taskCounts,
            splitAdds: splitAdds, splitUnplaced: splitUnplaced, shortTeachers: shortTeachers,
            mine: mine, isTeacher: isTeacher, logPupils: logPupils,
            kinds: TutorTask.allCases.map { FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: form["kind"] == $0.rawValue) },
            visitsThisTerm: visitsThisTerm, visitQuota: rules.homeVisitsPerTeacherWeek.value.map(String.init), shortWeeks: shortWeeks, headed: headed,
            children: actor.children.map { FormOption(value: GrowthPaths.pupil.path($0.studentId), label: $0.name, selected: false) },
            today: form["date"] ?? period.today.iso, form: form, notice: notice, error: error))
    }

    @Sendable static func setPlan(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        guard let schoolId = actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }).first else { throw AppError.forbidden }
        return try await FormResponse.handle(req, {
            let grades = form.keys.filter { $0.hasPrefix("grade_") }.compactMap { Int($0.dropFirst(6)) }
            var tasks: [String: Int] = [:]
            for task in TutorTask.allCases {
                tasks[task.rawValue] = try Validate.wholeNumber(form["task_" + task.rawValue], field: "task_" + task.rawValue, label: task.labelKey)
            }
            _ = try await TutoringService.setPlan(schoolId: schoolId, grades: grades, tasks: tasks, actor, on: req.db)
            return try await render(req, notice: req.t("growth.planSaved"), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }

    @Sendable static func confirmSplit(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard let schoolId = actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }).first else { throw AppError.forbidden }
        return try await FormResponse.handle(req, {
            let done = try await TutoringService.confirmSplit(schoolId: schoolId, actor, policies: req.application.policies, on: req.db)
            return try await render(req, notice: req.t("growth.splitDone", String(done.added.count), String(done.split.unplaced.count)), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }

    @Sendable static func log(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let studentId = UUID(uuidString: form["student"] ?? "") else {
                throw AppError.invalid(field: "student", messageKey: "form.required", args: ["growth.pupil"])
            }
            let row = try await TutoringService.log(.init(studentId: studentId, kind: form["kind"] ?? "", date: form["date"] ?? "", summary: form["summary"] ?? "",
                                                          present: form["present"] ?? ""), actor, on: req.db)
            return try await render(req, notice: req.t("growth.logSaved", req.t("growth.task." + row.kind), row.heldOn), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }

    @Sendable static func acknowledge(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        return try await FormResponse.handle(req, {
            let row = try await TutoringService.acknowledge(logId: id, actor, on: req.db)
            return try await renderPupil(req, id: row.studentId, notice: req.t("growth.acknowledged"), error: nil).encodeResponse(for: req)
        }, rerender: { message in
            let studentId = try await TutorLog.find(id, on: req.db)?.studentId ?? id
            return try await renderPupil(req, id: studentId, notice: nil, error: message)
        })
    }
}
