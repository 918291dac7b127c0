import Foundation

/// A time of the school day, "HH:MM", as minutes after midnight in the district's own zone.
public struct TimeOfDay: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let minutes: Int

    public init?(minutes: Int) {
        guard (0..<(24 * 60)).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// "16:30" or "7:05"; anything else is not a time.
    public init?(hhmm text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        minutes = h * 60 + m
    }

    public var hhmm: String {
        let m = minutes % 60
        return "\(minutes / 60 < 10 ? "0" : "")\(minutes / 60):\(m < 10 ? "0" : "")\(m)"
    }

    public var description: String { hhmm }

    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }
}

/// What a session of the plan is. Only the basic session (the "1") and the activities (the "X") are 课后服务 time
/// (AS-02, AS-09); delayed care (延时托管, AS-03) follows it for the pupils who need it, and the junior grades'
/// evening self-study (AS-04) is not 课后服务 at all.
public enum ServiceSessionKind: String, Codable, Sendable, CaseIterable {
    case basic
    case activity
    case delayedCare = "delayed_care"
    case eveningStudy = "evening_study"

    public var countsAsService: Bool { self == .basic || self == .activity }
}

/// One session of a grade's week: a weekday (1 Monday … 5 Friday), its times and its kind.
public struct ServiceSession: Equatable, Sendable {
    public let weekday: Int
    public let start: TimeOfDay
    public let end: TimeOfDay
    public let kind: ServiceSessionKind

    public init(weekday: Int, start: TimeOfDay, end: TimeOfDay, kind: ServiceSessionKind) {
        self.weekday = weekday
        self.start = start
        self.end = end
        self.kind = kind
    }

    public var minutes: Int { end.minutes - start.minutes }
}

/// A grade's week of after-school service, with the time its lessons end (放学), after which service begins.
public struct GradePlan: Equatable, Sendable {
    public let grade: Int
    public let lessonsEnd: TimeOfDay?
    public let sessions: [ServiceSession]

    public init(grade: Int, lessonsEnd: TimeOfDay?, sessions: [ServiceSession]) {
        self.grade = grade
        self.lessonsEnd = lessonsEnd
        self.sessions = sessions
    }
}

/// Whether the service is free, and if not, its fee and how families in hardship are waived (AS-10).
public struct ServiceFee: Equatable, Sendable {
    public let free: Bool
    /// Yuan a month, published with the plan (收费公示).
    public let yuanPerMonth: Int?
    public let waiver: String

    public init(free: Bool, yuanPerMonth: Int?, waiver: String) {
        self.free = free
        self.yuanPerMonth = yuanPerMonth
        self.waiver = waiver
    }

    public static let none = ServiceFee(free: true, yuanPerMonth: nil, waiver: "")
}

/// 一校一案: a school's after-school plan for a term.
public struct ServicePlan: Equatable, Sendable {
    public let grades: [GradePlan]
    public let fee: ServiceFee

    public init(grades: [GradePlan], fee: ServiceFee) {
        self.grades = grades
        self.fee = fee
    }

    /// The weekdays a grade has 课后服务 time on.
    public func serviceWeekdays(grade: Int) -> Set<Int> {
        Set(grades.first { $0.grade == grade }?.sessions.filter(\.kind.countsAsService).map(\.weekday) ?? [])
    }
}

/// A plan that cannot be read as a plan: refused with the field at fault, never stored.
public enum ServicePlanInvalid: Error, Equatable, Sendable {
    case gradeNotInSchool(Int)
    case duplicateGrade(Int)
    case badWeekday(grade: Int, weekday: Int)
    case endNotAfterStart(grade: Int, weekday: Int)
    case tooManySessions(grade: Int, max: Int)
    case feeOnFreeService
    case feeMissing
}

extension ServicePlan {
    /// Jianfu's own bound on a grade's sessions, against typing mistakes: five days of a few sessions each.
    public static let maxSessionsPerGrade = 30

    /// The plan's shape: grades the school has, weekdays 1–5, sessions that end after they start, a fee only where
    /// the service is not free.
    public func validate(schoolGrades: Set<Int>) throws(ServicePlanInvalid) {
        var seen: Set<Int> = []
        for grade in grades {
            guard schoolGrades.contains(grade.grade) else { throw .gradeNotInSchool(grade.grade) }
            guard seen.insert(grade.grade).inserted else { throw .duplicateGrade(grade.grade) }
            guard grade.sessions.count <= Self.maxSessionsPerGrade else { throw .tooManySessions(grade: grade.grade, max: Self.maxSessionsPerGrade) }
            for session in grade.sessions {
                guard (1...5).contains(session.weekday) else { throw .badWeekday(grade: grade.grade, weekday: session.weekday) }
                guard session.end > session.start else { throw .endNotAfterStart(grade: grade.grade, weekday: session.weekday) }
            }
        }
        if fee.free, fee.yuanPerMonth != nil { throw .feeOnFreeService }
        if !fee.free, (fee.yuanPerMonth ?? 0) <= 0 { throw .feeMissing }
    }
}
