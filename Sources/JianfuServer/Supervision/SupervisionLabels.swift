import JianfuCore

/// How an inspection looked (seed 001's 督导 methods; seed 002's 考核方式).
enum InspectionMethod: String, Codable, Sendable, CaseIterable, Labelled {
    case records
    case interviews
    case questionnaires
    case siteVisit
    case lessonObservation

    static let labelPrefix = "sup.method."
}

enum FindingSeverity: String, Codable, Sendable, CaseIterable, Labelled {
    case minor
    case major
    case critical

    static let labelPrefix = "sup.severity."
}

/// The areas an inspection usually covers: offered on the form, a visit may name others.
enum InspectionArea: String, Sendable, CaseIterable, Labelled {
    case homework
    case tests
    case afterSchool
    case curriculum
    case fiveManagements
    case teachingRoutine

    static let labelPrefix = "sup.area."
}

extension RectificationStatus: Labelled { static let labelPrefix = "sup.status." }
extension StaffPost: Labelled { static let labelPrefix = "sup.post." }

/// The kinds of report a bureau requires (seed 002 §二: 质量分析报告, 述职, 总结).
enum ReportKind: String, CaseIterable, Sendable {
    case qualityAnalysis
    case dutyReport
    case summary
    case other
}

extension ReportKind: Labelled { static let labelPrefix = "sup.reportKind." }
