/// Parents' reports of the time a day's homework took, averaged the one way every page, answer and figure uses.
public enum ReportedTime {
    /// The mean of `reports` reports totalling `totalMinutes`; nil when nobody reported.
    public static func average(totalMinutes: Int, reports: Int) -> Double? {
        reports > 0 ? Double(totalMinutes) / Double(reports) : nil
    }
}
