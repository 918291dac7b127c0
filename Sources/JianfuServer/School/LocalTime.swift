import Foundation
import JianfuCore

/// Instants shown and filtered in the district's own time zone.
enum LocalTime {
    /// "2026-11-25 07:30" in the zone.
    static func minute(_ date: Date, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = zone
        return formatter.string(from: date)
    }

    /// The instant the local date begins in the zone.
    static func start(of date: LocalDate, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) ?? Date()
    }
}
