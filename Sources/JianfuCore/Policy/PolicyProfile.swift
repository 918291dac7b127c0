/// A value from a policy rule, with the rule's id and source so that every number
/// Jianfu enforces can be traced back to the document that sets it.
public struct RuledValue: Codable, Sendable, Equatable {
    /// Minutes or a count, depending on the rule; nil where the rule sets no number.
    public var value: Int?
    public let rule: String
    public let source: String
    public let wording: String
    /// A guideline (指导性) is not refused: what breaks it is accepted with a visible warning.
    public let guideline: Bool

    /// The number of a value the profile must give: `PolicyProfile.validate` refuses a profile without it, so a loaded
    /// profile always has it.
    public var required: Int {
        guard let value else { preconditionFailure("rule \(rule) has no number; validate() lets no such profile load") }
        return value
    }

    public init(value: Int?, rule: String, source: String, wording: String, guideline: Bool = false) {
        self.value = value
        self.rule = rule
        self.source = source
        self.wording = wording
        self.guideline = guideline
    }

    enum CodingKeys: String, CodingKey {
        case minutes, count, weeks, months, percent, time, yuan, rule, source, wording, guideline
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.minutes) {
            value = try c.decodeIfPresent(Int.self, forKey: .minutes)
        } else if c.contains(.count) {
            value = try c.decodeIfPresent(Int.self, forKey: .count)
        } else if c.contains(.weeks) {
            value = try c.decodeIfPresent(Int.self, forKey: .weeks)
        } else if c.contains(.months) {
            value = try c.decodeIfPresent(Int.self, forKey: .months)
        } else if c.contains(.percent) {
            value = try c.decodeIfPresent(Int.self, forKey: .percent)
        } else if c.contains(.yuan) {
            value = try c.decodeIfPresent(Int.self, forKey: .yuan)
        } else if c.contains(.time) {
            // A time of day, "17:30", kept as minutes after midnight.
            value = try c.decodeIfPresent(String.self, forKey: .time).map { text in
                guard let time = TimeOfDay(hhmm: text) else {
                    throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "a time of day HH:MM, not \(text)")
                }
                return time.minutes
            }
        } else {
            throw DecodingError.keyNotFound(CodingKeys.minutes, .init(codingPath: c.codingPath, debugDescription: "minutes, count, weeks or time"))
        }
        rule = try c.decode(String.self, forKey: .rule)
        source = try c.decode(String.self, forKey: .source)
        wording = try c.decode(String.self, forKey: .wording)
        guideline = try c.decodeIfPresent(Bool.self, forKey: .guideline) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .minutes)
        try c.encode(rule, forKey: .rule)
        try c.encode(source, forKey: .source)
        try c.encode(wording, forKey: .wording)
        if guideline { try c.encode(guideline, forKey: .guideline) }
    }
}

public struct LocalizedTitle: Codable, Sendable, Equatable {
    public let zh: String
    public let en: String
}

/// The rules of one region, loaded from `Resources/Policy/<id>.yaml`.
public struct PolicyProfile: Codable, Sendable, Equatable {
    public var id: String
    public var version: String
    public var title: LocalizedTitle
    public var homework: Homework
    public var tests: Tests
    public var afterSchool: AfterSchool
    public var supervision: Supervision
    public var growth: Growth
    public var training: Training
    public var schoolDay: SchoolDay
    public var balance: Balance

    public struct Homework: Codable, Sendable, Equatable {
        public var writtenCap: WrittenCap
        public var weekendAndHoliday: RuledValue
        /// Whether `weekendAndHoliday` is minutes per day of a break or one total for the whole break.
        public var weekendAndHolidayBasis: BreakBasis
        public var maxItemMinutes: RuledValue
        public let nonWrittenKinds: [String]
        /// What counts toward the written cap, as a rule with its source (strict: see `Counting`).
        public let counting: Counting
        public let repetitionLookbackTeachingDays: Int
        /// What homework text may not ask for (HW-06, HW-07, HW-14, HW-09).
        public var contentRules: [ContentRule]
        /// Work that repeats recent work (HW-09): refused or flagged, as the profile says.
        public let repetition: Repetition
        public var feedbackOverrun: FeedbackOverrun
        public var feedback: Feedback
    }

    public enum BreakBasis: String, Codable, Sendable {
        case perDay
        case perBreak
    }

    /// What counts toward the written cap. Strict, and no profile may loosen it: written work counts whether basic or
    /// optional (弹性), and layered work (分层) counts its longest tier, since a pupil may be given any tier.
    public struct Counting: Codable, Sendable, Equatable {
        /// The only value: a profile that says otherwise does not load.
        public enum OptionalWork: String, Codable, Sendable { case counts }
        public enum LayeredWork: String, Codable, Sendable { case longestTier }
        public let optionalWork: OptionalWork
        public let layeredWork: LayeredWork
        public let rule: String
        public let source: String
        public let wording: String
    }

    /// HW-09's repetition check: the same text for the same class and subject within the last teaching days.
    public struct Repetition: Codable, Sendable, Equatable {
        public let rule: String
        public let source: String
        public let wording: String
        public let strength: ContentRule.Strength
    }

    /// How parents report the time homework took: Jianfu's own bounds (JF-…), which a region's profile may set.
    public struct Feedback: Codable, Sendable, Equatable {
        /// How many days back (today included) a guardian may report.
        public var reportWindowDays: RuledValue
        /// The most minutes one report may give; more is taken for a typing mistake.
        public var maxReportedMinutes: RuledValue
    }

    public struct WrittenCap: Codable, Sendable, Equatable {
        public var primaryLower: RuledValue
        public var primaryUpper: RuledValue
        public var junior: RuledValue

        public subscript(band: GradeBand) -> RuledValue {
            switch band {
            case .primaryLower: primaryLower
            case .primaryUpper: primaryUpper
            case .junior: junior
            }
        }
    }

    public struct FeedbackOverrun: Codable, Sendable, Equatable {
        public var marginPercent: Int
        public var days: Int
        public let rule: String
        public let source: String
        public let wording: String

        /// Parents' average reported time is over the teachers' estimate by more than the margin (HW-15).
        public func exceeds(reported: Double, estimate: Double) -> Bool {
            reported > estimate * (1 + Double(marginPercent) / 100)
        }
    }

    public struct Tests: Codable, Sendable, Equatable {
        public var paperTestsPrimaryLower: RuledValue
        public var finalsPerTerm: RuledValue
        public var midtermsPerTermJunior: RuledValue
        public var midtermsPerTermPrimary: RuledValue
        public var otherPaperTestsPerTerm: RuledValue
        public var mocksGraduatingYear: RuledValue
        /// How close to the end of the second term a mock belongs (EX-06's 复习阶段).
        public var mockWindowWeeks: RuledValue
        /// The non-paper end-of-term evaluation (EX-01's alternative in grades 1–2, allowed in every grade): one a term.
        public var nonPaperEvaluationsPerTerm: RuledValue
        /// Regional or cross-school tests outside the graduating grade (EX-05).
        public var regionalTests: RuledValue
        /// Papers bought from an organisation or a person (EX-13).
        public var purchasedPapers: RuledValue
        /// Titles that disguise a weekly, monthly or unit test (EX-04): such a test counts as one, whatever its kind.
        public var disguisedTests: ContentRule
        public var gradingLevels: RuledValue
        public let levelScheme: LevelScheme
        public let specification: SpecificationRule
    }

    public struct AfterSchool: Codable, Sendable, Equatable {
        public var daysPerWeek: RuledValue
        public var minMinutesPerDay: RuledValue
        /// AS-01: service ends no earlier than the local off-work time, a time of day each district sets (none
        /// nationally: until the district sets it, the plan check says it cannot tell).
        public var endNotBeforeOffWork: RuledValue
        /// AS-04 with LOC-06: the latest end of the junior grades' evening self-study, a local number (none nationally).
        public var eveningStudyLatestEnd: RuledValue
        /// AS-08: the stipend a district pays its after-school staff per hour and per session, in yuan (none nationally).
        public var stipendPerHour: RuledValue
        public var stipendPerSession: RuledValue
        /// AS-03: delayed care (延时托管) for the pupils who need it, on every day of service.
        public let delayedCare: RuleCitation
        /// AS-09: 课后服务 is the time after the day's lessons; early arrival, lunch and evening self-study are not it.
        public let scope: RuleCitation
        /// AS-04: evening self-study is for the junior grades.
        public let eveningStudy: RuleCitation
        /// AS-10: a fee only with waivers for families in hardship, published.
        public let fees: RuleCitation
        /// AS-06: what a program may not be (讲新课, 刷题, 集体补课): refused, quoting the rule.
        public var contentRules: [ContentRule]
    }

    /// Teaching routines a region holds its schools to: lessons observed (听课) and critiqued (评课) a term by each post,
    /// the researchers' guided sessions, subject groups' research time a week and school-wide research sessions a term.
    /// No national numbers: a region sets them (seed 002's 质量提升年 table is one), and without them progress is shown
    /// without a quota.
    public struct Supervision: Codable, Sendable, Equatable {
        public var heard: PostQuotas
        public var critiqued: PostQuotas
        public var researcherGuided: RuledValue
        public var researchMinutesPerWeek: RuledValue
        public var schoolWideResearchPerTerm: RuledValue
    }

    /// 全员导师制 and home visits (seeds 004 §三(五), 000 §(六)): how many pupils a tutor may hold and how many pupils each
    /// teacher visits at home a week. No national numbers (EV-06's 1:15 is Shanghai's): a region or district sets them,
    /// and without them coverage is shown without a limit or a quota.
    public struct Growth: Codable, Sendable, Equatable {
        public var pupilsPerTutor: RuledValue
        public var homeVisitsPerTeacherWeek: RuledValue
        /// EV-03: how many working days a class's 综合素质评价 is on public display (公示) before it is sealed.
        public var displayWorkingDays: RuledValue
        /// EV-07: the tutor's three tasks for each pupil (一次家访、一次交心谈话、一次书面反馈).
        public let tutorTasks: RuleCitation
        /// EV-06 and seed 004: every pupil of the plan's grades has a tutor (junior: all grades; primary: the grades the
        /// school chooses).
        public let tutorCoverage: RuleCitation
        /// EV-01: the evaluation's five dimensions (思想品德、学业水平、身心健康、艺术素养、社会实践).
        public let evaluationDimensions: RuleCitation
    }

    /// Off-campus training (校外培训, POLICY-RULES §8): the checks of a course's schedule, price and packages.
    public struct Training: Codable, Sendable, Equatable {
        /// OT-08: an online lesson's longest length, the shortest break between lessons, and the latest end.
        public var onlineLessonMaxMinutes: RuledValue
        public var onlineBreakMinMinutes: RuledValue
        public var onlineLatestEnd: RuledValue
        /// OT-09 (and OT-19 for non-subject training): offline training's latest end.
        public var offlineLatestEnd: RuledValue
        /// OT-13: how far above the guided price a subject course may charge, the standard lessons the guided price is
        /// for, and the class-size tiers it is set per.
        public var priceFloatUpPercent: RuledValue
        public var standardLessonOnline: RuledValue
        public var standardLessonOffline: RuledValue
        public let classSizeTiers: ClassSizeTiers
        /// OT-16 and OT-19: the longest package, in months and in lessons, and a non-subject package's largest amount.
        public var packageMaxMonths: RuledValue
        public var packageMaxLessons: RuledValue
        public var nonSubjectPackageMaxYuan: RuledValue
        /// OT-01: the date from which no subject institution is newly approved.
        public let subjectApprovalsEnded: DatedRule
        /// OT-07: subject training takes no rest day, holiday or vacation.
        public let restDays: RuleCitation
        /// OT-15: every prepaid fee under bank custody or a risk deposit.
        public let feeCustody: RuleCitation
        /// OT-06: a non-subject institution teaches no subject content.
        public let noSubjectContent: RuleCitation
        /// OT-18: the subject-type and non-subject lists.
        public let subjects: TrainingSubjects
    }

    /// A rule that takes effect on a date.
    public struct DatedRule: Codable, Sendable, Equatable {
        public let date: LocalDate
        public let rule: String
        public let source: String
        public let wording: String
    }

    public struct PostQuotas: Codable, Sendable, Equatable {
        public var principal: RuledValue
        public var vicePrincipal: RuledValue
        public var middleManager: RuledValue
        public var researcher: RuledValue

        public subscript(post: StaffPost) -> RuledValue {
            switch post {
            case .principal: principal
            case .vicePrincipal: vicePrincipal
            case .middleManager: middleManager
            case .researcher: researcher
            }
        }
    }

    /// A rule that sets no number but a requirement, with its id, source and wording.
    public struct RuleCitation: Codable, Sendable, Equatable {
        public let rule: String
        public let source: String
        public let wording: String

        public init(rule: String, source: String, wording: String) {
            self.rule = rule
            self.source = source
            self.wording = wording
        }
    }

    /// The values that are times of day ("17:30"), kept as minutes after midnight.
    public static let timeOfDayKeys: Set<String> = ["afterSchool.endNotBeforeOffWork", "afterSchool.eveningStudyLatestEnd", "training.onlineLatestEnd",
                                                    "training.offlineLatestEnd", "schoolDay.firstPeriodPrimary", "schoolDay.firstPeriodJunior",
                                                    "schoolDay.monitoring.bedtime.primary", "schoolDay.monitoring.bedtime.junior"]

    /// The daily written-homework cap of a grade under a school system, in minutes.
    public func writtenCapMinutes(grade: Int, system: SchoolSystem) -> Int {
        homework.writtenCap[system.band(ofGrade: grade)].value ?? 0
    }
}
