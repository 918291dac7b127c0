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

    /// Written work counts; other kinds are recorded and shown to parents but not counted (HW-10).
    /// Optional work counts only if the profile says so; layered work counts its basic layer.
    public func counts(_ item: HomeworkItem) -> Bool {
        guard !profile.homework.nonWrittenKinds.contains(item.kind.rawValue) else { return false }
        if item.optional && !profile.homework.countOptional { return false }
        if let tier = item.tier, tier != profile.homework.countedTier { return false }
        return true
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

    public func load(of items: [HomeworkItem], on date: LocalDate) -> DailyLoad {
        var bySubject: [UUID: Int] = [:]
        for item in items {
            let m = minutes(of: item, on: date)
            if m > 0 { bySubject[item.subjectId, default: 0] += m }
        }
        let total = bySubject.values.reduce(0, +)
        return DailyLoad(date: date, capMinutes: capMinutes, countedMinutes: total,
                         bySubject: bySubject.map { SubjectMinutes(subjectId: $0.key, minutes: $0.value) }.sorted { $0.minutes > $1.minutes })
    }

    /// Minutes of written work that spans a weekend or holiday starting after `date`.
    public func breakMinutes(of items: [HomeworkItem], before breakStart: LocalDate) -> Int {
        items.filter { counts($0) && $0.assignedOn < breakStart && $0.dueOn > breakStart }.reduce(0) { $0 + $1.minutes }
    }
}
