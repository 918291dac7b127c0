import Foundation

/// 综合素质评价's five dimensions (EV-01; seed 002 §(五)3: 思想品德、学业水平、身心健康、艺术素养、社会实践).
public enum QualityDimension: String, Codable, Sendable, CaseIterable {
    case moral
    case academic
    case health
    case arts
    case practice
}

/// Where a pupil's term evaluation stands (seed 002: 学生自评、小组互评、班级总评、学校审核). `approved` waits for the class's
/// public display; `sealed` is final: the record only takes annotations.
public enum EvaluationStage: String, Codable, Sendable, CaseIterable {
    case selfReview = "self"
    case group
    case classReview = "class"
    case school
    case approved
    case sealed
}

/// A school's chain: the pupil's own evaluation opens it and the school's review closes it; the school chooses whether
/// a group's peer evaluation and the class's overall evaluation come between.
public struct EvaluationChain: Sendable, Equatable {
    public let steps: [EvaluationStage]

    public init(group: Bool, classReview: Bool) {
        steps = [.selfReview] + (group ? [.group] : []) + (classReview ? [.classReview] : []) + [.school]
    }

    /// The stage after `stage` is passed: a reviewing step's pass leads on, the school's to `approved`.
    public func stage(after stage: EvaluationStage) -> EvaluationStage? {
        guard let index = steps.firstIndex(of: stage) else { return nil }
        return index + 1 < steps.count ? steps[index + 1] : .approved
    }
}

/// The class's public display (公示) of its pupils' term evaluations: a number of working days the district sets (EV-03:
/// provinces set 5 or 10; no national number), during which a guardian of the class may object; the records are sealed
/// once the display has ended and every objection is answered.
public enum EvaluationDisplay {
    /// A working day (工作日): a weekday or a make-up day, and not a public holiday. Unlike teaching days it does not end
    /// with the term: a display begun in the last week runs on into the break.
    public static func isWorkingDay(_ date: LocalDate, calendar: SchoolCalendar) -> Bool {
        !calendar.holidays.contains(date) && (calendar.makeUpWorkdays.contains(date) || !date.isWeekend)
    }

    /// The display's last day: the `workingDays`-th working day counted from `start` (itself counted when a working day).
    public static func lastDay(start: LocalDate, workingDays: Int, calendar: SchoolCalendar) -> LocalDate {
        var day = start, counted = 0
        while true {
            if isWorkingDay(day, calendar: calendar) {
                counted += 1
                if counted >= workingDays { return day }
            }
            day = day.adding(days: 1)
        }
    }

    public enum Phase: Sendable, Equatable {
        case notStarted
        case open(until: LocalDate)
        case ended(on: LocalDate)
        case sealed
    }

    public static func phase(start: LocalDate?, lastDay: LocalDate?, sealed: Bool, today: LocalDate) -> Phase {
        if sealed { return .sealed }
        guard let start, let lastDay, start <= today else { return .notStarted }
        return today <= lastDay ? .open(until: lastDay) : .ended(on: lastDay)
    }

    public enum StartProblem: Sendable, Equatable {
        /// The district has not set the display's length.
        case noLength
        /// Pupils whose evaluation the school has not yet approved.
        case notApproved(Int)
        case alreadyStarted
    }

    /// Why a class's display cannot start yet: every pupil's evaluation must be approved by the school first.
    public static func startProblems(pupils: Int, approved: Int, alreadyStarted: Bool, workingDays: Int?) -> [StartProblem] {
        var problems: [StartProblem] = []
        if alreadyStarted { problems.append(.alreadyStarted) }
        if workingDays == nil { problems.append(.noLength) }
        if approved < pupils { problems.append(.notApproved(pupils - approved)) }
        return problems
    }

    public enum SealProblem: Sendable, Equatable {
        case notStarted
        case stillOpen(until: LocalDate)
        case openObjections(Int)
        case alreadySealed
    }

    /// Why a class's records cannot be sealed yet: the display must have ended and every objection been answered.
    public static func sealProblems(phase: Phase, openObjections: Int) -> [SealProblem] {
        var problems: [SealProblem] = []
        switch phase {
        case .notStarted: problems.append(.notStarted)
        case .open(let until): problems.append(.stillOpen(until: until))
        case .ended: break
        case .sealed: problems.append(.alreadySealed)
        }
        if openObjections > 0 { problems.append(.openObjections(openObjections)) }
        return problems
    }
}

/// Monthly summaries (月小结): one per calendar month the term has reached.
public enum EvaluationMonths {
    /// The months (`yyyy-MM`) from the term's start through `today` (or the term's end when it is over).
    public static func due(termStart: LocalDate, termEnd: LocalDate, today: LocalDate) -> [String] {
        let last = min(today, termEnd)
        guard termStart <= last else { return [] }
        var months: [String] = []
        var (year, month) = (termStart.year, termStart.month)
        while (year, month) <= (last.year, last.month) {
            months.append(key(year: year, month: month))
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return months
    }

    public static func key(year: Int, month: Int) -> String {
        String(year) + "-" + (month < 10 ? "0" : "") + String(month)
    }

    public static func key(of date: LocalDate) -> String { key(year: date.year, month: date.month) }
}
