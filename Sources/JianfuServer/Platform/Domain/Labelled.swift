import JianfuCore

/// An enum whose values people read: each value's label is the string `labelPrefix + rawValue`.
protocol Labelled: CaseIterable, RawRepresentable where RawValue == String {
    static var labelPrefix: String { get }
    /// The label keys of every value, for the string tables' check.
    static var labelKeys: [String] { get }
}

extension Labelled {
    var labelKey: String { Self.labelPrefix + rawValue }
    static var labelKeys: [String] { allCases.map(\.labelKey) }
}

extension Role: Labelled { static let labelPrefix = "role." }
extension SchoolStage: Labelled { static let labelPrefix = "school.stage." }
extension GradeBand: Labelled { static let labelPrefix = "dash.band." }
extension HomeworkKind: Labelled { static let labelPrefix = "kind." }
extension ReviewStep: Labelled { static let labelPrefix = "step." }
extension TestKind: Labelled { static let labelPrefix = "testKind." }
extension TestOrganiser: Labelled { static let labelPrefix = "testOrganiser." }
extension PaperSource: Labelled { static let labelPrefix = "paperSource." }
extension RosterKind: Labelled { static let labelPrefix = "import.template." }
extension HomeworkEntry.Status: Labelled { static let labelPrefix = "status." }
