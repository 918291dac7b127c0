/// Whether a new item fits under the cap on every day it is worked on.
public enum CapCheck: Sendable, Equatable {
    case fits([DailyLoad])
    /// The first day the item would take the class over the cap.
    case exceeds(date: LocalDate, capMinutes: Int, plannedMinutes: Int, requestedMinutes: Int, load: DailyLoad)
    /// Work spanning a weekend or holiday over the district's number for breaks (HW-04): `capMinutes` is what the
    /// break allows (per day of the break times its days, or one total, as the profile says).
    case exceedsBreak(breakStart: LocalDate, capMinutes: Int, plannedMinutes: Int, requestedMinutes: Int)

    /// A school may override a numeric cap with a reason, never a ban: where the cap is zero (HW-01, grades 1–2 by
    /// stage), no written work goes home whatever the reason.
    public var isOverridable: Bool {
        switch self {
        case .fits: false
        case .exceeds(_, let cap, _, _, _), .exceedsBreak(_, let cap, _, _): cap > 0
        }
    }

    public static func evaluate(adding item: HomeworkItem, to existing: [HomeworkItem], rules: LoadRules) -> CapCheck {
        var loads: [DailyLoad] = []
        for day in rules.workingDays(of: item) {
            let before = rules.load(of: existing, on: day)
            let after = rules.load(of: existing + [item], on: day)
            // What the item adds: with layered work only a tier longer than the day's longest counts more.
            if after.countedMinutes > before.countedMinutes && after.countedMinutes > after.capMinutes {
                return .exceeds(date: day, capMinutes: before.capMinutes, plannedMinutes: before.countedMinutes,
                                requestedMinutes: rules.minutes(of: item, on: day), load: before)
            }
            loads.append(after)
        }
        if let perBreak = rules.profile.homework.weekendAndHoliday.value, rules.counts(item) {
            for stretch in rules.calendar.breaks(after: item.assignedOn, before: item.dueOn) {
                let allowed = rules.profile.homework.weekendAndHolidayBasis == .perDay ? perBreak * stretch.days : perBreak
                let planned = rules.breakMinutes(of: existing, before: stretch.start)
                if planned + item.minutes > allowed {
                    return .exceedsBreak(breakStart: stretch.start, capMinutes: allowed, plannedMinutes: planned, requestedMinutes: item.minutes)
                }
            }
        }
        return .fits(loads)
    }
}
