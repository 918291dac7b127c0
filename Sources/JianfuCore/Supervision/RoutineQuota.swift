/// Progress against a term's quota, judged by pace: a person is behind when they have done less than the share of the
/// quota the term's teaching days so far call for, so that it shows while there is time to catch up.
public struct QuotaProgress: Sendable, Equatable {
    public let done: Int
    /// nil where the profile sets no quota.
    public let quota: Int?
    /// What the pace calls for by today (rounded up).
    public let expectedByNow: Int?

    public var met: Bool { quota.map { done >= $0 } ?? false }
    public var behind: Bool { expectedByNow.map { done < $0 } ?? false }
}

public enum RoutineQuota {
    /// `calendar`: the term's; `today`: the district's date. Before the term nothing is expected; after it, the whole quota.
    public static func progress(done: Int, quota: Int?, calendar: SchoolCalendar, today: LocalDate) -> QuotaProgress {
        guard let quota else { return QuotaProgress(done: done, quota: nil, expectedByNow: nil) }
        let total = calendar.teachingDayCount
        let elapsed = calendar.teachingDays(from: calendar.startsOn, through: min(today, calendar.endsOn)).count
        guard total > 0 else { return QuotaProgress(done: done, quota: quota, expectedByNow: quota) }
        let expected = (quota * elapsed + total - 1) / total
        return QuotaProgress(done: done, quota: quota, expectedByNow: expected)
    }

    /// The Mondays of the term's weeks that have ended by `today` and held teaching days: the weeks a subject group's
    /// research time is counted for.
    public static func endedWeeks(_ calendar: SchoolCalendar, today: LocalDate) -> [LocalDate] {
        var weeks: [LocalDate] = []
        var monday = calendar.startsOn.adding(days: 1 - calendar.startsOn.weekday)
        while monday.adding(days: 6) < today && monday <= calendar.endsOn {
            if !calendar.teachingDays(from: monday, through: monday.adding(days: 6)).isEmpty { weeks.append(monday) }
            monday = monday.adding(days: 7)
        }
        return weeks
    }

    /// The Monday of a date's week.
    public static func monday(of date: LocalDate) -> LocalDate { date.adding(days: 1 - date.weekday) }

    /// The ended weeks in which a group met for less than the minutes required.
    public static func shortWeeks(minutesByWeek: [LocalDate: Int], weeks: [LocalDate], required: Int?) -> [LocalDate] {
        guard let required else { return [] }
        return weeks.filter { (minutesByWeek[$0] ?? 0) < required }
    }
}
