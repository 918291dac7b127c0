import Foundation

/// One way a plan falls short of the profile, by grade and weekday where it has them. `figures` are what the
/// message quotes (times as "HH:MM", minutes as numbers), in the order of the message's placeholders.
public struct PlanProblem: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// AS-02: a grade of the school with no service planned at all.
        case gradeWithoutService
        /// AS-02: a weekday without 课后服务 time.
        case dayWithoutService
        /// AS-02: a day under the minimum (figures: minutes planned, minimum).
        case shortDay
        /// AS-01: the day's service ends before the district's off-work time (figures: end, off-work time).
        case endsBeforeOffWork
        /// AS-03: a day of service without delayed care.
        case noDelayedCare
        /// AS-09: service time before the day's lessons end (figures: start, lessons end).
        case duringSchoolDay
        /// AS-09: the grade's lessons-end time is not given, so what is after the lessons cannot be told.
        case lessonsEndMissing
        /// AS-04: evening self-study in a primary grade.
        case eveningStudyNotJunior
        /// LOC-06: evening self-study ending after the district's latest end (figures: end, latest).
        case eveningStudyTooLate
        /// AS-10: a fee without waivers for families in hardship.
        case feeWithoutWaiver
    }

    public let kind: Kind
    public let rule: String
    public let grade: Int?
    public let weekday: Int?
    public let figures: [String]

    public init(_ kind: Kind, rule: String, grade: Int? = nil, weekday: Int? = nil, figures: [String] = []) {
        self.kind = kind
        self.rule = rule
        self.grade = grade
        self.weekday = weekday
        self.figures = figures
    }
}

/// What the check could not judge, and why: not the school's shortfall, so it does not fail the plan.
public enum PlanNote: String, Equatable, Sendable {
    /// AS-01: the district has not set its off-work time.
    case offWorkTimeNotSet
}

public struct PlanCheckResult: Equatable, Sendable {
    public let problems: [PlanProblem]
    public let notes: [PlanNote]

    public var meets: Bool { problems.isEmpty }
}

/// Holds a school's plan to 5+2 and the rules around it (AS-01..04, AS-09, AS-10), as the profile sets them.
public struct PlanCheck: Sendable {
    public let rules: PolicyProfile.AfterSchool
    public let system: SchoolSystem
    /// The grades the school has: each must have service.
    public let schoolGrades: [Int]

    public init(rules: PolicyProfile.AfterSchool, system: SchoolSystem, schoolGrades: [Int]) {
        self.rules = rules
        self.system = system
        self.schoolGrades = schoolGrades.sorted()
    }

    public func check(_ plan: ServicePlan) -> PlanCheckResult {
        var problems: [PlanProblem] = []
        let offWork = rules.endNotBeforeOffWork.value.flatMap(TimeOfDay.init(minutes:))
        let latestStudy = rules.eveningStudyLatestEnd.value.flatMap(TimeOfDay.init(minutes:))
        let days = rules.daysPerWeek.value ?? 5
        let minMinutes = rules.minMinutesPerDay.value ?? 0
        for grade in schoolGrades {
            guard let gradePlan = plan.grades.first(where: { $0.grade == grade }),
                  gradePlan.sessions.contains(where: \.kind.countsAsService) else {
                problems.append(PlanProblem(.gradeWithoutService, rule: rules.daysPerWeek.rule, grade: grade))
                continue
            }
            if gradePlan.lessonsEnd == nil {
                problems.append(PlanProblem(.lessonsEndMissing, rule: rules.scope.rule, grade: grade))
            }
            let serviceDays = (1...5).filter { weekday in gradePlan.sessions.contains { $0.weekday == weekday && $0.kind.countsAsService } }
            if serviceDays.count < days {
                for weekday in 1...5 where !serviceDays.contains(weekday) {
                    problems.append(PlanProblem(.dayWithoutService, rule: rules.daysPerWeek.rule, grade: grade, weekday: weekday))
                }
            }
            for weekday in 1...5 {
                let ofDay = gradePlan.sessions.filter { $0.weekday == weekday }
                let service = ofDay.filter(\.kind.countsAsService)
                for study in ofDay where study.kind == .eveningStudy {
                    if system.stage(ofGrade: grade) != .junior {
                        problems.append(PlanProblem(.eveningStudyNotJunior, rule: rules.eveningStudy.rule, grade: grade, weekday: weekday))
                    } else if let latestStudy, study.end > latestStudy {
                        problems.append(PlanProblem(.eveningStudyTooLate, rule: rules.eveningStudyLatestEnd.rule, grade: grade, weekday: weekday,
                                                    figures: [study.end.hhmm, latestStudy.hhmm]))
                    }
                }
                guard !service.isEmpty else { continue }
                if let lessonsEnd = gradePlan.lessonsEnd, let early = service.filter({ $0.start < lessonsEnd }).min(by: { $0.start < $1.start }) {
                    problems.append(PlanProblem(.duringSchoolDay, rule: rules.scope.rule, grade: grade, weekday: weekday,
                                                figures: [early.start.hhmm, lessonsEnd.hhmm]))
                }
                // Only the time after the lessons is service; overlapping sessions count once.
                let minutes = Self.coveredMinutes(service, from: gradePlan.lessonsEnd)
                if minutes < minMinutes {
                    problems.append(PlanProblem(.shortDay, rule: rules.minMinutesPerDay.rule, grade: grade, weekday: weekday,
                                                figures: [String(minutes), String(minMinutes)]))
                }
                let end = service.map(\.end).max()!
                if let offWork, end < offWork {
                    problems.append(PlanProblem(.endsBeforeOffWork, rule: rules.endNotBeforeOffWork.rule, grade: grade, weekday: weekday,
                                                figures: [end.hhmm, offWork.hhmm]))
                }
                if !ofDay.contains(where: { $0.kind == .delayedCare }) {
                    problems.append(PlanProblem(.noDelayedCare, rule: rules.delayedCare.rule, grade: grade, weekday: weekday))
                }
            }
        }
        if !plan.fee.free, plan.fee.waiver.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(PlanProblem(.feeWithoutWaiver, rule: rules.fees.rule))
        }
        return PlanCheckResult(problems: problems, notes: offWork == nil ? [.offWorkTimeNotSet] : [])
    }

    /// The minutes the sessions cover after `from`, each minute once.
    public static func coveredMinutes(_ sessions: [ServiceSession], from: TimeOfDay?) -> Int {
        let floor = from?.minutes ?? 0
        let spans = sessions.map { (max($0.start.minutes, floor), $0.end.minutes) }.filter { $0.0 < $0.1 }.sorted { $0.0 < $1.0 }
        var total = 0
        var reached = Int.min
        for (start, end) in spans where end > reached {
            total += end - max(start, reached)
            reached = end
        }
        return total
    }
}
