import Foundation
import JianfuCore
import NIOConcurrencyHelpers

/// The instant "now" as the app sees it: the system time, unless the process pinned where its clock
/// starts (the tests pin the demo's day, so that "a test is filed before it is held" does not depend
/// on the date they run). One clock for the whole process, because work inside a database
/// transaction runs on tasks that inherit nothing from the request.
enum WallClock {
    /// Seconds to add to the system time; fixed by the first pin.
    private static let offset = NIOLockedValueBox<TimeInterval?>(nil)

    /// Starts the clock at `instant`, running at the real pace from here on, so records made one after
    /// another stay in order. Only the first pin of a process counts.
    static func pin(startingAt instant: Date) {
        offset.withLockedValue { value in
            if value == nil { value = instant.timeIntervalSinceNow }
        }
    }

    static func now() -> Date {
        Date().addingTimeInterval(offset.withLockedValue { $0 } ?? 0)
    }

    /// The local date in the district's zone.
    static func today(in zone: TimeZone) -> LocalDate { LocalDate.today(in: zone, now: now()) }
}
