import Fluent
import Foundation
import JianfuCore

extension TutoringService {
    struct ClassCoverage: Sendable {
        let classId: UUID
        let grade: Int
        let number: Int
        let pupils: Int
        let tutored: Int
        /// Pupils whose tutor has done every task of the plan this term.
        let complete: Int
        /// Pupils nobody has visited at home this term.
        let unvisited: Int
    }

    struct SchoolCoverage: Sendable {
        let school: School
        let plan: Plan
        /// The classes of the plan's grades.
        let classes: [ClassCoverage]
        /// Tutors past the profile's limit, with how many pupils they hold.
        let overLimit: [UUID: Int]
        let teachers: Int
        /// Teachers who visited fewer pupils than the weekly quota in an ended week of the term.
        let shortOfVisits: [UUID]

        var pupils: Int { classes.reduce(0) { $0 + $1.pupils } }
        var tutored: Int { classes.reduce(0) { $0 + $1.tutored } }
        var complete: Int { classes.reduce(0) { $0 + $1.complete } }
        var percent: Int? { pupils > 0 ? complete * 100 / pupils : nil }
    }

    struct Coverage: Sendable {
        let period: Period
        let schools: [SchoolCoverage]
        let teacherNames: [UUID: String]
        let weeksEnded: Int
    }

    /// This term's coverage of the schools the person may see: the district's roles every school (or the one chosen), a
    /// school's administrators their own. Counted by class in one query per kind of count, whatever the number of schools.
    static func coverage(schoolId: UUID?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Coverage {
        let period = try await currentTerm(actor, policies: policies, on: db)
        var schools = try await School.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$code).all()
        if !actor.isDistrictWide {
            guard !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
            schools = schools.filter { actor.adminSchoolIds.contains($0.id!) }
        }
        if let schoolId {
            schools = schools.filter { $0.id == schoolId }
            guard !schools.isEmpty else { throw AppError.notFound }
        }
        let scope = Set(schools.compactMap(\.id))
        let districtId = period.district.id!
        let plans = try await plans(schools, system: try period.district.system, on: db)
        let classCounts = try await TutoringQueries.classCounts(districtId: districtId, schoolIds: scope, on: db)
        let taskCounts = try await TutoringQueries.tutorTaskCounts(districtId: districtId, termId: period.term.id!, schoolIds: scope, on: db)
        let loads = try await TutoringQueries.tutorLoads(districtId: districtId, schoolIds: scope, on: db)
        let teacherRows = try await TutoringQueries.teachers(districtId: districtId, schoolIds: scope, on: db)
        let visits = try await TutoringQueries.homeVisits(districtId: districtId, termId: period.term.id!, schoolIds: scope, on: db)

        var done: [UUID: [TutorTask: Int]] = [:]
        var classOf: [UUID: UUID] = [:]
        for row in taskCounts {
            guard let task = TutorTask(rawValue: row.kind) else { continue }
            done[row.student_id, default: [:]][task, default: 0] += row.n
            classOf[row.student_id] = row.class_id
        }
        // Grouped once: at district scale a scan per pupil, school or teacher would be quadratic.
        let schoolOfClass = Dictionary(classCounts.map { ($0.class_id, $0.school_id) }) { first, _ in first }
        let classesBySchool = Dictionary(grouping: classCounts, by: \.school_id)
        let loadsBySchool = Dictionary(grouping: loads, by: \.school_id)
        let teachersBySchool = Dictionary(grouping: teacherRows, by: \.school_id)
        var completeByClass: [UUID: Int] = [:]
        for (student, tasks) in done {
            guard let classId = classOf[student] else { continue }
            if let school = schoolOfClass[classId], let plan = plans[school], Tutoring.isComplete(tasks, required: plan.tasks) {
                completeByClass[classId, default: 0] += 1
            }
        }
        var visitedByClass: [UUID: Set<UUID>] = [:]
        for visit in visits { visitedByClass[visit.class_id, default: []].insert(visit.student_id) }
        let weeks = RoutineQuota.endedWeeks(period.calendar, today: period.today)
        let visitDays = Dictionary(grouping: visits.compactMap { row in
            LocalDate(iso: row.held_on).map { Tutoring.Visit(teacher: row.teacher_id, pupil: row.student_id, date: $0) }
        }, by: \.teacher)
        let limit = period.rules.pupilsPerTutor.value
        var teacherNames: [UUID: String] = [:]
        for row in teacherRows { teacherNames[row.teacher_id] = row.display_name }

        let lines = schools.map { school -> SchoolCoverage in
            let plan = plans[school.id!]!
            let classes = (classesBySchool[school.id!] ?? []).filter { plan.grades.contains($0.grade_number) }.map {
                ClassCoverage(classId: $0.class_id, grade: $0.grade_number, number: $0.class_number, pupils: $0.pupils, tutored: $0.tutored,
                              complete: completeByClass[$0.class_id] ?? 0, unvisited: $0.pupils - (visitedByClass[$0.class_id]?.count ?? 0))
            }
            var overLimit: [UUID: Int] = [:]
            if let limit { for load in loadsBySchool[school.id!] ?? [] where load.pupils > limit { overLimit[load.tutor_id] = load.pupils } }
            let teachers = Array(Set((teachersBySchool[school.id!] ?? []).map(\.teacher_id)))
            let short = teachers.filter {
                !Tutoring.shortVisitWeeks(visitDays[$0] ?? [], teacher: $0, weeks: weeks, perWeek: period.rules.homeVisitsPerTeacherWeek.value).isEmpty
            }
            return SchoolCoverage(school: school, plan: plan, classes: classes, overLimit: overLimit, teachers: teachers.count,
                                  shortOfVisits: short.sorted { (teacherNames[$0] ?? "") < (teacherNames[$1] ?? "") })
        }
        return Coverage(period: period, schools: lines, teacherNames: teacherNames, weeksEnded: weeks.count)
    }

    struct PupilLine: Sendable {
        let pupil: TutoringQueries.PupilRow
        /// Tasks their tutor did this term.
        let done: [TutorTask: Int]
        /// What the pupil's school's plan asks of their tutor.
        let required: [TutorTask: Int]
        let complete: Bool
        let visited: Bool
    }

    struct ClassRecord: Sendable {
        let period: Period
        let schoolClass: SchoolClass
        let plan: Plan
        let pupils: [PupilLine]
        /// The school's teachers, for a school administrator's choice of tutor.
        let tutors: [(id: UUID, name: String)]
        let mayAssign: Bool
    }

    /// One class's pupils with their tutors, the tasks done and whether anyone visited them this term: for its head
    /// teacher, the school's administrators and the staff who may see its roster.
    static func classRecord(classId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> ClassRecord {
        guard let schoolClass = try await SchoolClass.find(classId, on: db), schoolClass.districtId == actor.districtId else { throw AppError.notFound }
        let scope = ClassScope(classId: classId, districtId: schoolClass.districtId, schoolId: schoolClass.schoolId, gradeId: schoolClass.gradeId)
        guard actor.canSeeRoster(of: scope) else { throw actor.canSee(schoolId: schoolClass.schoolId, districtId: schoolClass.districtId) ? AppError.forbidden : AppError.notFound }
        let period = try await currentTerm(actor, policies: policies, on: db)
        guard let school = try await School.find(schoolClass.schoolId, on: db) else { throw AppError.notFound }
        let plan = try await plan(of: school, system: try period.district.system, on: db)
        let pupils = try await TutoringQueries.pupils(classId: classId, on: db)
        let logs = try await TutoringQueries.logs(termId: period.term.id!, studentIds: pupils.map(\.id), on: db)
        let lines = pupils.map { pupil -> PupilLine in
            var done: [TutorTask: Int] = [:]
            for log in logs where log.student_id == pupil.id && log.teacher_id == pupil.tutor_id {
                if let task = TutorTask(rawValue: log.kind) { done[task, default: 0] += 1 }
            }
            return PupilLine(pupil: pupil, done: done, required: plan.tasks, complete: Tutoring.isComplete(done, required: plan.tasks),
                             visited: logs.contains { $0.student_id == pupil.id && $0.kind == TutorTask.homeVisit.rawValue })
        }
        let mayAssign = actor.adminSchoolIds.contains(school.id!)
        var tutors: [(id: UUID, name: String)] = []
        if mayAssign {
            var seen = Set<UUID>()
            for row in try await TutoringQueries.teachers(districtId: school.districtId, schoolIds: [school.id!], on: db) where seen.insert(row.teacher_id).inserted {
                tutors.append((row.teacher_id, row.display_name))
            }
        }
        return ClassRecord(period: period, schoolClass: schoolClass, plan: plan, pupils: lines, tutors: tutors, mayAssign: mayAssign)
    }

    struct Desk: Sendable {
        let period: Period
        let pupils: [PupilLine]
        let plans: [UUID: Plan]
        /// This term's home visits by the person, any pupil.
        let visits: [TutoringQueries.VisitRow]
        let shortWeeks: [LocalDate]
        let weeksEnded: Int
        /// Classes the person heads: their class page.
        let headedClasses: [UUID]
    }

    /// A teacher's own tutoring: the pupils they hold with the tasks done, and their weekly home visits.
    static func desk(_ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Desk {
        let period = try await currentTerm(actor, policies: policies, on: db)
        let pupils = try await TutoringQueries.pupils(tutorId: actor.userId, on: db)
        let logs = try await TutoringQueries.logs(termId: period.term.id!, studentIds: pupils.map(\.id), teacherId: actor.userId, on: db)
        let schoolIds = Set(try await Student.query(on: db).filter(\.$id ~~ pupils.map(\.id)).all().map(\.schoolId))
        let schools = try await School.query(on: db).filter(\.$id ~~ Array(schoolIds)).all()
        let plans = try await plans(schools, system: try period.district.system, on: db)
        let schoolOfClass = Dictionary(try await SchoolClass.query(on: db).filter(\.$id ~~ Array(Set(pupils.map(\.class_id)))).all().map { ($0.id!, $0.schoolId) },
                                       uniquingKeysWith: { first, _ in first })
        let lines = pupils.map { pupil -> PupilLine in
            var done: [TutorTask: Int] = [:]
            for log in logs where log.student_id == pupil.id { if let task = TutorTask(rawValue: log.kind) { done[task, default: 0] += 1 } }
            let required = schoolOfClass[pupil.class_id].flatMap { plans[$0] }?.tasks ?? [:]
            return PupilLine(pupil: pupil, done: done, required: required, complete: Tutoring.isComplete(done, required: required), visited: done[.homeVisit] != nil)
        }
        let visits = try await TutoringQueries.homeVisits(districtId: period.district.id!, termId: period.term.id!, schoolIds: nil, teacherId: actor.userId, on: db)
        let weeks = RoutineQuota.endedWeeks(period.calendar, today: period.today)
        let visitDays = visits.compactMap { row in LocalDate(iso: row.held_on).map { Tutoring.Visit(teacher: row.teacher_id, pupil: row.student_id, date: $0) } }
        return Desk(period: period, pupils: lines, plans: plans, visits: visits,
                    shortWeeks: Tutoring.shortVisitWeeks(visitDays, teacher: actor.userId, weeks: weeks, perWeek: period.rules.homeVisitsPerTeacherWeek.value),
                    weeksEnded: weeks.count, headedClasses: actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.classId))
    }

    struct PupilRecord: Sendable {
        let access: PupilAccess
        let tutorName: String?
        let className: (grade: Int, number: Int)
        let logs: [TutoringQueries.LogRow]
        let period: Period
    }

    /// A pupil's tutor and this term's logs, for their guardians, tutor, head teacher and school administrators. Home-visit
    /// notes are left out for guardians; when someone other than their author reads them, the view is audited.
    static func pupilRecord(studentId: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> PupilRecord {
        let access = try await access(studentId, actor, on: db)
        guard access.mayRead else { throw AppError.forbidden }
        let period = try await currentTerm(actor, policies: policies, on: db)
        let row = try await TutoringQueries.pupils(classId: access.student.classId, on: db).first { $0.id == studentId }
        var logs = try await TutoringQueries.logs(termId: period.term.id!, studentIds: [studentId], on: db)
        if !access.mayReadVisits {
            logs = logs.map { log in
                log.kind == TutorTask.homeVisit.rawValue
                    ? .init(id: log.id, student_id: log.student_id, teacher_id: log.teacher_id, teacher_name: log.teacher_name, kind: log.kind,
                            held_on: log.held_on, present: "", summary: "", acknowledged_at: nil)
                    : log
            }
        }
        let othersVisits = logs.filter { $0.kind == TutorTask.homeVisit.rawValue && $0.teacher_id != actor.userId && !$0.summary.isEmpty }
        if !othersVisits.isEmpty {
            try await db.audit(actor, districtId: access.student.districtId, schoolId: access.student.schoolId, action: "tutoring.visit.view",
                               entity: "student", entityId: studentId, detail: ["notes": String(othersVisits.count)])
        }
        return PupilRecord(access: access, tutorName: row?.tutor_name, className: (row?.grade_number ?? 0, row?.class_number ?? 0), logs: logs, period: period)
    }
}

extension TutoringService {
    struct Section: Sendable {
        let key: String
        let title: String
        let entries: [PortfolioEntry]
    }

    struct GrowthRecord: Sendable {
        let access: PupilAccess
        let term: Term
        let className: String
        let tutorName: String?
        let sections: [Section]
    }

    /// A pupil's portfolio for a term (the current one unless named), gathered from every domain; for those who may read
    /// the pupil's records. Staff reading it is audited: it is an export of a minor's record.
    static func growthRecord(studentId: UUID, termId: UUID?, _ actor: Actor, language: Language, policies: PolicyStore, on db: any Database)
        async throws -> GrowthRecord {
        let access = try await access(studentId, actor, on: db)
        guard access.mayRead else { throw AppError.forbidden }
        let term: Term
        if let termId {
            guard let named = try await Term.find(termId, on: db), named.districtId == access.student.districtId else { throw AppError.notFound }
            term = named
        } else {
            term = try await currentTerm(actor, policies: policies, on: db).term
        }
        let row = try await TutoringQueries.pupils(classId: access.student.classId, on: db).first { $0.id == studentId }
        var sections: [Section] = []
        for entry in try await Domains.portfolio(access.student, term: term, language: language, policies: policies, on: db) {
            if let last = sections.last, last.key == entry.section {
                sections[sections.count - 1] = Section(key: last.key, title: last.title, entries: last.entries + [entry])
            } else {
                sections.append(Section(key: entry.section, title: entry.title, entries: [entry]))
            }
        }
        if !access.isGuardian {
            try await db.audit(actor, districtId: access.student.districtId, schoolId: access.student.schoolId, action: "tutoring.portfolio.view",
                               entity: "student", entityId: studentId, detail: ["term": term.id!.uuidString])
        }
        return GrowthRecord(access: access, term: term, className: ClassNames.name(row?.grade_number ?? 0, row?.class_number ?? 0, language),
                            tutorName: row?.tutor_name, sections: sections)
    }

    /// The portfolio's tutoring section: the tutor, their written feedback of the term, and how often they visited and talked.
    static func portfolio(_ student: Student, term: Term, language: Language, on db: any Database) async throws -> [PortfolioEntry] {
        let title = Strings.text("growth.portfolio", language, [])
        let row = try await TutoringQueries.pupils(classId: student.classId, on: db).first { $0.id == student.id }
        let logs = try await TutoringQueries.logs(termId: term.id!, studentIds: [student.id!], on: db)
        var entries = [PortfolioEntry(section: "tutoring", title: title, label: Strings.text("growth.tutor", language, []),
                                      value: row?.tutor_name ?? Strings.text("growth.noTutor", language, []))]
        for task in [TutorTask.homeVisit, .talk] {
            entries.append(PortfolioEntry(section: "tutoring", title: title, label: Strings.text(task.labelKey, language, []),
                                          value: Strings.text("growth.times", language, [String(logs.filter { $0.kind == task.rawValue }.count)])))
        }
        for log in logs.reversed() where log.kind == TutorTask.writtenFeedback.rawValue {
            entries.append(PortfolioEntry(section: "tutoring", title: title,
                                          label: "\(Strings.text("growth.task.written_feedback", language, [])) · \(log.teacher_name) · \(log.held_on)", value: log.summary))
        }
        return entries
    }
}
