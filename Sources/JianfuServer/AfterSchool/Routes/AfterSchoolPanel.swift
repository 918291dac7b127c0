import Fluent
import Foundation
import JianfuCore

/// The after-school block of the 数据看板: plans meeting 5+2, participation in the basic session, the families'
/// satisfaction and the programs, for the district or one school, from the overview's figures.
enum AfterSchoolPanel {
    /// The district's standings are read once; each school's block is cut from them.
    static func panels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws -> DashboardPanels? {
        let standings: [AfterSchoolService.PlanStanding]
        do {
            standings = try await AfterSchoolService.standings(district, policies: policies, on: db).schools
        } catch AfterSchoolError.noTerm {
            return nil
        }
        guard let whole = panel(standings, schoolId: nil, language: language) else { return nil }
        var schools: [UUID: DashboardPanel] = [:]
        for standing in standings { schools[standing.schoolId] = panel([standing], schoolId: standing.schoolId, language: language) }
        return DashboardPanels(district: whole, schools: schools)
    }

    private static func panel(_ shown: [AfterSchoolService.PlanStanding], schoolId: UUID?, language: Language) -> DashboardPanel? {
        guard !shown.isEmpty else { return nil }
        func t(_ key: String, _ args: String...) -> String { Strings.text(key, language, args) }
        let participation = AfterSchoolService.Participation(pupils: shown.reduce(0) { $0 + $1.participation.pupils },
                                                            basic: shown.reduce(0) { $0 + $1.participation.basic })
        // The families' mean across schools, each school weighed by its answers.
        let answered = shown.compactMap(\.satisfaction?.families).filter { $0.mean != nil && $0.responses > 0 }
        let responses = answered.reduce(0) { $0 + $1.responses }
        let mean = responses > 0 ? answered.reduce(0.0) { $0 + $1.mean! * Double($1.responses) } / Double(responses) : nil
        let plan: DashboardPanel.Figure
        if let only = shown.first, schoolId != nil {
            let meets = only.check?.meets
            plan = .init(label: t("as.panel.plan"), value: t(meets == nil ? "as.status.none" : meets! ? "as.meets" : "as.fails"), flag: meets != true)
        } else {
            let meeting = shown.filter { $0.check?.meets == true }.count
            plan = .init(label: t("as.panel.meeting"), value: "\(meeting) / \(shown.count)", flag: meeting < shown.count)
        }
        return DashboardPanel(
            id: "after-school", title: t("as.heading"),
            href: schoolId.map { AfterSchoolPaths.school.path($0) } ?? AfterSchoolPaths.index.path,
            figures: [
                plan,
                .init(label: t("as.panel.participation"), value: participation.percent.map { "\($0)%" } ?? "—", flag: false),
                .init(label: t("as.sat.familiesMean"), value: AfterSchoolPages.meanText(mean), flag: false),
                .init(label: t("as.programCount"), value: String(shown.reduce(0) { $0 + $1.programs }), flag: false),
            ])
    }
}
