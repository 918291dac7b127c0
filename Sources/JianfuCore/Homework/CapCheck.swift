/// Whether a new item fits under the cap on every day it is worked on.
public enum CapCheck: Sendable, Equatable {
    case fits([DailyLoad])
    /// The first day the item would take the class over the cap.
    case exceeds(date: LocalDate, capMinutes: Int, plannedMinutes: Int, requestedMinutes: Int, load: DailyLoad)
    /// Work spanning a weekend or holiday over the district's number for breaks (HW-04).
    case exceedsBreak(breakStart: LocalDate, capMinutes: Int, plannedMinutes: Int, requestedMinutes: Int)

    public static func evaluate(adding item: HomeworkItem, to existing: [HomeworkItem], rules: LoadRules) -> CapCheck {
        var loads: [DailyLoad] = []
        for day in rules.workingDays(of: item) {
            let before = rules.load(of: existing, on: day)
            let requested = rules.minutes(of: item, on: day)
            if requested > 0 && before.countedMinutes + requested > before.capMinutes {
                return .exceeds(date: day, capMinutes: before.capMinutes, plannedMinutes: before.countedMinutes,
                                requestedMinutes: requested, load: before)
            }
            loads.append(rules.load(of: existing + [item], on: day))
        }
        if let breakCap = rules.profile.homework.weekendAndHoliday.value, rules.counts(item) {
            var day = item.assignedOn.adding(days: 1)
            while day < item.dueOn {
                if !rules.calendar.isTeachingDay(day) {
                    let planned = rules.breakMinutes(of: existing, before: day)
                    if planned + item.minutes > breakCap {
                        return .exceedsBreak(breakStart: day, capMinutes: breakCap, plannedMinutes: planned, requestedMinutes: item.minutes)
                    }
                    break
                }
                day = day.adding(days: 1)
            }
        }
        return .fits(loads)
    }
}
