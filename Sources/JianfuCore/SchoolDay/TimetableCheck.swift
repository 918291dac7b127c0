/// A class's weekly timetable held to the curriculum plan (晒课表, POLICY-RULES §3, §6, §9): what makes it impossible
/// is refused; what falls short of the plan is recorded with it, each problem naming its rule.

/// One period of the week: a lesson of a course (a subject or a course of the plan), or an activity (大课间, 班会).
public struct TimetablePeriod: Sendable, Equatable, Hashable {
    /// ISO weekday: 1 is Monday.
    public let weekday: Int
    public let start: TimeOfDay
    public let end: TimeOfDay
    public let course: String?
    public let activity: String?
    /// Whoever teaches the lesson, as an opaque key (a user id), for the clash check.
    public let teacher: String?

    public init(weekday: Int, start: TimeOfDay, end: TimeOfDay, course: String?, activity: String? = nil, teacher: String? = nil) {
        self.weekday = weekday
        self.start = start
        self.end = end
        self.course = course
        self.activity = activity
        self.teacher = teacher
    }

    public var minutes: Int { end.minutes - start.minutes }
    public var isLesson: Bool { course != nil }

    func overlaps(_ other: TimetablePeriod) -> Bool {
        weekday == other.weekday && start < other.end && other.start < end
    }
}

/// What a timetable breaks or falls short of: `rule` is the rule id, `code` the message's key, `args` its values
/// (period positions are 1-based, as a school counts its rows).
public struct TimetableProblem: Sendable, Equatable, Hashable {
    public let rule: String
    public let code: String
    public let args: [String]
    /// A guideline (SL-02's "一般") is shown as a warning and does not make the timetable fall short.
    public let guideline: Bool

    public init(rule: String, code: String, args: [String] = [], guideline: Bool = false) {
        self.rule = rule
        self.code = code
        self.args = args
        self.guideline = guideline
    }
}

/// Another class's timetable in the same school, for the clash of a teacher in two places.
public struct OtherTimetable: Sendable {
    public let className: String
    public let periods: [TimetablePeriod]

    public init(className: String, periods: [TimetablePeriod]) {
        self.className = className
        self.periods = periods
    }
}

public enum TimetableCheck {
    /// What makes a timetable impossible, so it is not saved: a weekday outside the school week, a period that ends
    /// before it starts or overlaps another, a course outside its grades (CP-08), a teacher in two places.
    public static func refusals(_ periods: [TimetablePeriod], grade: Int, system: SchoolSystem, plan: PolicyProfile.SchoolDay,
                                otherClasses: [OtherTimetable] = []) -> [TimetableProblem] {
        var problems: [TimetableProblem] = []
        for (index, period) in periods.enumerated() {
            let row = String(index + 1)
            if !(1...5).contains(period.weekday) { problems.append(TimetableProblem(rule: "", code: "weekday", args: [row])) }
            if period.end <= period.start { problems.append(TimetableProblem(rule: "", code: "endsBeforeStart", args: [row])) }
            if (period.course == nil) == (period.activity == nil) { problems.append(TimetableProblem(rule: "", code: "lessonOrActivity", args: [row])) }
            if let earlier = periods[..<index].firstIndex(where: { $0.overlaps(period) }) {
                problems.append(TimetableProblem(rule: "", code: "overlap", args: [row, String(earlier + 1)]))
            }
            if let course = period.course, !plan.courseGrades.allows(course, grade: grade, system: system) {
                problems.append(TimetableProblem(rule: plan.courseGrades.rule, code: "courseGrade", args: [row, course, String(grade)]))
            }
            if let teacher = period.teacher {
                for other in otherClasses {
                    if let clash = other.periods.first(where: { $0.teacher == teacher && $0.overlaps(period) }) {
                        problems.append(TimetableProblem(rule: "", code: "teacherClash",
                                                         args: [row, other.className, String(clash.weekday), clash.start.description]))
                        break
                    }
                }
            }
        }
        return problems
    }

    /// Where a timetable falls short of the plan, for a class of `grade`.
    public static func shortfalls(_ periods: [TimetablePeriod], grade: Int, system: SchoolSystem, plan: PolicyProfile.SchoolDay) -> [TimetableProblem] {
        let band = system.band(ofGrade: grade)
        let stage = system.stage(ofGrade: grade)
        let lessons = periods.filter(\.isLesson)
        var problems: [TimetableProblem] = []

        // CP-03 and CP-04: the week's lessons; with 长短课 (lessons not of the standard length) the week's time decides.
        let planned = plan.weeklyPeriods[band]
        let length = plan.periodMinutes[stage]
        let mixedLengths = lessons.contains { $0.minutes != length.required }
        if mixedLengths {
            let minutes = lessons.reduce(0) { $0 + $1.minutes }
            let required = planned.required * length.required
            if minutes < required {
                problems.append(TimetableProblem(rule: length.rule, code: "weeklyTimeShort", args: [String(minutes), String(required)]))
            } else if minutes > required {
                problems.append(TimetableProblem(rule: length.rule, code: "weeklyTimeOver", args: [String(minutes), String(required)]))
            }
        } else if lessons.count != planned.required {
            problems.append(TimetableProblem(rule: planned.rule, code: lessons.count < planned.required ? "weeklyPeriodsShort" : "weeklyPeriodsOver",
                                             args: [String(lessons.count), String(planned.required)]))
        }

        // PE-01 / CP-09, and CP-06 for labour and 综合实践活动.
        for (value, courses, code) in [(plan.pePeriods[band], plan.peCourses, "peShort"), (plan.labourPeriods, plan.labourCourses, "labourShort"),
                                       (plan.practicePeriods, plan.practiceCourses, "practiceShort")] {
            let count = lessons.filter { courses.contains($0.course!) }.count
            if count < value.required { problems.append(TimetableProblem(rule: value.rule, code: code, args: [String(count), String(value.required)])) }
        }

        let days = Set(periods.map(\.weekday)).sorted()
        // PE-04: a 大课间 of its full length every school day.
        let longBreak = plan.longBreakMinutes
        let short = days.filter { day in
            periods.filter { $0.weekday == day && $0.activity.map(plan.longBreakActivities.contains) == true }.reduce(0) { $0 + $1.minutes } < longBreak.required
        }
        if !short.isEmpty {
            problems.append(TimetableProblem(rule: longBreak.rule, code: "longBreakShort", args: [short.map(String.init).joined(separator: ","), String(longBreak.required)]))
        }

        // SL-02: no period of the day begins before the stage's time.
        let earliest = plan.firstPeriod(stage)
        let early = days.filter { day in periods.contains { $0.weekday == day && $0.start.minutes < earliest.required } }
        if !early.isEmpty, let first = periods.filter({ $0.start.minutes < earliest.required }).map(\.start).min() {
            problems.append(TimetableProblem(rule: earliest.rule, code: "startsEarly",
                                             args: [early.map(String.init).joined(separator: ","), first.description, TimeOfDay(minutes: earliest.required)!.description],
                                             guideline: earliest.guideline))
        }
        return problems
    }

    /// Whether a timetable meets the plan: no shortfall but the guidelines'.
    public static func meets(_ problems: [TimetableProblem]) -> Bool {
        problems.allSatisfy(\.guideline)
    }
}

/// CP-05 (table 9a): each subject group's share of a school's lessons over a year, from its classes' weekly timetables
/// weighted by each grade's teaching weeks (CP-02), beside the nine-year range. A school teaches only some of the nine
/// grades, so its shares are a guide to the balance of its week, not a verdict.
public struct CurriculumShare: Sendable, Equatable {
    public let group: String
    public let lessons: Int
    /// In tenths of a percent, so that 20.5 % is 205.
    public let permille: Int
    public let minPercent: Int
    public let maxPercent: Int

    public var within: Bool { permille >= minPercent * 10 && permille <= maxPercent * 10 }

    /// Each grade counts once, as one pupil's year of it: a grade of several classes weighs its classes' mean week, so
    /// that a school with four classes of grade 1 and one of grade 6 is not read as teaching grade 1 four times.
    public static func year(of classes: [(grade: Int, periods: [TimetablePeriod])], plan: PolicyProfile.SchoolDay,
                            graduatingGrade: Int = 9) -> [CurriculumShare] {
        var byCourse: [String: Double] = [:]
        var total = 0.0
        for (grade, weeks) in Dictionary(grouping: classes, by: \.grade) {
            let teachingWeeks = Double(grade == graduatingGrade ? plan.graduatingTeachingWeeks.required : plan.teachingWeeks.required)
            let perClass = teachingWeeks / Double(weeks.count)
            for course in weeks.flatMap({ $0.periods.compactMap(\.course) }) {
                byCourse[course, default: 0] += perClass
                total += perClass
            }
        }
        guard total > 0 else { return [] }
        return plan.shares.groups.map { group in
            let lessons = group.courses.reduce(0.0) { $0 + byCourse[$1, default: 0] }
            // Rounded to the nearest tenth of a percent.
            return CurriculumShare(group: group.name, lessons: Int(lessons.rounded()), permille: Int((lessons * 1000 / total).rounded()),
                                   minPercent: group.minPercent, maxPercent: group.maxPercent)
        }
    }
}
