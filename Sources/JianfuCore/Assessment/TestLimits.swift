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
        let sameKind = existing.filter { $0.kind == planned.kind }.count
        switch planned.kind {
        case .final:
            count("tests.finalsPerTerm", tests.finalsPerTerm, existing: sameKind)
        case .midterm:
            if system.stage(ofGrade: grade) == .junior {
                count("tests.midtermsPerTermJunior", tests.midtermsPerTermJunior, existing: sameKind)
            } else {
                count("tests.midtermsPerTermPrimary", tests.midtermsPerTermPrimary, existing: sameKind)
            }
        case .unit, .quiz:
            // EX-04 forbids weekly, monthly and unit tests and their disguises, on paper or not.
            count("tests.otherPaperTestsPerTerm", tests.otherPaperTestsPerTerm,
                  existing: existing.filter { $0.kind == .unit || $0.kind == .quiz }.count)
        case .mock:
            if grade != 9 || !term.isSecondTerm {
                count("tests.mocksGraduatingYear", tests.mocksGraduatingYear, limit: 0, existing: sameKind)
            } else {
                count("tests.mocksGraduatingYear", tests.mocksGraduatingYear, existing: sameKind)
                if let weeks = tests.mockWindowWeeks.value, planned.heldOn < term.endsOn.adding(days: -7 * weeks) {
                    findings.append(TestLimitFinding(key: "tests.mockWindowWeeks", rule: tests.mockWindowWeeks, limit: weeks, existing: 0))
                }
            }
        case .nonPaper:
            break
        }
        let warnings = findings.filter(\.isGuideline)
        if let refusal = findings.first(where: { !$0.isGuideline }) {
            return .refused(refusal, warnings: warnings)
        }
        return .allowed(warnings: warnings)
    }
}
