import Fluent
import Foundation
import JianfuCore

/// 晒课表: a school publishes each class's weekly timetable, checked against the curriculum plan. Publishing is the only
/// way to change it, and every version is kept, so the timetable in use is the one the public page shows.
enum TimetableService {
    /// A period as written on a form's line, a file's line, or at a position of the API's list.
    struct PeriodInput: Sendable {
        let line: Int
        let weekday: String
        let start: String
        let end: String
        let subject: String?
        let subjectId: UUID?
        let activity: String?
        let teacher: String?
        let teacherId: UUID?
    }

    struct Published: Sendable {
        let version: TimetableVersion
        let problems: [StoredProblem]
        /// The periods were the same as the version in use: nothing new was published.
        let unchanged: Bool
    }

    /// The school's administrators publish; the district's roles, the school's staff read.
    static func mayRead(_ actor: Actor, schoolId: UUID, districtId: UUID) -> Bool {
        actor.districtId == districtId && (actor.isDistrictWide || actor.staffSchoolIds.contains(schoolId))
    }

    static func requirePublish(_ actor: Actor, _ context: ClassContext) throws {
        guard actor.districtId == context.district.id else { throw AppError.notFound }
        guard actor.adminSchoolIds.contains(context.school.id!) else {
            throw mayRead(actor, schoolId: context.school.id!, districtId: context.district.id!) ? AppError.forbidden : AppError.notFound
        }
    }

    static func context(_ classId: UUID, policies: PolicyStore, on db: any Database) async throws -> ClassContext {
        guard let context = try await ClassContext.load(classId, policies: policies, on: db) else { throw AppError.notFound }
        return context
    }

    /// Publishes one class's week.
    static func publish(classId: UUID, _ inputs: [PeriodInput], note: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> Published {
        let context = try await context(classId, policies: policies, on: db)
        try requirePublish(actor, context)
        guard !inputs.isEmpty else { throw SchoolDayError.empty }
        return try await publish([(context.schoolClass, inputs)], school: context.school, district: context.district, note: note, actor, policies: policies,
                                 on: db)[0]
    }

    /// Publishes the weeks of several classes of one school together, or none: every line's problem is named.
    static func publish(_ classes: [(SchoolClass, [PeriodInput])], school: School, district: District, note: String, _ actor: Actor,
                        policies: PolicyStore, known: [RowProblem] = [], on db: any Database) async throws -> [Published] {
        let plan = try policies.profile(for: district).schoolDay
        let system = try district.system
        let subjects = try await Subject.query(on: db).filter(\.$districtId == district.id!).all()
        let staff = try await User.query(on: db).filter(\.$schoolId == school.id!).filter(\.$isActive == true).all()
        var resolved: [(SchoolClass, [StoredPeriod], [Int])] = []
        var problems = known
        for (schoolClass, inputs) in classes {
            let (periods, found) = resolve(inputs, grade: schoolClass.gradeNumber, subjects: subjects, staff: staff, plan: plan)
            problems += found
            resolved.append((schoolClass, periods.map(\.period), periods.map(\.line)))
        }
        guard problems.isEmpty else { throw SchoolDayError.refused(problems) }
        let ready = resolved
        let language = Language.zh
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
        return try await db.writeTransaction { tx in
            // Read inside the write: two administrators placing one teacher in two classes at once cannot both succeed.
            let current = try await TimetableQueries.current(schoolId: school.id!, on: tx)
            let byClass = Dictionary(current.map { ($0.classId, $0) }, uniquingKeysWith: { a, _ in a })
            let classRows = try await SchoolClass.query(on: tx).filter(\.$schoolId == school.id!).all()
            let names = Dictionary(classRows.map { ($0.id!, ClassNames.name($0.gradeNumber, $0.number, language)) }, uniquingKeysWith: { a, _ in a })
            let publishing = Set(ready.map { $0.0.id! })
            var weeks: [UUID: [StoredPeriod]] = byClass.filter { !publishing.contains($0.key) }.mapValues { JSONText.decode([StoredPeriod].self, $0.periods) ?? [] }
            for (schoolClass, periods, _) in ready { weeks[schoolClass.id!] = periods }
            var refused: [RowProblem] = []
            for (schoolClass, periods, lines) in ready {
                let others = weeks.filter { $0.key != schoolClass.id! }.map { OtherTimetable(className: names[$0.key] ?? "", periods: $0.value.map(\.period)) }
                for problem in TimetableCheck.refusals(periods.map(\.period), grade: schoolClass.gradeNumber, system: system, plan: plan, otherClasses: others) {
                    refused.append(onLines(problem, lines))
                }
            }
            guard refused.isEmpty else { throw SchoolDayError.refused(refused) }

            var published: [Published] = []
            for (schoolClass, written, _) in ready {
                // Kept in the week's order, so that the same week written in another order is no change.
                let periods = written.sorted { ($0.weekday, $0.start) < ($1.weekday, $1.start) }
                let previous = byClass[schoolClass.id!]
                let before = previous.flatMap { JSONText.decode([StoredPeriod].self, $0.periods) } ?? []
                if let previous, before == periods {
                    let kept = JSONText.decode([StoredProblem].self, previous.problems) ?? []
                    published.append(Published(version: previous, problems: kept, unchanged: true))
                    continue
                }
                let (version, stored, changes) = TimetableVersion.checked(schoolClass, number: (previous?.number ?? 0) + 1, periods: periods,
                                                                          before: previous == nil ? nil : before, note: note, by: actor.userId,
                                                                          at: WallClock.now(), system: system, plan: plan)
                try await version.create(on: tx)
                try await tx.audit(actor, districtId: district.id!, schoolId: school.id!, action: "timetable.publish", entity: TimetableVersion.schema,
                                   entityId: version.id, detail: ["class": schoolClass.id!.uuidString, "version": String(version.number),
                                                                  "meets": String(version.meets), "changes": String(changes.count), "note": note])
                published.append(Published(version: version, problems: stored, unchanged: false))
            }
            return published
        }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another publication of the same class's next version won the race.
            throw AppError.conflict(messageKey: "tt.e.race")
        }
    }

    /// A problem of the core's, whose positions are periods, on the lines the school wrote them on.
    static func onLines(_ problem: TimetableProblem, _ lines: [Int]) -> RowProblem {
        let index = Int(problem.args.first ?? "") ?? 1
        var args = problem.args
        if !args.isEmpty { args[0] = String(lines[index - 1]) }
        if problem.code == "overlap", args.count > 1, let other = Int(args[1]) { args[1] = String(lines[other - 1]) }
        return RowProblem(line: lines[index - 1], problem: TimetableProblem(rule: problem.rule, code: problem.code, args: args, guideline: problem.guideline))
    }

    /// Each input as a stored period: its weekday and times read, its course found among the district's subjects or the
    /// plan's own courses, its teacher among the school's staff.
    static func resolve(_ inputs: [PeriodInput], grade: Int, subjects: [Subject], staff: [User], plan: PolicyProfile.SchoolDay)
        -> ([(period: StoredPeriod, line: Int)], [RowProblem]) {
        let planCourses = Set(plan.planCourses + plan.peCourses + plan.labourCourses + plan.practiceCourses)
        var periods: [(period: StoredPeriod, line: Int)] = []
        var problems: [RowProblem] = []
        for input in inputs {
            func problem(_ code: String, _ args: [String] = [], rule: String = "") {
                problems.append(RowProblem(line: input.line, problem: TimetableProblem(rule: rule, code: code, args: [String(input.line)] + args)))
            }
            let weekday = weekdayNumber(input.weekday)
            if weekday == nil { problem("weekdayText", [input.weekday]) }
            let start = TimeOfDay(hhmm: input.start), end = TimeOfDay(hhmm: input.end)
            if start == nil || end == nil { problem("time", [input.start, input.end]) }
            var course: String?
            var subjectId: UUID?
            let name = input.subject?.trimmingCharacters(in: .whitespaces) ?? ""
            if let id = input.subjectId {
                if let subject = subjects.first(where: { $0.id == id }) { course = subject.name; subjectId = id } else { problem("unknownCourse", [id.uuidString]) }
            } else if !name.isEmpty {
                if let subject = subjects.first(where: { $0.name == name || $0.nameEn.caseInsensitiveCompare(name) == .orderedSame }) {
                    course = subject.name
                    subjectId = subject.id
                } else if planCourses.contains(name) {
                    course = name
                } else {
                    problem("unknownCourse", [name])
                }
            }
            // The district's own subject table, where the plan's course grades (CP-08, checked in the core) say nothing.
            if let subjectId, let subject = subjects.first(where: { $0.id == subjectId }), !plan.courseGrades.courses.contains(where: { $0.names.contains(subject.name) }),
               !(subject.firstGrade...subject.lastGrade).contains(grade) {
                problem("subjectGrade", [subject.name, String(grade), "\(subject.firstGrade)–\(subject.lastGrade)"])
            }
            let activity = input.activity?.trimmingCharacters(in: .whitespaces)
            var teacher: User?
            if let id = input.teacherId {
                teacher = staff.first { $0.id == id }
                if teacher == nil { problem("unknownTeacher", [id.uuidString]) }
            } else if let written = input.teacher?.trimmingCharacters(in: .whitespaces), !written.isEmpty {
                let matches = staff.filter { $0.username == written || $0.displayName == written }
                if matches.count == 1 { teacher = matches[0] } else { problem(matches.isEmpty ? "unknownTeacher" : "ambiguousTeacher", [written]) }
            }
            if course == nil, activity?.isEmpty != false, name.isEmpty, input.subjectId == nil { problem("lessonOrActivityText") }
            guard let weekday, let start, let end else { continue }
            periods.append((StoredPeriod(weekday: weekday, start: start.hhmm, end: end.hhmm, course: course, subjectId: subjectId,
                                         activity: course == nil && activity?.isEmpty == false ? activity : nil, teacherId: teacher?.id,
                                         teacherName: teacher?.displayName), input.line))
        }
        return (periods, problems)
    }

    /// "1", "周一", "星期一", "Mon", "Monday".
    static func weekdayNumber(_ text: String) -> Int? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(value), (1...7).contains(n) { return n }
        let zh = ["一", "二", "三", "四", "五", "六", "日"]
        for (index, day) in zh.enumerated() where value == "周" + day || value == "星期" + day { return index + 1 }
        if value == "周天" || value == "星期天" { return 7 }
        let en = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        return en.firstIndex { value.lowercased().hasPrefix($0) }.map { $0 + 1 }
    }
}
