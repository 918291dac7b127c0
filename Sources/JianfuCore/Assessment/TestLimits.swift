/// A rule a planned test breaks: the limit, how many such tests the class
/// already has this term, and whether the rule refuses or only warns.
public struct TestLimitFinding: Sendable, Equatable {
    /// The profile key, e.g. `tests.finalsPerTerm`.
    public let key: String
    public let rule: RuledValue
    public let limit: Int
    public let existing: Int

    public var isGuideline: Bool { rule.guideline }
}

public enum TestCheck: Sendable, Equatable {
    case allowed(warnings: [TestLimitFinding])
    case refused(TestLimitFinding, warnings: [TestLimitFinding])

    public var refusal: TestLimitFinding? {
        if case .refused(let finding, _) = self { return finding }
        return nil
    }

    public var warnings: [TestLimitFinding] {
        switch self {
        case .allowed(let warnings), .refused(_, let warnings): warnings
        }
    }
}

/// The term a test falls in, as the frequency rules see it.
public struct TestTerm: Sendable, Equatable {
    public let startsOn: LocalDate
    public let endsOn: LocalDate

    public init(startsOn: LocalDate, endsOn: LocalDate) {
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    /// The second term of a school year (春季学期) starts in the first half of
    /// the calendar year; the first starts in late summer or autumn.
    public var isSecondTerm: Bool { startsOn.month <= 7 }
}

/// The frequency rules of one class and subject (EX-01..06): what the
/// profile allows per term, counted against the tests already filed.
public struct TestLimits: Sendable {
    public let profile: PolicyProfile
    public let system: SchoolSystem
    public let grade: Int

    public init(profile: PolicyProfile, system: SchoolSystem, grade: Int) {
        self.profile = profile
        self.system = system
        self.grade = grade
    }

    /// Checks `planned` against the class's tests of the same subject already filed this term.
    public func check(_ planned: PlannedTest, existing: [PlannedTest], term: TestTerm) -> TestCheck {
        var findings: [TestLimitFinding] = []
        let tests = profile.tests

        func count(_ key: String, _ rule: RuledValue, limit: Int? = nil, existing count: Int) {
            let limit = limit ?? rule.value ?? 0
            if count + 1 > limit { findings.append(TestLimitFinding(key: key, rule: rule, limit: limit, existing: count)) }
        }

        if system.band(ofGrade: grade) == .primaryLower, planned.paper {
            count("tests.paperTestsPrimaryLower", tests.paperTestsPrimaryLower, existing: existing.filter(\.paper).count)
        }
        // EX-04: a test whose title disguises a weekly, monthly or unit test is one, whatever kind it was filed as.
        let kind = effectiveKind(of: planned)
        if let (key, rule, limit) = limitRule(of: kind, term: term) {
            // EX-04 forbids weekly, monthly and unit tests and their disguises, on paper or not: unit and quiz count together.
            let counted = existing.map(effectiveKind).filter { $0 == kind || (kind.isOtherTest && $0.isOtherTest) }.count
            count(key, rule, limit: limit, existing: counted)
        }
        // EX-05: no regional or cross-school test but in the graduating grade.
        if planned.organiser.isRegional, !(system.stage(ofGrade: grade) == .junior && grade == system.graduatingGrade) {
            count("tests.regionalTests", tests.regionalTests, existing: 0)
        }
        // EX-13: no paper bought from an organisation or a person.
        if planned.paperSource == .purchased {
            count("tests.purchasedPapers", tests.purchasedPapers, existing: 0)
        }
        if planned.kind == .mock, grade == system.graduatingGrade, term.isSecondTerm, let weeks = tests.mockWindowWeeks.value,
           planned.heldOn < term.endsOn.adding(days: -7 * weeks) {
            findings.append(TestLimitFinding(key: "tests.mockWindowWeeks", rule: tests.mockWindowWeeks, limit: weeks, existing: 0))
        }
        let warnings = findings.filter(\.isGuideline)
        if let refusal = findings.first(where: { !$0.isGuideline }) {
            return .refused(refusal, warnings: warnings)
        }
        return .allowed(warnings: warnings)
    }

    /// The kind the rules count a test as: its own, or an other test (EX-04) when its title disguises one.
    public func effectiveKind(of test: PlannedTest) -> TestKind {
        guard !test.kind.isOtherTest, !ContentCheck.findings(in: test.title, rules: [profile.tests.disguisedTests]).isEmpty else { return test.kind }
        return .quiz
    }

    /// The rule that caps how many tests of a kind the class may hold in the term, with that number; nil where none does.
    public func limitRule(of kind: TestKind, term: TestTerm) -> (key: String, rule: RuledValue, limit: Int)? {
        let tests = profile.tests
        switch kind {
        case .final:
            return ("tests.finalsPerTerm", tests.finalsPerTerm, tests.finalsPerTerm.value ?? 0)
        case .midterm:
            return system.stage(ofGrade: grade) == .junior
                ? ("tests.midtermsPerTermJunior", tests.midtermsPerTermJunior, tests.midtermsPerTermJunior.value ?? 0)
                : ("tests.midtermsPerTermPrimary", tests.midtermsPerTermPrimary, tests.midtermsPerTermPrimary.value ?? 0)
        case .unit, .quiz:
            return ("tests.otherPaperTestsPerTerm", tests.otherPaperTestsPerTerm, tests.otherPaperTestsPerTerm.value ?? 0)
        case .mock:
            // Only the graduating year's second term holds mocks (EX-06).
            let allowed = grade == system.graduatingGrade && term.isSecondTerm
            return ("tests.mocksGraduatingYear", tests.mocksGraduatingYear, allowed ? tests.mocksGraduatingYear.value ?? 0 : 0)
        case .nonPaper:
            return ("tests.nonPaperEvaluationsPerTerm", tests.nonPaperEvaluationsPerTerm, tests.nonPaperEvaluationsPerTerm.value ?? 0)
        }
    }
}
