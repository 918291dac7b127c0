/// 学制: which grades are primary and which are junior. Rules that speak of
/// primary or junior apply by stage, so every grade is mapped through this.
public enum SchoolSystem: String, Codable, Sendable, CaseIterable {
    /// 六三制: primary 1–6, junior 7–9 (most of China).
    case sixThree = "6-3"
    /// 五四制: primary 1–5, junior 6–9 (Shanghai and some other places).
    case fiveFour = "5-4"

    public var lastPrimaryGrade: Int {
        switch self {
        case .sixThree: 6
        case .fiveFour: 5
        }
    }

    /// The last grade of compulsory education, the junior graduating year (初中毕业年级), in both systems.
    public var graduatingGrade: Int { 9 }

    public func stage(ofGrade grade: Int) -> Stage {
        grade <= lastPrimaryGrade ? .primary : .junior
    }

    /// The band a grade's homework cap is read from.
    public func band(ofGrade grade: Int) -> GradeBand {
        if grade <= 2 { return .primaryLower }
        return stage(ofGrade: grade) == .primary ? .primaryUpper : .junior
    }
}

/// 学段 of a grade.
public enum Stage: String, Codable, Sendable {
    case primary
    case junior
}

/// The bands the national homework caps are written for (HW-01..03).
public enum GradeBand: String, Codable, Sendable, CaseIterable {
    case primaryLower
    case primaryUpper
    case junior
}

/// What a school teaches: 小学, 初中 or 九年一贯制.
public enum SchoolStage: String, Codable, Sendable, CaseIterable {
    case primary
    case junior
    case nineYear = "nine_year"

    public func grades(in system: SchoolSystem) -> ClosedRange<Int> {
        switch self {
        case .primary: 1...system.lastPrimaryGrade
        case .junior: (system.lastPrimaryGrade + 1)...9
        case .nineYear: 1...9
        }
    }
}
