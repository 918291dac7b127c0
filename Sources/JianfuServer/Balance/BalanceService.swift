import Fluent
import Foundation
import JianfuCore
import Vapor

/// 优质均衡: each school's yearly resource figures held to the standard's seven indicators and its pass rule, the
/// county's enrolment-weighted coefficients of variation for primary and junior schools against their limits, and
/// every class against the size limits. The pages and the API call here.
enum BalanceService {
    /// May enter a school's figures: the bureau's administrators and the school's.
    static func mayRecord(_ schoolId: UUID, _ actor: Actor) -> Bool { actor.isBureauAdmin || actor.adminSchoolIds.contains(schoolId) }

    /// The parts a school reports: a nine-year school its primary and its junior part, as the standard counts them.
    static func parts(of school: School) -> [Stage] {
        switch SchoolStage(rawValue: school.stage) ?? .nineYear {
        case .primary: [.primary]
        case .junior: [.junior]
        case .nineYear: [.primary, .junior]
        }
    }

    struct PartStanding: Sendable {
        let stage: Stage
        let figures: ResourceFigures
        let standing: SchoolStanding
    }

    /// The years figures may be for: from the standard's year to next year.
    static func validYears(today: LocalDate) -> ClosedRange<Int> { 2017...(today.year + 1) }

    /// Saves a school's figures for a year, every part it reports at once (all or nothing), and answers with its standing.
    static func record(schoolId: UUID, year: Int, parts figures: [Stage: ResourceFigures], _ actor: Actor, policies: PolicyStore,
                       on db: any Database) async throws -> [PartStanding] {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId,
              let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        guard mayRecord(schoolId, actor) else { throw AppError.forbidden }
        let today = WallClock.today(in: district.zone)
        let years = validYears(today: today)
        guard years.contains(year) else {
            throw AppError.invalid(field: "year", messageKey: "bal.e.year", args: [String(years.lowerBound), String(years.upperBound)])
        }
        let balance = try policies.profile(for: district).balance
        var standings: [PartStanding] = []
        for stage in parts(of: school) {
            guard let part = figures[stage] else { throw AppError.invalid(field: stage.rawValue, messageKey: "bal.e.part", args: ["bal.part." + stage.rawValue]) }
            do { try part.check() } catch {
                switch error {
                case .missing(let key): throw AppError.invalid(field: key, messageKey: "bal.e.missing", args: ["bal.part." + stage.rawValue, "bal.figure." + key])
                case .negative(let key): throw AppError.invalid(field: key, messageKey: "bal.e.negative", args: ["bal.part." + stage.rawValue, "bal.figure." + key])
                case .noPupils: throw AppError.invalid(field: "pupils", messageKey: "bal.e.noPupils", args: ["bal.part." + stage.rawValue])
                }
            }
            standings.append(PartStanding(stage: stage, figures: part, standing: ResourceIndicators.standing(part, stage: stage, balance: balance)))
        }
        if let stranger = figures.keys.first(where: { !parts(of: school).contains($0) }) {
            throw AppError.invalid(field: stranger.rawValue, messageKey: "bal.e.notAPart", args: ["bal.part." + stranger.rawValue])
        }
        let now = WallClock.now()
        let saving = standings
        try await db.writeTransaction { tx in
            for part in saving {
                let row = try await SchoolResources.query(on: tx).filter(\.$schoolId == schoolId).filter(\.$year == year).filter(\.$part == part.stage.rawValue)
                    .first() ?? SchoolResources()
                let before = row.id == nil ? nil : row.figures
                row.districtId = school.districtId
                row.schoolId = schoolId
                row.year = year
                row.part = part.stage.rawValue
                row.figures = JSONText.encode(part.figures.values)
                row.enteredBy = actor.userId
                row.enteredAt = now
                try await row.save(on: tx)
                var detail = ["year": String(year), "part": part.stage.rawValue, "figures": row.figures, "passes": String(part.standing.passes)]
                if let before { detail["before"] = before }
                try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "balance.resources", entity: SchoolResources.schema,
                                   entityId: row.id, detail: detail)
            }
        }
        return standings
    }

    /// One indicator's coefficient for a stage, against the limit, with the schools that pull it most.
    struct IndicatorBalance: Sendable {
        let standard: PolicyProfile.IndicatorStandard
        let variation: Variation?
        let limit: Double
        /// The three schools with the largest part of the coefficient, with that part in percent.
        let pulling: [(name: String, percent: Int)]

        var within: Bool? { variation.map { $0.coefficient <= limit + 1e-12 } }
    }

    struct StageBalance: Sendable {
        let stage: Stage
        let schools: Int
        let indicators: [IndicatorBalance]
        /// Every coefficient within the limit (nil before any school reported).
        var within: Bool? { indicators.contains { $0.variation == nil } ? nil : indicators.allSatisfy { $0.within == true } }
    }

    struct SchoolLine: Sendable {
        let school: School
        let parts: [PartStanding]
        var reported: Bool { !parts.isEmpty }
        var passes: Bool { reported && parts.allSatisfy(\.standing.passes) }
    }

    struct ClassSizeLine: Sendable {
        let school: School
        let classes: Int
        let counts: [ClassSizeStanding: Int]
        let oversized: [(name: String, pupils: Int, standing: ClassSizeStanding)]
    }

    struct Overview: Sendable {
        let year: Int
        let years: [Int]
        let stages: [StageBalance]
        let schools: [SchoolLine]
        let trend: [(year: Int, stages: [StageBalance])]
        let classSizes: [ClassSizeLine]
        let balance: PolicyProfile.Balance
    }

    /// May read the county's balance: the district's roles.
    static func mayRead(_ actor: Actor) -> Bool { actor.isDistrictWide }

    static func stageBalance(_ stage: Stage, rows: [(school: School, figures: ResourceFigures)], balance: PolicyProfile.Balance) -> StageBalance {
        StageBalance(stage: stage, schools: rows.count, indicators: balance.indicators.map { standard in
            let variation = Variation.of(rows.map { (pupils: $0.figures.pupils, value: ResourceIndicators.value(standard, $0.figures)) })
            let total = variation.map { $0.contributions.reduce(0, +) } ?? 0
            var pulling: [(name: String, percent: Int)] = []
            if let variation, total > 0 {
                let ranked = zip(rows.map(\.school.name), variation.contributions).sorted { $0.1 > $1.1 }.prefix(3)
                for (name, part) in ranked where part > 0 { pulling.append((name: name, percent: Int((part / total * 100).rounded()))) }
            }
            return IndicatorBalance(standard: standard, variation: variation, limit: balance.variation.limit(stage), pulling: pulling)
        })
    }

    /// The year's balance and its trend over the years recorded: three queries.
    static func overview(year: Int?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Overview {
        guard mayRead(actor), let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let balance = try policies.profile(for: district).balance
        let system = try district.system
        let today = WallClock.today(in: district.zone)
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        let rows = try await BalanceQueries.resources(districtId: district.id!, years: validYears(today: today), on: db)
        let years = Set(rows.map(\.year)).sorted()
        let chosen = year ?? years.last ?? today.year
        let byId = Dictionary(schools.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        func stages(_ y: Int) -> [StageBalance] {
            let ofYear = rows.filter { $0.year == y }
            return [Stage.primary, .junior].map { stage in
                stageBalance(stage, rows: ofYear.filter { $0.stage == stage }.compactMap { r in byId[r.schoolId].map { ($0, r.resourceFigures) } },
                             balance: balance)
            }
        }
        let lines = schools.map { school in
            SchoolLine(school: school, parts: rows.filter { $0.schoolId == school.id && $0.year == chosen }.sorted { $0.part > $1.part }.map { r in
                PartStanding(stage: r.stage, figures: r.resourceFigures, standing: ResourceIndicators.standing(r.resourceFigures, stage: r.stage, balance: balance))
            })
        }
        let sizes = Dictionary(grouping: try await BalanceQueries.classSizes(districtId: district.id!, on: db), by: \.school_id)
        let classSizes = schools.map { school in
            let classes = (sizes[school.id!] ?? []).sorted { ($0.grade_number, $0.number) < ($1.grade_number, $1.number) }
            let standings = classes.map { ($0, ClassSizeStanding.of($0.pupils, stage: system.stage(ofGrade: $0.grade_number), balance: balance)) }
            return ClassSizeLine(school: school, classes: classes.count, counts: Dictionary(grouping: standings, by: \.1).mapValues(\.count),
                                 oversized: standings.filter { $0.1 != .within }.map { (name: ClassNames.name($0.0.grade_number, $0.0.number, .zh), pupils: $0.0.pupils,
                                                                                        standing: $0.1) })
        }
        return Overview(year: chosen, years: years, stages: stages(chosen), schools: lines, trend: years.map { (year: $0, stages: stages($0)) },
                        classSizes: classSizes, balance: balance)
    }

    /// One school's figures for a year, for its page and its administrators' form.
    static func school(_ schoolId: UUID, year: Int?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> (school: School, year: Int, parts: [Stage: SchoolResources], balance: PolicyProfile.Balance) {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId,
              let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        guard actor.isDistrictWide || actor.adminSchoolIds.contains(schoolId) else { throw AppError.notFound }
        let today = WallClock.today(in: district.zone)
        let chosen = year.flatMap { validYears(today: today).contains($0) ? $0 : nil } ?? today.year
        let rows = try await SchoolResources.query(on: db).filter(\.$schoolId == schoolId).filter(\.$year == chosen).all()
        return (school, chosen, Dictionary(rows.map { ($0.stage, $0) }, uniquingKeysWith: { a, _ in a }), try policies.profile(for: district).balance)
    }
}
