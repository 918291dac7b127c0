/// A grade band's written homework over a range of days, against its cap (HW-01..03):
/// the average is over every class-day the band was taught, so days without homework count as zero.
public struct BandLoad: Sendable, Equatable {
    public let band: GradeBand
    public let classDays: Int
    public let writtenMinutes: Int
    public let capMinutes: Int

    public init(band: GradeBand, classDays: Int, writtenMinutes: Int, capMinutes: Int) {
        self.band = band
        self.classDays = classDays
        self.writtenMinutes = writtenMinutes
        self.capMinutes = capMinutes
    }

    /// Average written minutes per class-day, nil when no class was taught.
    public var averageMinutes: Double? {
        classDays > 0 ? Double(writtenMinutes) / Double(classDays) : nil
    }

    /// The rule is "平均完成时间不超过": a band meets it when its average stays within the cap.
    public var meetsCap: Bool {
        guard let average = averageMinutes else { return true }
        return average <= Double(capMinutes)
    }
}

/// The periods the provinces report on (MS-02): the 1st to the 15th, and the 16th to the month's last day.
public struct HalfMonth: Sendable, Equatable {
    public let from: LocalDate
    public let through: LocalDate

    public init(containing date: LocalDate) {
        if date.day <= 15 {
            from = LocalDate(year: date.year, month: date.month, day: 1)!
            through = LocalDate(year: date.year, month: date.month, day: 15)!
        } else {
            from = LocalDate(year: date.year, month: date.month, day: 16)!
            var last = from
            while last.adding(days: 1).month == date.month { last = last.adding(days: 1) }
            through = last
        }
    }

    /// The last period that has ended on or before `date` (the one a report on the 15th or the last day covers).
    public static func lastEnded(onOrBefore date: LocalDate) -> HalfMonth {
        let current = HalfMonth(containing: date)
        return current.through == date ? current : HalfMonth(containing: current.from.adding(days: -1))
    }

    public var previous: HalfMonth { HalfMonth(containing: from.adding(days: -1)) }
}
