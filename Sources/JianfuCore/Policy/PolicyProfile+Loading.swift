import Foundation
import Yams

public struct PolicyProfileError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let key: String
    public let problem: String

    public init(file: String, key: String, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    public var description: String {
        "policy profile \(file): \(key.isEmpty ? "(top level)" : key): \(problem)"
    }
}

extension PolicyProfile {
    /// Decodes and validates a profile; the error names the file and the key at fault.
    public static func load(yaml text: String, file: String) throws(PolicyProfileError) -> PolicyProfile {
        let profile = try decodeYAML(PolicyProfile.self, from: text, file: file)
        try profile.validate(file: file)
        return profile
    }

    public static func load(contentsOf url: URL) throws(PolicyProfileError) -> PolicyProfile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw PolicyProfileError(file: url.path, key: "", problem: "cannot be read: \(error.localizedDescription)")
        }
        return try load(yaml: text, file: url.path)
    }

    /// Every value a rule needs must be present and sensible; a profile that
    /// would let the server enforce nonsense stops it at boot instead.
    public func validate(file: String) throws(PolicyProfileError) {
        func fail(_ key: String, _ problem: String) -> PolicyProfileError {
            PolicyProfileError(file: file, key: key, problem: problem)
        }
        for (key, value) in ruledValues {
            guard !value.rule.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(key + ".rule", "a rule id is required") }
            guard !value.source.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(key + ".source", "a source is required") }
            if let v = value.value, v < 0 { throw fail(key, "must not be negative (got \(v))") }
            if value.value == nil, !PolicyProfile.optionalKeys.contains(key) { throw fail(key, "a number is required") }
        }
        for (key, value) in [("homework.maxItemMinutes", homework.maxItemMinutes),
                             ("homework.feedback.reportWindowDays", homework.feedback.reportWindowDays),
                             ("homework.feedback.maxReportedMinutes", homework.feedback.maxReportedMinutes)] {
            if let v = value.value, v < 1 { throw fail(key, "must be at least 1") }
        }
        let kinds = Set(HomeworkKind.allCases.map(\.rawValue))
        for kind in homework.nonWrittenKinds where !kinds.contains(kind) {
            throw fail("homework.nonWrittenKinds", "unknown kind \(kind)")
        }
        if homework.nonWrittenKinds.contains(HomeworkKind.written.rawValue) {
            throw fail("homework.nonWrittenKinds", "written homework always counts toward the cap")
        }
        guard homework.feedbackOverrun.days >= 1, homework.feedbackOverrun.marginPercent >= 0 else {
            throw fail("homework.feedbackOverrun", "days must be at least 1 and marginPercent not negative")
        }
        for (key, rule) in homework.contentRules.enumerated().map({ ("homework.contentRules[\($0.offset)]", $0.element) })
            + afterSchool.contentRules.enumerated().map({ ("afterSchool.contentRules[\($0.offset)]", $0.element) })
            + [("tests.disguisedTests", tests.disguisedTests)] {
            guard !rule.rule.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(key + ".rule", "a rule id is required") }
            guard !rule.source.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(key + ".source", "a source is required") }
            guard !rule.phrases.isEmpty else { throw fail(key + ".phrases", "at least one phrase is required") }
            if rule.phrases.contains(where: { $0.replacingOccurrences(of: "…", with: "").trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw fail(key + ".phrases", "a phrase is empty")
            }
        }
        guard homework.repetitionLookbackTeachingDays >= 0 else {
            throw fail("homework.repetitionLookbackTeachingDays", "must not be negative")
        }
        for key in PolicyProfile.timeOfDayKeys {
            if let v = ruledValues.first(where: { $0.key == key })?.value.value, TimeOfDay(minutes: v) == nil {
                throw fail(key, "must be a time of day")
            }
        }
        if let problem = tests.levelScheme.problem(maximumLevels: tests.gradingLevels.value ?? 0) {
            throw fail("tests.levelScheme", problem)
        }
        for (key, value) in [("training.standardLessonOnline", training.standardLessonOnline), ("training.standardLessonOffline", training.standardLessonOffline)] {
            if let v = value.value, v < 1 { throw fail(key, "must be at least 1") }
        }
        let bounds = training.classSizeTiers.upperBounds
        guard !bounds.isEmpty, bounds.first! >= 1, zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw fail("training.classSizeTiers", "needs rising class sizes from 1")
        }
        guard !training.subjects.subject.isEmpty, !training.subjects.nonSubject.isEmpty else {
            throw fail("training.subjects", "needs both the subject-type and the non-subject lists")
        }
        for (key, value) in [("schoolDay.periodMinutes.primary", schoolDay.periodMinutes.primary), ("schoolDay.periodMinutes.junior", schoolDay.periodMinutes.junior),
                             ("schoolDay.teachingWeeks", schoolDay.teachingWeeks), ("schoolDay.graduatingTeachingWeeks", schoolDay.graduatingTeachingWeeks)] {
            if let v = value.value, v < 1 { throw fail(key, "must be at least 1") }
        }
        for group in schoolDay.shares.groups where group.courses.isEmpty || group.minPercent > group.maxPercent || group.maxPercent > 100 {
            throw fail("schoolDay.shares", "group \(group.name) needs courses and a range within 0–100")
        }
        guard balance.indicators.count == 7, Set(balance.indicators.map(\.figure)).isSubset(of: ResourceFigures.keys),
              balance.indicators.allSatisfy({ $0.primary > 0 && $0.junior > 0 }) else {
            throw fail("balance.indicators", "needs the standard's seven indicators, each of a known figure with its thresholds")
        }
        guard balance.pass.indicatorsMet <= balance.indicators.count, (1...100).contains(balance.pass.othersAtLeastPercent),
              balance.variation.primary > 0, balance.variation.junior > 0, balance.largeClasses.large < balance.largeClasses.huge else {
            throw fail("balance", "the pass rule, the variation limits or the class sizes are out of range")
        }
        guard !tests.specification.cognitiveLevels.isEmpty, tests.specification.fromGrade >= 1, tests.specification.fromGrade <= 9 else {
            throw fail("tests.specification", "needs cognitive levels and a first grade between 1 and 9")
        }
    }

    /// Keys whose rule may set no number (HW-04: nationally only "control the total").
    /// AS-01 and LOC-06: the off-work time and the evening self-study's end are local.
    /// AS-08: so are the stipend rates.
    /// The teaching-routine quotas are regional too, and so are the tutor's pupils and the weekly home visits (EV-06).
    static let optionalKeys: Set<String> = Set(["homework.weekendAndHoliday", "afterSchool.endNotBeforeOffWork", "afterSchool.eveningStudyLatestEnd",
                                                "afterSchool.stipendPerHour", "afterSchool.stipendPerSession"] + supervisionKeys + growthKeys)

    static let growthKeys = ["growth.pupilsPerTutor", "growth.homeVisitsPerTeacherWeek", "growth.displayWorkingDays"]

    static let supervisionKeys = StaffPost.allCases.flatMap { ["supervision.heard.\($0.rawValue)", "supervision.critiqued.\($0.rawValue)"] }
        + ["supervision.researcherGuided", "supervision.researchMinutesPerWeek", "supervision.schoolWideResearchPerTerm"]

    /// Every ruled value with its key path, in a fixed order.
    public var ruledValues: [(key: String, value: RuledValue)] {
        [
            ("homework.writtenCap.primaryLower", homework.writtenCap.primaryLower),
            ("homework.writtenCap.primaryUpper", homework.writtenCap.primaryUpper),
            ("homework.writtenCap.junior", homework.writtenCap.junior),
            ("homework.weekendAndHoliday", homework.weekendAndHoliday),
            ("homework.maxItemMinutes", homework.maxItemMinutes),
            ("homework.feedback.reportWindowDays", homework.feedback.reportWindowDays),
            ("homework.feedback.maxReportedMinutes", homework.feedback.maxReportedMinutes),
            ("tests.paperTestsPrimaryLower", tests.paperTestsPrimaryLower),
            ("tests.finalsPerTerm", tests.finalsPerTerm),
            ("tests.midtermsPerTermJunior", tests.midtermsPerTermJunior),
            ("tests.midtermsPerTermPrimary", tests.midtermsPerTermPrimary),
            ("tests.otherPaperTestsPerTerm", tests.otherPaperTestsPerTerm),
            ("tests.mocksGraduatingYear", tests.mocksGraduatingYear),
            ("tests.mockWindowWeeks", tests.mockWindowWeeks),
            ("tests.nonPaperEvaluationsPerTerm", tests.nonPaperEvaluationsPerTerm),
            ("tests.regionalTests", tests.regionalTests),
            ("tests.purchasedPapers", tests.purchasedPapers),
            ("tests.gradingLevels", tests.gradingLevels),
            ("afterSchool.daysPerWeek", afterSchool.daysPerWeek),
            ("afterSchool.minMinutesPerDay", afterSchool.minMinutesPerDay),
            ("afterSchool.endNotBeforeOffWork", afterSchool.endNotBeforeOffWork),
            ("afterSchool.eveningStudyLatestEnd", afterSchool.eveningStudyLatestEnd),
            ("afterSchool.stipendPerHour", afterSchool.stipendPerHour),
            ("afterSchool.stipendPerSession", afterSchool.stipendPerSession),
        ] + StaffPost.allCases.flatMap { post in
            [("supervision.heard.\(post.rawValue)", supervision.heard[post]), ("supervision.critiqued.\(post.rawValue)", supervision.critiqued[post])]
        } + [
            ("supervision.researcherGuided", supervision.researcherGuided),
            ("supervision.researchMinutesPerWeek", supervision.researchMinutesPerWeek),
            ("supervision.schoolWideResearchPerTerm", supervision.schoolWideResearchPerTerm),
            ("growth.pupilsPerTutor", growth.pupilsPerTutor),
            ("growth.homeVisitsPerTeacherWeek", growth.homeVisitsPerTeacherWeek),
            ("growth.displayWorkingDays", growth.displayWorkingDays),
            ("training.onlineLessonMaxMinutes", training.onlineLessonMaxMinutes),
            ("training.onlineBreakMinMinutes", training.onlineBreakMinMinutes),
            ("training.onlineLatestEnd", training.onlineLatestEnd),
            ("training.offlineLatestEnd", training.offlineLatestEnd),
            ("training.priceFloatUpPercent", training.priceFloatUpPercent),
            ("training.standardLessonOnline", training.standardLessonOnline),
            ("training.standardLessonOffline", training.standardLessonOffline),
            ("training.packageMaxMonths", training.packageMaxMonths),
            ("training.packageMaxLessons", training.packageMaxLessons),
            ("training.nonSubjectPackageMaxYuan", training.nonSubjectPackageMaxYuan),
        ] + schoolDayValues
    }

    private var schoolDayValues: [(key: String, value: RuledValue)] {
        let bands: [(key: String, value: RuledValue)] = GradeBand.allCases.flatMap { band -> [(key: String, value: RuledValue)] in
            [("schoolDay.weeklyPeriods.\(band.rawValue)", schoolDay.weeklyPeriods[band]), ("schoolDay.pePeriods.\(band.rawValue)", schoolDay.pePeriods[band])]
        }
        return bands + [
            ("schoolDay.periodMinutes.primary", schoolDay.periodMinutes.primary),
            ("schoolDay.periodMinutes.junior", schoolDay.periodMinutes.junior),
            ("schoolDay.labourPeriods", schoolDay.labourPeriods),
            ("schoolDay.practicePeriods", schoolDay.practicePeriods),
            ("schoolDay.longBreakMinutes", schoolDay.longBreakMinutes),
            ("schoolDay.firstPeriodPrimary", schoolDay.firstPeriodPrimary),
            ("schoolDay.firstPeriodJunior", schoolDay.firstPeriodJunior),
            ("schoolDay.teachingWeeks", schoolDay.teachingWeeks),
            ("schoolDay.graduatingTeachingWeeks", schoolDay.graduatingTeachingWeeks),
            ("schoolDay.monitoring.sleepMinutes.primary", schoolDay.monitoring.sleepMinutes.primary),
            ("schoolDay.monitoring.sleepMinutes.junior", schoolDay.monitoring.sleepMinutes.junior),
            ("schoolDay.monitoring.bedtime.primary", schoolDay.monitoring.bedtime.primary),
            ("schoolDay.monitoring.bedtime.junior", schoolDay.monitoring.bedtime.junior),
            ("schoolDay.monitoring.activityInSchoolMinutes", schoolDay.monitoring.activityInSchoolMinutes),
            ("schoolDay.monitoring.activityOutOfSchoolMinutes", schoolDay.monitoring.activityOutOfSchoolMinutes),
        ]
    }
}

/// Decodes a policy file; the error names the file and the key at fault.
func decodeYAML<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(PolicyProfileError) -> T {
    do {
        return try YAMLDecoder().decode(type, from: text)
    } catch let error as DecodingError {
        throw PolicyProfileError(file: file, key: error.keyPath, problem: error.problem)
    } catch {
        throw PolicyProfileError(file: file, key: "", problem: "not valid YAML: \(error)")
    }
}

extension DecodingError {
    var keyPath: String {
        let path: [CodingKey]
        switch self {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        return path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    var problem: String {
        switch self {
        case .keyNotFound: "missing"
        case .typeMismatch(let type, _): "expected \(type)"
        case .valueNotFound(let type, _): "expected \(type), found nothing"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "invalid"
        }
    }
}
