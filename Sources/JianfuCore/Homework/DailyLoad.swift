import Foundation

/// A class's written-homework load on one day, summed over all subjects.
public struct DailyLoad: Sendable, Equatable {
    public let date: LocalDate
    public let capMinutes: Int
    public let countedMinutes: Int
    /// Counted minutes per subject, for telling a teacher who uses how much.
    public let bySubject: [SubjectMinutes]

    public var remainingMinutes: Int { max(0, capMinutes - countedMinutes) }
    public var isOverCap: Bool { countedMinutes > capMinutes }
}

public struct SubjectMinutes: Sendable, Equatable {
    public let subjectId: UUID
    public let minutes: Int
}

/// The rules of counting: what counts toward the written cap, on which days, and against which cap.
public struct LoadRules: Sendable {
    public let profile: PolicyProfile
    public let calendar: SchoolCalendar
    public let band: GradeBand

    public init(profile: PolicyProfile, calendar: SchoolCalendar, band: GradeBand) {
        self.profile = profile
        self.calendar = calendar
        self.band = band
    }

    /// Written work counts, optional (弹性) or not; other kinds are recorded and shown to parents but not counted
    /// (HW-10). Layered (分层) work counts its longest tier on each day (`countedMinutes`): a pupil may be given any.
    public func counts(_ item: HomeworkItem) -> Bool {
        !profile.homework.nonWrittenKinds.contains(item.kind.rawValue)
    }

    /// The days a multi-day item is worked on: teaching days from the day it is set up to the day
    /// before it is due. Work set before a break and due after it falls on its day of assignment.
    public func workingDays(of item: HomeworkItem) -> [LocalDate] {
        let last = item.dueOn > item.assignedOn ? item.dueOn.adding(days: -1) : item.assignedOn
        let days = calendar.teachingDays(from: item.assignedOn, through: last)
        return days.isEmpty ? [item.assignedOn] : days
    }

    /// Minutes of the item that fall on `date`, spread evenly over its working days
    /// (the remainder goes to the first days, so the parts add up to the whole).
    public func minutes(of item: HomeworkItem, on date: LocalDate) -> Int {
        guard counts(item) else { return 0 }
        let days = workingDays(of: item)
        guard let index = days.firstIndex(of: date) else { return 0 }
        let share = item.minutes / days.count
        return share + (index < item.minutes % days.count ? 1 : 0)
    }

    /// The cap of a day: the band's daily cap (HW-01..03). Nationally there is no number for
    /// weekends and holidays (HW-04); where a district sets one, work spanning a break is held to it.
    public var capMinutes: Int {
        profile.homework.writtenCap[band].value ?? 0
    }

    /// Counted minutes of each subject on `date` (the profile's counting rule): every written item, and of layered
    /// work the tier with the most minutes, since a pupil may be given any tier.
    public func countedMinutes(of items: [HomeworkItem], on date: LocalDate) -> [UUID: Int] {
        var plain: [UUID: Int] = [:]
        var tiers: [UUID: [String: Int]] = [:]
        for item in items {
            let m = minutes(of: item, on: date)
            guard m > 0 else { continue }
            if let tier = item.tier {
                tiers[item.subjectId, default: [:]][tier, default: 0] += m
            } else {
                plain[item.subjectId, default: 0] += m
            }
        }
        for (subject, byTier) in tiers {
            plain[subject, default: 0] += byTier.values.max() ?? 0
        }
        return plain
    }

    public func load(of items: [HomeworkItem], on date: LocalDate) -> DailyLoad {
        let bySubject = countedMinutes(of: items, on: date)
        let total = bySubject.values.reduce(0, +)
        return DailyLoad(date: date, capMinutes: capMinutes, countedMinutes: total,
                         bySubject: bySubject.map { SubjectMinutes(subjectId: $0.key, minutes: $0.value) }.sorted { $0.minutes > $1.minutes })
    }

    /// Minutes of written work that spans a weekend or holiday starting after `date`.
    public func breakMinutes(of items: [HomeworkItem], before breakStart: LocalDate) -> Int {
        items.filter { counts($0) && $0.assignedOn < breakStart && $0.dueOn > breakStart }.reduce(0) { $0 + $1.minutes }
    }
}
