import Fluent
import Foundation
import JianfuCore

/// The growth block of the 数据看板, for the district and each school this term: pupils of the tutor plans' grades with
/// a tutor, classes no parent meeting has covered, and classes whose quality evaluation is sealed.
enum GrowthPanel {
    struct Tally {
        var planned = 0
        var tutored = 0
        var classes = 0
        var uncovered = 0
        var sealed = 0
    }

    static func panels(_ district: District, language: Language, on db: any Database) async throws -> DashboardPanels? {
        let districtId = district.id!
        let today = WallClock.today(in: district.zone)
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db) else { return nil }
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).all()
        let plans = try await TutoringService.plans(schools, system: try district.system, on: db)
        // One read of the classes serves all three: classes without pupils have nothing to cover or seal.
        let counts = try await TutoringQueries.classCounts(districtId: districtId, schoolIds: nil, on: db)
        let classCounts = Dictionary(grouping: counts, by: \.school_id)
        let classes = Dictionary(grouping: counts.map { ParentSchoolQueries.ClassRow(id: $0.class_id, school_id: $0.school_id, grade_number: $0.grade_number,
                                                                                       number: $0.class_number) }, by: \.school_id)
        let events = Dictionary(grouping: try await ParentSchoolQueries.events(districtId: districtId, termId: term.id!, schoolIds: nil, on: db), by: \.school_id)
        let progress = Dictionary(grouping: try await EvaluationService.progress(districtId: districtId, termId: term.id!, today: today, schoolIds: nil,
                                                                                 classes: counts, on: db), by: \.schoolId)
        var tallies: [UUID: Tally] = [:]
        for school in schools {
            let id = school.id!
            let grades = Set(plans[id]?.grades ?? [])
            let inPlan = (classCounts[id] ?? []).filter { grades.contains($0.grade_number) }
            let own = classes[id] ?? []
            tallies[id] = Tally(planned: inPlan.map(\.pupils).reduce(0, +), tutored: inPlan.map(\.tutored).reduce(0, +), classes: own.count,
                                uncovered: ParentSchoolService.uncoveredClasses(own, by: events[id] ?? []).count,
                                sealed: (progress[id] ?? []).filter { $0.phase == .sealed }.count)
        }
        let whole = tallies.values.reduce(into: Tally()) {
            $0.planned += $1.planned
            $0.tutored += $1.tutored
            $0.classes += $1.classes
            $0.uncovered += $1.uncovered
            $0.sealed += $1.sealed
        }
        return DashboardPanels(district: panel(whole, language: language),
                               schools: tallies.mapValues { panel($0, language: language) })
    }

    private static func panel(_ tally: Tally, language: Language) -> DashboardPanel {
        func t(_ key: String) -> String { Strings.text(key, language, []) }
        return DashboardPanel(id: "growth", title: t("growth.panel.title"), href: GrowthPaths.index.path, figures: [
            .init(label: t("growth.panel.tutored"), value: "\(tally.tutored) / \(tally.planned)", flag: tally.tutored < tally.planned),
            .init(label: t("growth.classesWithoutMeeting"), value: "\(tally.uncovered) / \(tally.classes)", flag: tally.uncovered > 0),
            .init(label: t("growth.panel.sealed"), value: "\(tally.sealed) / \(tally.classes)", flag: false),
        ])
    }
}
