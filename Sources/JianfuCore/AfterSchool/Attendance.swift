/// Why a register cannot be taken as marked.
public enum AttendanceProblem: Error, Equatable, Sendable {
    /// The program does not meet that day: not one of its weekdays, or not a teaching day (a holiday, a weekend).
    case noSession(LocalDate)
    /// Attendance is taken for a session that has happened or is happening, never ahead.
    case future(LocalDate)
    /// Pupils marked who are not enrolled in the program.
    case notEnrolled([String])
    /// Pupils marked both present and absent.
    case markedTwice([String])
}

/// The rules of one register: a session on that day, not in the future, and only the program's enrolled pupils.
public enum AttendanceRules {
    public static func check(date: LocalDate, today: LocalDate, weekdays: Set<Int>, calendar: SchoolCalendar, enrolled: Set<String>,
                             present: [String], absent: [String]) throws(AttendanceProblem) {
        guard date <= today else { throw .future(date) }
        // A make-up Saturday (调休) is a teaching day, but after-school service keeps to its weekdays.
        guard calendar.isTeachingDay(date), weekdays.contains(date.weekday) else { throw .noSession(date) }
        let twice = Set(present).intersection(absent)
        guard twice.isEmpty else { throw .markedTwice(twice.sorted()) }
        let strangers = Set(present + absent).subtracting(enrolled)
        guard strangers.isEmpty else { throw .notEnrolled(strangers.sorted()) }
    }

    /// The register a teacher opens without naming a day: today's session, else the program's latest one of the last
    /// fortnight (on a Saturday, Friday's), so the page never opens on a day that cannot be marked.
    public static func latestSession(onOrBefore today: LocalDate, weekdays: Set<Int>, calendar: SchoolCalendar) -> LocalDate? {
        (0..<14).lazy.map { today.adding(days: -$0) }.first { calendar.isTeachingDay($0) && weekdays.contains($0.weekday) }
    }
}
