/// Off-campus training courses checked as data (校外培训): the classification by the national subject list (OT-18) and
/// each course's schedule, lesson length, price and packages against the profile's rules (OT-07, OT-08, OT-09, OT-13,
/// OT-16, OT-19). Each violation names its rule.

public enum TrainingKind: String, Codable, Sendable, CaseIterable {
    /// 学科类: the subjects of the national list, or their content under any name.
    case subject
    /// 非学科类: PE, arts, 综合实践活动.
    case nonSubject = "non_subject"
}

public enum TrainingMode: String, Codable, Sendable, CaseIterable {
    case online
    case offline
}

/// OT-18's lists as the profile holds them: each subject with the other names its content goes by.
public struct TrainingSubjects: Codable, Sendable, Equatable {
    public struct Subject: Codable, Sendable, Equatable {
        public let name: String
        /// Names a course may carry while teaching this subject's content (奥数 is 数学).
        public let aliases: [String]

        public init(name: String, aliases: [String] = []) {
            self.name = name
            self.aliases = aliases
        }
    }

    public let subject: [Subject]
    public let nonSubject: [Subject]
    public let rule: String
    public let source: String
    public let wording: String

    public init(subject: [Subject], nonSubject: [Subject], rule: String, source: String, wording: String) {
        self.subject = subject
        self.nonSubject = nonSubject
        self.rule = rule
        self.source = source
        self.wording = wording
    }

    public struct Classification: Sendable, Equatable {
        public let kind: TrainingKind
        /// The subject-type subject whose content the course's name shows, when its declared subject is not one.
        public let contentOf: String?

        public init(kind: TrainingKind, contentOf: String?) {
            self.kind = kind
            self.contentOf = contentOf
        }
    }

    /// The course's kind: by its declared subject, which must be on one of the lists, and subject-type whatever its
    /// declared subject when its name shows a subject-type subject's content. Nil for a subject on neither list.
    public func classify(subject declared: String, courseName: String) -> Classification? {
        let name = declared.trimmingCharacters(in: .whitespaces)
        if subject.contains(where: { $0.name == name || $0.aliases.contains(name) }) { return Classification(kind: .subject, contentOf: nil) }
        guard nonSubject.contains(where: { $0.name == name || $0.aliases.contains(name) }) else { return nil }
        let shown = subject.first { entry in ([entry.name] + entry.aliases).contains { courseName.contains($0) } }
        return Classification(kind: shown == nil ? .nonSubject : .subject, contentOf: shown?.name)
    }

    /// Every name a course's subject may be given, in the lists' order.
    public var names: [String] { (subject + nonSubject).map(\.name) }
}

/// A course as the register holds it.
public struct TrainingCourse: Sendable, Equatable {
    public struct Session: Sendable, Equatable {
        /// ISO weekday: 1 is Monday, 7 is Sunday.
        public let weekday: Int
        public let start: TimeOfDay
        public let end: TimeOfDay

        public init(weekday: Int, start: TimeOfDay, end: TimeOfDay) {
            self.weekday = weekday
            self.start = start
            self.end = end
        }
    }

    /// A way the course is charged for (a term's package, a card of lessons).
    public struct Package: Sendable, Equatable {
        public let months: Int
        public let lessons: Int
        /// In fen (分), as prices are kept.
        public let amountFen: Int

        public init(months: Int, lessons: Int, amountFen: Int) {
            self.months = months
            self.lessons = lessons
            self.amountFen = amountFen
        }
    }

    public let kind: TrainingKind
    public let mode: TrainingMode
    public let lessonMinutes: Int
    public let classSize: Int
    /// Per lesson, in fen.
    public let pricePerLessonFen: Int
    public let startsOn: LocalDate
    public let endsOn: LocalDate
    public let sessions: [Session]
    public let packages: [Package]

    public init(kind: TrainingKind, mode: TrainingMode, lessonMinutes: Int, classSize: Int, pricePerLessonFen: Int, startsOn: LocalDate,
                endsOn: LocalDate, sessions: [Session], packages: [Package]) {
        self.kind = kind
        self.mode = mode
        self.lessonMinutes = lessonMinutes
        self.classSize = classSize
        self.pricePerLessonFen = pricePerLessonFen
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.sessions = sessions
        self.packages = packages
    }
}

/// The class-size tiers of the guided price (OT-13: <10, 10–35, >35), as the largest class of each tier but the last.
public struct ClassSizeTiers: Codable, Sendable, Equatable {
    public let upperBounds: [Int]
    public let rule: String
    public let source: String
    public let wording: String

    public init(upperBounds: [Int], rule: String, source: String, wording: String) {
        self.upperBounds = upperBounds
        self.rule = rule
        self.source = source
        self.wording = wording
    }

    /// The tier of a class size, from 1.
    public func tier(ofClassSize size: Int) -> Int {
        (upperBounds.firstIndex { size <= $0 } ?? upperBounds.count) + 1
    }

    public var count: Int { upperBounds.count + 1 }

    /// A tier's class sizes as people write them: "1–9", "10–35", "36 及以上".
    public func range(ofTier tier: Int) -> (low: Int, high: Int?) {
        let low = tier == 1 ? 1 : upperBounds[tier - 2] + 1
        return (low, tier <= upperBounds.count ? upperBounds[tier - 1] : nil)
    }
}

/// The district's guided price (政府指导价) of a standard lesson for a mode and class-size tier, in fen.
public struct GuidedPrice: Sendable, Equatable, Hashable {
    public let mode: TrainingMode
    public let tier: Int
    public let baseFen: Int

    public init(mode: TrainingMode, tier: Int, baseFen: Int) {
        self.mode = mode
        self.tier = tier
        self.baseFen = baseFen
    }
}

/// What a course breaks, by rule id; `code` is the message's key and `args` its values.
public struct TrainingViolation: Sendable, Equatable, Hashable {
    public let rule: String
    public let code: String
    public let args: [String]

    public init(rule: String, code: String, args: [String] = []) {
        self.rule = rule
        self.code = code
        self.args = args
    }
}

/// The numbers the checks use, taken from the profile (each a `RuledValue` there with its rule and source).
public struct TrainingLimits: Sendable, Equatable {
    public let onlineLessonMaxMinutes: RuledValue
    public let onlineBreakMinMinutes: RuledValue
    public let onlineLatestEnd: RuledValue
    public let offlineLatestEnd: RuledValue
    public let priceFloatUpPercent: RuledValue
    public let standardLessonOnline: RuledValue
    public let standardLessonOffline: RuledValue
    public let classSizeTiers: ClassSizeTiers
    public let packageMaxMonths: RuledValue
    public let packageMaxLessons: RuledValue
    public let nonSubjectPackageMaxYuan: RuledValue
    public let restDays: PolicyProfile.RuleCitation

    public init(_ training: PolicyProfile.Training) {
        onlineLessonMaxMinutes = training.onlineLessonMaxMinutes
        onlineBreakMinMinutes = training.onlineBreakMinMinutes
        onlineLatestEnd = training.onlineLatestEnd
        offlineLatestEnd = training.offlineLatestEnd
        priceFloatUpPercent = training.priceFloatUpPercent
        standardLessonOnline = training.standardLessonOnline
        standardLessonOffline = training.standardLessonOffline
        classSizeTiers = training.classSizeTiers
        packageMaxMonths = training.packageMaxMonths
        packageMaxLessons = training.packageMaxLessons
        nonSubjectPackageMaxYuan = training.nonSubjectPackageMaxYuan
        restDays = training.restDays
    }
}

public enum CourseCheck {
    /// Why a course cannot be checked at all: its price has no guided price to be held to.
    public enum Problem: Error, Equatable, Sendable {
        /// A subject course's mode and class-size tier the district has not priced.
        case unpricedTier(mode: TrainingMode, tier: Int)
    }

    /// Every rule the course breaks, in the order of the rules. `calendars` are the district's terms: within the span
    /// they cover, a day that is not a teaching day is a rest day, a holiday or a vacation (OT-07).
    public static func violations(_ course: TrainingCourse, limits: TrainingLimits, calendars: [SchoolCalendar], guidedPrices: [GuidedPrice])
        throws(Problem) -> [TrainingViolation] {
        var found: [TrainingViolation] = []
        if course.kind == .subject { found += restDayViolations(course, rule: limits.restDays.rule, calendars: calendars) }
        found += scheduleViolations(course, limits: limits)
        if course.kind == .subject { found += try priceViolations(course, limits: limits, guidedPrices: guidedPrices) }
        found += packageViolations(course, limits: limits)
        return found
    }

    /// OT-07: subject training takes no weekend, holiday or vacation day.
    static func restDayViolations(_ course: TrainingCourse, rule: String, calendars: [SchoolCalendar]) -> [TrainingViolation] {
        var found: [TrainingViolation] = []
        let weekend = Set(course.sessions.map(\.weekday).filter { $0 >= 6 }).sorted()
        if !weekend.isEmpty { found.append(TrainingViolation(rule: rule, code: "training.v.weekend", args: weekend.map(String.init))) }
        guard let first = calendars.map(\.startsOn).min(), let last = calendars.map(\.endsOn).max() else { return found }
        let weekdays = Set(course.sessions.map(\.weekday).filter { $0 < 6 })
        let from = max(course.startsOn, first), through = min(course.endsOn, last)
        guard from <= through, !weekdays.isEmpty else { return found }
        let offDays = (from.dayNumber...through.dayNumber).map(LocalDate.init(dayNumber:)).filter { day in
            weekdays.contains(day.weekday) && !calendars.contains { $0.isTeachingDay(day) }
        }
        if let firstOff = offDays.first {
            found.append(TrainingViolation(rule: rule, code: "training.v.offDays", args: [String(offDays.count), firstOff.iso]))
        }
        return found
    }

    /// OT-08, OT-09, OT-19: an online lesson's length, the break between lessons of a day, and the latest end.
    static func scheduleViolations(_ course: TrainingCourse, limits: TrainingLimits) -> [TrainingViolation] {
        var found: [TrainingViolation] = []
        // A session longer than the declared lesson is a longer lesson.
        let longest = max(course.lessonMinutes, course.sessions.map { $0.end.minutes - $0.start.minutes }.max() ?? 0)
        if course.mode == .online, let cap = limits.onlineLessonMaxMinutes.value, longest > cap {
            found.append(TrainingViolation(rule: limits.onlineLessonMaxMinutes.rule, code: "training.v.lessonLength", args: [String(longest), String(cap)]))
        }
        if course.mode == .online, let gap = limits.onlineBreakMinMinutes.value {
            for (day, sessions) in Dictionary(grouping: course.sessions, by: \.weekday).sorted(by: { $0.key < $1.key }) {
                let ordered = sessions.sorted { $0.start < $1.start }
                if let short = zip(ordered, ordered.dropFirst()).first(where: { $1.start.minutes - $0.end.minutes < gap }) {
                    found.append(TrainingViolation(rule: limits.onlineBreakMinMinutes.rule, code: "training.v.break",
                                                   args: [String(day), short.0.end.description, short.1.start.description, String(gap)]))
                }
            }
        }
        let latest = course.mode == .online ? limits.onlineLatestEnd : limits.offlineLatestEnd
        if let end = latest.value, let late = course.sessions.filter({ $0.end.minutes > end }).sorted(by: { $0.end > $1.end }).first,
           let limit = TimeOfDay(minutes: end) {
            found.append(TrainingViolation(rule: latest.rule, code: "training.v.lateEnd", args: [String(late.weekday), late.end.description, limit.description]))
        }
        return found
    }

    /// OT-13: a subject course's price per lesson is at most the guided price of its mode and class-size tier, pro-rated
    /// from the standard lesson to its length, plus the allowed rise; lower is always allowed.
    static func priceViolations(_ course: TrainingCourse, limits: TrainingLimits, guidedPrices: [GuidedPrice]) throws(Problem) -> [TrainingViolation] {
        let tier = limits.classSizeTiers.tier(ofClassSize: course.classSize)
        guard let guided = guidedPrices.first(where: { $0.mode == course.mode && $0.tier == tier }) else {
            throw .unpricedTier(mode: course.mode, tier: tier)
        }
        let standard = (course.mode == .online ? limits.standardLessonOnline : limits.standardLessonOffline).required
        let rise = limits.priceFloatUpPercent.required
        // price / (base × length / standard) ≤ 1 + rise/100, in integers.
        guard course.pricePerLessonFen * standard * 100 > guided.baseFen * course.lessonMinutes * (100 + rise) else { return [] }
        let ceiling = (guided.baseFen * course.lessonMinutes * (100 + rise)) / (standard * 100)
        return [TrainingViolation(rule: limits.priceFloatUpPercent.rule, code: "training.v.price",
                                  args: [Money.yuan(course.pricePerLessonFen), Money.yuan(ceiling), String(tier), String(rise)])]
    }

    /// OT-16, OT-19: no package longer than the months or lessons allowed, nor a non-subject package over the amount.
    static func packageViolations(_ course: TrainingCourse, limits: TrainingLimits) -> [TrainingViolation] {
        var found: Set<TrainingViolation> = []
        for package in course.packages {
            if let months = limits.packageMaxMonths.value, package.months > months {
                found.insert(TrainingViolation(rule: limits.packageMaxMonths.rule, code: "training.v.packageMonths", args: [String(package.months), String(months)]))
            }
            if let lessons = limits.packageMaxLessons.value, package.lessons > lessons {
                found.insert(TrainingViolation(rule: limits.packageMaxLessons.rule, code: "training.v.packageLessons",
                                               args: [String(package.lessons), String(lessons)]))
            }
            if course.kind == .nonSubject, let yuan = limits.nonSubjectPackageMaxYuan.value, package.amountFen > yuan * 100 {
                found.insert(TrainingViolation(rule: limits.nonSubjectPackageMaxYuan.rule, code: "training.v.packageAmount",
                                               args: [Money.yuan(package.amountFen), String(yuan)]))
            }
        }
        return found.sorted { ($0.code, $0.args.joined()) < ($1.code, $1.args.joined()) }
    }
}

/// Amounts kept in fen, shown in yuan.
public enum Money {
    /// "120" for 12000 fen, "99.5" for 9950.
    public static func yuan(_ fen: Int) -> String {
        let whole = fen / 100, cents = fen % 100
        if cents == 0 { return String(whole) }
        return cents % 10 == 0 ? "\(whole).\(cents / 10)" : "\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Fen from "120", "99.5" or "99.50"; nil for anything else or a negative amount.
    public static func fen(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, !parts[0].isEmpty else { return nil }
        guard parts.count == 2 else { return whole * 100 }
        guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isNumber), let cents = Int(parts[1]) else { return nil }
        return whole * 100 + (parts[1].count == 1 ? cents * 10 : cents)
    }
}
