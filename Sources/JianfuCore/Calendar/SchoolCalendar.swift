/// A term's calendar as data: weekends are off, public holidays are off,
/// and make-up working days (调休) turn a weekend day into a teaching day.
public struct SchoolCalendar: Sendable {
    public let startsOn: LocalDate
    public let endsOn: LocalDate
    public let holidays: Set<LocalDate>
    public let makeUpWorkdays: Set<LocalDate>

    public init(startsOn: LocalDate, endsOn: LocalDate, holidays: Set<LocalDate> = [], makeUpWorkdays: Set<LocalDate> = []) {
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.holidays = holidays
        self.makeUpWorkdays = makeUpWorkdays
    }

    public func contains(_ date: LocalDate) -> Bool {
        date >= startsOn && date <= endsOn
    }

    public func isTeachingDay(_ date: LocalDate) -> Bool {
        guard contains(date), !holidays.contains(date) else { return false }
        return makeUpWorkdays.contains(date) || !date.isWeekend
    }

    /// Teaching days from `from` through `through`, both included.
    public func teachingDays(from: LocalDate, through: LocalDate) -> [LocalDate] {
        guard from <= through else { return [] }
        return (from.dayNumber...through.dayNumber).map(LocalDate.init(dayNumber:)).filter(isTeachingDay)
    }

    /// A run of days without teaching: a weekend, a holiday, or both together.
    public struct Break: Sendable, Equatable {
        public let start: LocalDate
        public let days: Int
    }

    /// Every break that lies wholly between two days (both excluded): the breaks work set on `after` and due on
    /// `before` spans.
    public func breaks(after: LocalDate, before: LocalDate) -> [Break] {
        var result: [Break] = []
        var day = after.adding(days: 1)
        while day < before {
            if isTeachingDay(day) {
                day = day.adding(days: 1)
                continue
            }
            let start = day
            while day < before && !isTeachingDay(day) { day = day.adding(days: 1) }
            result.append(Break(start: start, days: day.dayNumber - start.dayNumber))
        }
        return result
    }

    public var teachingDayCount: Int {
        teachingDays(from: startsOn, through: endsOn).count
    }
}
