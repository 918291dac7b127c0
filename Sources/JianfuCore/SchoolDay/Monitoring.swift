extension PolicyProfile {
    /// What the term's five-managements questionnaire measures against (SL-01, SL-03, PE-03, PH-01/02), by stage.
    /// The reading rules (S6, RD-01..05) set no reading time: its minutes are reported, not held to a target.
    public struct Monitoring: Codable, Sendable, Equatable {
        /// SL-01: the least sleep a night, in minutes.
        public var sleepMinutes: StageValues
        /// SL-03: the latest bedtime, a time of day ("一般": a guideline).
        public var bedtime: StageValues
        /// PE-03: physical activity a day, in school and out of it.
        public var activityInSchoolMinutes: RuledValue
        public var activityOutOfSchoolMinutes: RuledValue
        /// PH-01/PH-02: no phone on campus but by the school's consent, kept by the school.
        public let phone: RuleCitation
        /// RD-01: what counts as extracurricular reading; S6 sets no reading time.
        public let reading: RuleCitation
    }
}

/// The questions of the five-managements monitoring, by their stable ids.
public enum MonitoringQuestion: String, CaseIterable, Sendable {
    case sleep
    case bedtime
    case activityInSchool
    case activityOutOfSchool
    case reading
    case phone
}

/// The five-managements monitoring (五项管理): the questionnaire a family answers for each pupil, and the share of
/// answers within each target. The questionnaire is the survey engine's; this is what its answers mean.
public enum FiveManagementsMonitoring {
    /// What one stage's answers are held to.
    public struct Targets: Equatable, Sendable {
        public let sleepMinutes: Int
        public let bedtime: TimeOfDay
        public let activityInSchoolMinutes: Int
        public let activityOutOfSchoolMinutes: Int

        public init(sleepMinutes: Int, bedtime: TimeOfDay, activityInSchoolMinutes: Int, activityOutOfSchoolMinutes: Int) {
            self.sleepMinutes = sleepMinutes
            self.bedtime = bedtime
            self.activityInSchoolMinutes = activityInSchoolMinutes
            self.activityOutOfSchoolMinutes = activityOutOfSchoolMinutes
        }
    }

    public static func targets(_ monitoring: PolicyProfile.Monitoring, stage: Stage) -> Targets {
        Targets(sleepMinutes: monitoring.sleepMinutes[stage].required, bedtime: TimeOfDay(minutes: monitoring.bedtime[stage].required)!,
                activityInSchoolMinutes: monitoring.activityInSchoolMinutes.required,
                activityOutOfSchoolMinutes: monitoring.activityOutOfSchoolMinutes.required)
    }

    /// The most minutes a day an activity answer may give, and hours of sleep: beyond them is a typing slip.
    static let maxActivityMinutes = 720.0
    static let maxSleepHours = 24.0
    /// The bedtime answers' bands: by the target, within half an hour after it, later. The half hour is Jianfu's
    /// banding (a family remembers "about half past nine"), not a rule.
    static let bedtimeBandMinutes = 30

    /// The questionnaire for one stage's pupils. `text(key, args)` gives its wording in the district's language, from
    /// the keys "q.<id>", "unit.hours", "unit.minutes", "bedtime.byTarget", "bedtime.soonAfter", "bedtime.later",
    /// "phone.none", "phone.approved", "phone.unapproved".
    public static func questions(_ targets: Targets, text: (String, [String]) -> String) -> [SurveyQuestion] {
        let target = targets.bedtime.description
        let bandEnd = TimeOfDay(minutes: (targets.bedtime.minutes + bedtimeBandMinutes) % (24 * 60))!.description
        func number(_ q: MonitoringQuestion, max: Double, unit: String) -> SurveyQuestion {
            SurveyQuestion(id: q.rawValue, kind: .number, text: text("q." + q.rawValue, []), minimum: 0, maximum: max, unit: text(unit, []))
        }
        return [
            number(.sleep, max: maxSleepHours, unit: "unit.hours"),
            SurveyQuestion(id: MonitoringQuestion.bedtime.rawValue, kind: .single, text: text("q.bedtime", []),
                           options: [text("bedtime.byTarget", [target]), text("bedtime.soonAfter", [target, bandEnd]), text("bedtime.later", [bandEnd])]),
            number(.activityInSchool, max: maxActivityMinutes, unit: "unit.minutes"),
            number(.activityOutOfSchool, max: maxActivityMinutes, unit: "unit.minutes"),
            number(.reading, max: maxActivityMinutes, unit: "unit.minutes"),
            SurveyQuestion(id: MonitoringQuestion.phone.rawValue, kind: .single, text: text("q.phone", []),
                           options: [text("phone.none", []), text("phone.approved", []), text("phone.unapproved", [])]),
        ]
    }

    /// Of the answers to one question, how many are within its target.
    public struct Share: Equatable, Sendable {
        public let answered: Int
        public let within: Int

        public init(answered: Int, within: Int) {
            self.answered = answered
            self.within = within
        }

        /// In whole percent; nil before anyone answered.
        public var percent: Int? { answered > 0 ? (within * 100 + answered / 2) / answered : nil }

        public static func + (a: Share, b: Share) -> Share { Share(answered: a.answered + b.answered, within: a.within + b.within) }
    }

    /// One questionnaire's (or several's) figures.
    public struct Figures: Equatable, Sendable {
        public var responses: Int
        public var sleep: Share
        public var bedtime: Share
        public var activityInSchool: Share
        public var activityOutOfSchool: Share
        public var phone: Share
        public var readingMinutesTotal: Double
        public var readingAnswers: Int

        public static let none = Figures(responses: 0, sleep: .init(answered: 0, within: 0), bedtime: .init(answered: 0, within: 0),
                                         activityInSchool: .init(answered: 0, within: 0), activityOutOfSchool: .init(answered: 0, within: 0),
                                         phone: .init(answered: 0, within: 0), readingMinutesTotal: 0, readingAnswers: 0)

        /// The mean reading time a day, in whole minutes; nil before anyone answered.
        public var readingMeanMinutes: Int? { readingAnswers > 0 ? Int((readingMinutesTotal / Double(readingAnswers)).rounded()) : nil }

        public static func + (a: Figures, b: Figures) -> Figures {
            Figures(responses: a.responses + b.responses, sleep: a.sleep + b.sleep, bedtime: a.bedtime + b.bedtime,
                    activityInSchool: a.activityInSchool + b.activityInSchool, activityOutOfSchool: a.activityOutOfSchool + b.activityOutOfSchool,
                    phone: a.phone + b.phone, readingMinutesTotal: a.readingMinutesTotal + b.readingMinutesTotal,
                    readingAnswers: a.readingAnswers + b.readingAnswers)
        }
    }

    /// The figures of a questionnaire's responses. A choice is read by its place among the question's options (the
    /// questionnaire as it was put, so a later change of the profile does not move answers given under the old one);
    /// the numbers against `targets`.
    public static func tally(_ responses: [[String: SurveyAnswer]], questions: [SurveyQuestion], targets: Targets) -> Figures {
        func options(_ q: MonitoringQuestion) -> [String] { questions.first { $0.id == q.rawValue }?.options ?? [] }
        let bedtimeWithin = Set(options(.bedtime).prefix(1))
        let phoneWithin = Set(options(.phone).prefix(2))
        var figures = Figures.none
        figures.responses = responses.count
        func number(_ answer: SurveyAnswer?) -> Double? { if case .number(let n) = answer { n } else { nil } }
        func choice(_ answer: SurveyAnswer?) -> String? {
            switch answer {
            case .choice(let list): list.first
            case .text(let t): t
            default: nil
            }
        }
        func share(_ value: Bool?) -> Share { value.map { Share(answered: 1, within: $0 ? 1 : 0) } ?? Share(answered: 0, within: 0) }
        for answers in responses {
            figures.sleep = figures.sleep + share(number(answers[MonitoringQuestion.sleep.rawValue]).map { $0 * 60 >= Double(targets.sleepMinutes) })
            figures.bedtime = figures.bedtime + share(choice(answers[MonitoringQuestion.bedtime.rawValue]).map(bedtimeWithin.contains))
            figures.activityInSchool = figures.activityInSchool
                + share(number(answers[MonitoringQuestion.activityInSchool.rawValue]).map { $0 >= Double(targets.activityInSchoolMinutes) })
            figures.activityOutOfSchool = figures.activityOutOfSchool
                + share(number(answers[MonitoringQuestion.activityOutOfSchool.rawValue]).map { $0 >= Double(targets.activityOutOfSchoolMinutes) })
            figures.phone = figures.phone + share(choice(answers[MonitoringQuestion.phone.rawValue]).map(phoneWithin.contains))
            if let minutes = number(answers[MonitoringQuestion.reading.rawValue]) {
                figures.readingMinutesTotal += minutes
                figures.readingAnswers += 1
            }
        }
        return figures
    }
}
