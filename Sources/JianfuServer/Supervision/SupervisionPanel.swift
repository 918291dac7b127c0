import Fluent
import Foundation
import JianfuCore

/// The supervision block of the 数据看板: rectifications waiting and overdue, and the warning notices on record, for the
/// district or one school. A warning stays on a school's block after it is acknowledged: it is part of its record.
enum SupervisionPanel {
    static func panels(_ district: District, language: Language, on db: any Database) async throws -> DashboardPanels {
        let today = WallClock.today(in: district.zone).iso
        let counts = try await SupervisionQueries.recordCounts(districtId: district.id!, today: today, on: db)
        let schoolIds = try await School.query(on: db).filter(\.$districtId == district.id!).all(\.$id)
        var schools: [UUID: DashboardPanel] = [:]
        for id in schoolIds { schools[id] = panel(counts[id] ?? .init(), schoolId: id, schoolsBehind: nil, language: language) }
        let whole = counts.values.reduce(into: SupervisionQueries.RecordCounts()) {
            $0.open += $1.open
            $0.overdue += $1.overdue
            $0.warnings += $1.warnings
            $0.unacknowledged += $1.unacknowledged
        }
        let behind = counts.values.filter { $0.overdue > 0 }.count
        return DashboardPanels(district: panel(whole, schoolId: nil, schoolsBehind: (behind, schoolIds.count), language: language), schools: schools)
    }

    private static func panel(_ counts: SupervisionQueries.RecordCounts, schoolId: UUID?, schoolsBehind: (Int, Int)?,
                              language: Language) -> DashboardPanel {
        func t(_ key: String) -> String { Strings.text(key, language, []) }
        var figures: [DashboardPanel.Figure] = []
        if let (behind, all) = schoolsBehind {
            figures.append(.init(label: t("sup.panel.schoolsOverdue"), value: "\(behind) / \(all)", flag: behind > 0))
        }
        figures += [
            .init(label: t("sup.openTaskCount"), value: String(counts.open), flag: false),
            .init(label: t("sup.overdueTasks"), value: String(counts.overdue), flag: counts.overdue > 0),
            .init(label: t("sup.warnings"), value: String(counts.warnings), flag: counts.warnings > 0),
            .init(label: t("sup.unacknowledged"), value: String(counts.unacknowledged), flag: counts.unacknowledged > 0),
        ]
        return DashboardPanel(id: "supervision", title: t("sup.heading"),
                              href: SupervisionPaths.index.path + (schoolId.map { "?school=\($0.uuidString.lowercased())" } ?? ""), figures: figures)
    }
}
