/// What one class-day adds to the dashboards: the sums kept per class-day and per
/// school-day as homework and feedback change, so that a dashboard never rescans entries.
public struct ClassDayTally: Sendable, Equatable {
    /// Entries set on the day (any kind), still pending or published.
    public var filedItems = 0
    /// Written minutes counted toward the cap on the day (pending and published).
    public var writtenMinutes = 0
    public var publishedMinutes = 0
    /// 1 when the counted minutes exceed the cap.
    public var overCap = 0
    /// 1 when some written work counts and it is at most half the cap; `loadFull` up to the cap: the load distribution's bands.
    public var loadLight = 0
    public var loadFull = 0
    public var overrides = 0
    public var pending = 0
    public var feedbackCount = 0
    public var feedbackMinutes = 0
    /// Published minutes once per report, to set reported time against the estimate.
    public var feedbackEstimate = 0
    public var tooMuch = 0

    public init() {}

    public var isEmpty: Bool { self == ClassDayTally() }

    public enum Status: Sendable {
        case pending
        case published
        case inactive
    }

    public struct Entry: Sendable {
        public let item: HomeworkItem
        public let status: Status
        public let overridden: Bool

        public init(item: HomeworkItem, status: Status, overridden: Bool) {
            self.item = item
            self.status = status
            self.overridden = overridden
        }
    }

    public struct Report: Sendable {
        public let minutes: Int
        public let tooMuch: Bool

        public init(minutes: Int, tooMuch: Bool) {
            self.minutes = minutes
            self.tooMuch = tooMuch
        }
    }

    /// The tally of a class on a day from its entries touching the day and its parents' reports of that day.
    public static func of(_ date: LocalDate, entries: [Entry], reports: [Report], rules: LoadRules) -> ClassDayTally {
        var tally = ClassDayTally()
        let active = entries.filter { $0.status != .inactive }
        tally.writtenMinutes = rules.countedMinutes(of: active.map(\.item), on: date).values.reduce(0, +)
        tally.publishedMinutes = rules.countedMinutes(of: active.filter { $0.status == .published }.map(\.item), on: date).values.reduce(0, +)
        for entry in active {
            if entry.item.assignedOn == date {
                tally.filedItems += 1
                if entry.overridden { tally.overrides += 1 }
                if entry.status == .pending { tally.pending += 1 }
            }
        }
        let cap = rules.capMinutes
        tally.overCap = tally.writtenMinutes > cap ? 1 : 0
        if tally.writtenMinutes > 0 && tally.overCap == 0 {
            if tally.writtenMinutes * 2 <= cap { tally.loadLight = 1 } else { tally.loadFull = 1 }
        }
        tally.feedbackCount = reports.count
        tally.feedbackMinutes = reports.reduce(0) { $0 + $1.minutes }
        tally.tooMuch = reports.filter(\.tooMuch).count
        tally.feedbackEstimate = tally.publishedMinutes * reports.count
        return tally
    }

    /// The columns in a fixed order, for storage and for differences.
    public var columns: [Int] {
        [filedItems, writtenMinutes, publishedMinutes, overCap, loadLight, loadFull, overrides, pending, feedbackCount, feedbackMinutes, feedbackEstimate, tooMuch]
    }

    public static let columnNames = ["filed_items", "written_minutes", "published_minutes", "over_cap", "load_light", "load_full", "overrides", "pending",
                                     "feedback_count", "feedback_minutes", "feedback_estimate", "too_much"]

    public init(columns: [Int]) {
        precondition(columns.count == Self.columnNames.count)
        (filedItems, writtenMinutes, publishedMinutes, overCap, loadLight, loadFull) = (columns[0], columns[1], columns[2], columns[3], columns[4], columns[5])
        (overrides, pending, feedbackCount, feedbackMinutes, feedbackEstimate, tooMuch) = (columns[6], columns[7], columns[8], columns[9], columns[10], columns[11])
    }
}
