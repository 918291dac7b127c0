extension PolicyProfile {
    /// The school day (POLICY-RULES §3, §6, §9): the curriculum plan a class's weekly timetable is held to.
    public struct SchoolDay: Codable, Sendable, Equatable {
        /// CP-03: lessons a week, by band.
        public var weeklyPeriods: BandValues
        /// CP-04: a lesson's standard length, by stage; 长短课 are allowed while the week's time holds.
        public var periodMinutes: StageValues
        /// PE-01 / CP-09: PE and health lessons a week, by band.
        public var pePeriods: BandValues
        /// CP-06 (and PE-08): labour and 综合实践活动 lessons a week.
        public var labourPeriods: RuledValue
        public var practicePeriods: RuledValue
        /// PE-04: the daily 大课间's length.
        public var longBreakMinutes: RuledValue
        /// SL-02: the earliest start of the first period, by stage (a guideline: "一般").
        public var firstPeriodPrimary: RuledValue
        public var firstPeriodJunior: RuledValue
        /// CP-02: weeks of new teaching a year, and in the graduating year.
        public var teachingWeeks: RuledValue
        public var graduatingTeachingWeeks: RuledValue
        public let peCourses: [String]
        public let labourCourses: [String]
        public let practiceCourses: [String]
        public let longBreakActivities: [String]
        /// Courses of the plan that are not subjects of homework and tests (综合实践活动, 地方课程, 校本课程).
        public let planCourses: [String]
        /// CP-08: the grades some courses are taught in.
        public let courseGrades: CourseGrades
        /// CP-05 (table 9a): each subject group's share of the nine years' lessons.
        public let shares: Shares
        /// The five managements' monitored targets.
        public var monitoring: Monitoring
        /// A school's recommended reading list.
        public let reading: Reading

        public func firstPeriod(_ stage: Stage) -> RuledValue {
            stage == .primary ? firstPeriodPrimary : firstPeriodJunior
        }
    }

    public struct BandValues: Codable, Sendable, Equatable {
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

    public struct StageValues: Codable, Sendable, Equatable {
        public var primary: RuledValue
        public var junior: RuledValue

        public subscript(stage: Stage) -> RuledValue {
            stage == .primary ? primary : junior
        }
    }

    public struct CourseGrades: Codable, Sendable, Equatable {
        public struct Entry: Codable, Sendable, Equatable {
            public let names: [String]
            public let fromGrade: Int?
            public let toGrade: Int?
            /// Taught only in this stage, whatever grades the school system gives it.
            public let stage: Stage?

            public init(names: [String], fromGrade: Int? = nil, toGrade: Int? = nil, stage: Stage? = nil) {
                self.names = names
                self.fromGrade = fromGrade
                self.toGrade = toGrade
                self.stage = stage
            }

            public func allows(grade: Int, system: SchoolSystem) -> Bool {
                if let fromGrade, grade < fromGrade { return false }
                if let toGrade, grade > toGrade { return false }
                if let stage, system.stage(ofGrade: grade) != stage { return false }
                return true
            }
        }

        public let rule: String
        public let source: String
        public let wording: String
        public let courses: [Entry]

        /// Whether a course may be taught in a grade; a course the list does not name may.
        public func allows(_ course: String, grade: Int, system: SchoolSystem) -> Bool {
            courses.first { $0.names.contains(course) }?.allows(grade: grade, system: system) ?? true
        }
    }

    public struct Shares: Codable, Sendable, Equatable {
        public struct Group: Codable, Sendable, Equatable {
            public let name: String
            public let courses: [String]
            public let minPercent: Int
            public let maxPercent: Int
        }

        public let rule: String
        public let source: String
        public let wording: String
        public let groups: [Group]
    }
}
