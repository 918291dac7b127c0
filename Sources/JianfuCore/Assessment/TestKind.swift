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

/// Who sets and holds a test (API.md `organiser`): a regional or cross-school test is the district's or another's (EX-05).
public enum TestOrganiser: String, Codable, Sendable, CaseIterable {
    case `class`
    case school
    case district
    case other

    public var isRegional: Bool { self == .district || self == .other }
}

/// Where a test paper came from (EX-13): papers are not bought from any organisation or person.
public enum PaperSource: String, Codable, Sendable, CaseIterable {
    /// Written by the school's own teachers.
    case school
    /// An education authority's item bank (for schools without the capacity to write their own).
    case authorityBank = "authority_bank"
    /// Bought from an organisation or a person: refused.
    case purchased
}

/// One test of a class and subject, as far as the frequency rules care.
public struct PlannedTest: Sendable, Equatable {
    public let kind: TestKind
    public let paper: Bool
    public let heldOn: LocalDate
    /// The title the school gives it: a weekly test called 测验 or 学情调研 is still a weekly test (EX-04).
    public let title: String
    public let organiser: TestOrganiser
    public let paperSource: PaperSource?

    public init(kind: TestKind, paper: Bool, heldOn: LocalDate, title: String = "", organiser: TestOrganiser = .school,
                paperSource: PaperSource? = nil) {
        self.kind = kind
        self.paper = paper
        self.heldOn = heldOn
        self.title = title
        self.organiser = organiser
        self.paperSource = paperSource
    }
}
