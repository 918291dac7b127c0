/// The kinds of test a school files (DOMAIN.md §2; API.md `kind`).
public enum TestKind: String, Codable, Sendable, CaseIterable {
    case final
    case midterm
    case unit
    case quiz
    /// 非纸笔: oral, practical or observed; not an exam in the rules' sense.
    case nonPaper = "non_paper"
    /// Grade-9 mock (模拟考试).
    case mock

    /// Weekly, monthly, unit tests and quizzes: one rule (EX-04) counts them together.
    public var isOtherTest: Bool { self == .unit || self == .quiz }
}

/// One test of a class and subject, as far as the frequency rules care.
public struct PlannedTest: Sendable, Equatable {
    public let kind: TestKind
    public let paper: Bool
    public let heldOn: LocalDate

    public init(kind: TestKind, paper: Bool, heldOn: LocalDate) {
        self.kind = kind
        self.paper = paper
        self.heldOn = heldOn
    }
}
