/// A district's own values on top of a profile. A district may only tighten:
/// a lower cap or limit, a higher minimum of service.
public struct PolicyAdjustment: Sendable, Equatable {
    public enum Problem: Error, Equatable, Sendable {
        case unknownKey(String)
        case loosening(key: String, rule: String, profileValue: Int, requested: Int)
        case negative(key: String)
        case notATime(key: String)
    }

    /// The keys a district may set, and whether a larger number is tighter.
    public static let adjustable: [String: Direction] = [
        "homework.writtenCap.primaryUpper": .atMost,
        "homework.writtenCap.junior": .atMost,
        "homework.weekendAndHoliday": .atMost,
        "homework.maxItemMinutes": .atMost,
        "tests.midtermsPerTermJunior": .atMost,
        "tests.mocksGraduatingYear": .atMost,
        "tests.mockWindowWeeks": .atMost,
        "afterSchool.minMinutesPerDay": .atLeast,
        "afterSchool.endNotBeforeOffWork": .atLeast,
        "afterSchool.eveningStudyLatestEnd": .atMost,
        "afterSchool.stipendPerHour": .local,
        "afterSchool.stipendPerSession": .local,
        "growth.pupilsPerTutor": .atMost,
        "growth.homeVisitsPerTeacherWeek": .atLeast,
        "growth.displayWorkingDays": .atLeast,
        "training.onlineLessonMaxMinutes": .atMost,
        "training.onlineBreakMinMinutes": .atLeast,
        "training.onlineLatestEnd": .atMost,
        "training.offlineLatestEnd": .atMost,
        "training.priceFloatUpPercent": .atMost,
        "training.packageMaxMonths": .atMost,
        "training.packageMaxLessons": .atMost,
        "training.nonSubjectPackageMaxYuan": .atMost,
    ].merging(PolicyProfile.supervisionKeys.map { ($0, Direction.atLeast) }) { first, _ in first }

    public enum Direction: Sendable {
        case atMost
        case atLeast
        /// A number only the district sets (a stipend rate): neither tighter nor looser.
        case local
    }

    public let values: [String: Int]

    public init(values: [String: Int]) {
        self.values = values
    }

    /// The profile with the district's values, or the first value that is not allowed.
    public func applied(to profile: PolicyProfile) throws(Problem) -> PolicyProfile {
        var result = profile
        for key in values.keys.sorted() {
            let requested = values[key]!
            guard let direction = Self.adjustable[key] else { throw .unknownKey(key) }
            guard requested >= 0 else { throw .negative(key: key) }
            if PolicyProfile.timeOfDayKeys.contains(key), TimeOfDay(minutes: requested) == nil { throw .notATime(key: key) }
            let current = profile.ruledValues.first { $0.key == key }!.value
            if let base = current.value {
                let looser = direction == .atMost ? requested > base : direction == .atLeast && requested < base
                if looser { throw .loosening(key: key, rule: current.rule, profileValue: base, requested: requested) }
            }
            result.set(key, to: requested)
        }
        return result
    }
}

extension PolicyProfile {
    mutating func set(_ key: String, to value: Int) {
        var ruled = ruledValues.first { $0.key == key }!.value
        ruled.value = value
        replace(key, with: ruled)
    }

    /// Puts a value, with its own rule, source and wording, in place of the profile's: the adjustable keys only.
    mutating func replace(_ key: String, with value: RuledValue) {
        switch key {
        case "homework.writtenCap.primaryUpper": homework.writtenCap.primaryUpper = value
        case "homework.writtenCap.junior": homework.writtenCap.junior = value
        case "homework.weekendAndHoliday": homework.weekendAndHoliday = value
        case "homework.maxItemMinutes": homework.maxItemMinutes = value
        case "tests.midtermsPerTermJunior": tests.midtermsPerTermJunior = value
        case "tests.mocksGraduatingYear": tests.mocksGraduatingYear = value
        case "tests.mockWindowWeeks": tests.mockWindowWeeks = value
        case "afterSchool.minMinutesPerDay": afterSchool.minMinutesPerDay = value
        case "afterSchool.endNotBeforeOffWork": afterSchool.endNotBeforeOffWork = value
        case "afterSchool.eveningStudyLatestEnd": afterSchool.eveningStudyLatestEnd = value
        case "afterSchool.stipendPerHour": afterSchool.stipendPerHour = value
        case "afterSchool.stipendPerSession": afterSchool.stipendPerSession = value
        case "supervision.heard.principal": supervision.heard.principal = value
        case "supervision.heard.vicePrincipal": supervision.heard.vicePrincipal = value
        case "supervision.heard.middleManager": supervision.heard.middleManager = value
        case "supervision.heard.researcher": supervision.heard.researcher = value
        case "supervision.critiqued.principal": supervision.critiqued.principal = value
        case "supervision.critiqued.vicePrincipal": supervision.critiqued.vicePrincipal = value
        case "supervision.critiqued.middleManager": supervision.critiqued.middleManager = value
        case "supervision.critiqued.researcher": supervision.critiqued.researcher = value
        case "supervision.researcherGuided": supervision.researcherGuided = value
        case "supervision.researchMinutesPerWeek": supervision.researchMinutesPerWeek = value
        case "supervision.schoolWideResearchPerTerm": supervision.schoolWideResearchPerTerm = value
        case "growth.pupilsPerTutor": growth.pupilsPerTutor = value
        case "growth.homeVisitsPerTeacherWeek": growth.homeVisitsPerTeacherWeek = value
        case "growth.displayWorkingDays": growth.displayWorkingDays = value
        case "training.onlineLessonMaxMinutes": training.onlineLessonMaxMinutes = value
        case "training.onlineBreakMinMinutes": training.onlineBreakMinMinutes = value
        case "training.onlineLatestEnd": training.onlineLatestEnd = value
        case "training.offlineLatestEnd": training.offlineLatestEnd = value
        case "training.priceFloatUpPercent": training.priceFloatUpPercent = value
        case "training.packageMaxMonths": training.packageMaxMonths = value
        case "training.packageMaxLessons": training.packageMaxLessons = value
        case "training.nonSubjectPackageMaxYuan": training.nonSubjectPackageMaxYuan = value
        default: preconditionFailure("not an adjustable key: \(key)")
        }
    }
}
