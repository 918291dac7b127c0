/// A district's own values over time: each entry holds from its day until the next one's. The cap that applied on a
/// day is the one in force that day, so tightening today leaves the days before it as they were judged.
public struct PolicyHistory: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// The first day the values hold; nil for the values before any recorded change.
        public let from: LocalDate?
        public let values: [String: Int]

        public init(from: LocalDate?, values: [String: Int]) {
            self.from = from
            self.values = values
        }
    }

    public private(set) var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The values in force on `date`; nil when no change was ever recorded (the current values hold throughout).
    public func values(on date: LocalDate) -> [String: Int]? {
        guard !entries.isEmpty else { return nil }
        return entries.last { ($0.from ?? date) <= date }?.values ?? entries[0].values
    }

    /// Records that `values` hold from `day` on, keeping what held before it: a second change the same day replaces the
    /// first, and a change dated before later ones (a back-dated clock) drops them.
    public mutating func record(_ values: [String: Int], from day: LocalDate, before current: [String: Int]) {
        if entries.isEmpty { entries = [Entry(from: nil, values: current)] }
        entries.removeAll { ($0.from.map { $0 >= day }) ?? false }
        entries.append(Entry(from: day, values: values))
    }
}
