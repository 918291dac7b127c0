import Fluent
import Foundation
import JianfuCore

/// The 数据看板's balance block: class sizes against the limits (QB-10, QB-11) for the district and each school with a
/// class over, and how many schools pass the standard on the latest year's figures.
enum BalancePanel {
    static func panels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws -> DashboardPanels? {
        let balance = try policies.profile(for: district).balance
        let system = try district.system
        let sizes = try await BalanceQueries.classSizes(districtId: district.id!, on: db)
        guard !sizes.isEmpty else { return nil }
        func t(_ key: String, _ args: [String] = []) -> String { Strings.text(key, language, args) }
        let standing = sizes.map { ($0, ClassSizeStanding.of($0.pupils, stage: system.stage(ofGrade: $0.grade_number), balance: balance)) }
        func figures(_ rows: [(BalanceQueries.ClassSize, ClassSizeStanding)]) -> [DashboardPanel.Figure] {
            let over = rows.filter { $0.1 == .over }.count, large = rows.filter { $0.1 == .large }.count, huge = rows.filter { $0.1 == .huge }.count
            return [.init(label: t("bal.panel.over"), value: "\(over) / \(rows.count)", flag: over > 0),
                    .init(label: t("bal.panel.large"), value: "\(large) · \(huge)", flag: large + huge > 0)]
        }
        let resources = try await SchoolResources.query(on: db).filter(\.$districtId == district.id!).all()
        var districtFigures = figures(standing)
        if let year = resources.map(\.year).max() {
            let parts = resources.filter { $0.year == year }
            let passing = Set(parts.map(\.schoolId)).filter { school in
                parts.filter { $0.schoolId == school }.allSatisfy { ResourceIndicators.standing($0.resourceFigures, stage: $0.stage, balance: balance).passes }
            }
            districtFigures.append(.init(label: t("bal.panel.passing", [String(year)]), value: "\(passing.count) / \(Set(parts.map(\.schoolId)).count)",
                                         flag: passing.count < Set(parts.map(\.schoolId)).count))
        }
        let bySchool = Dictionary(grouping: standing, by: \.0.school_id).filter { $0.value.contains { $0.1 != .within } }
        return DashboardPanels(
            district: DashboardPanel(id: "balance", title: t("bal.panel.title"), href: BalancePaths.index.path, figures: districtFigures),
            schools: bySchool.mapValues { DashboardPanel(id: "balance", title: t("bal.panel.title"), href: BalancePaths.index.path, figures: figures($0)) })
    }
}
