import Fluent
import Foundation
import JianfuCore
import Vapor

/// The bureau's and schools' dashboards: compliance over a date range from the kept sums.
/// The pages, the CSV exports and the API all call here with the same range and scope.
enum DashboardService {
    /// A date range as the filters name it: this week, the whole term, or the dates given.
    struct Range: Sendable {
        let from: LocalDate
        let through: LocalDate
        let preset: String
        let calendar: SchoolCalendar

        /// Teaching days in the range: the class-days each class could have had homework.
        var teachingDays: Int { calendar.teachingDays(from: from, through: through).count }
    }

    static let maxRangeDays = 400

    /// The range a page or an API call asks for, in the actor's district's dates.
    static func range(preset: String?, from: String?, to: String?, _ actor: Actor, on db: any Database) async throws -> Range {
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        return try await range(preset: preset, from: from, to: to, districtId: district.id!, zone: district.zone, on: db)
    }

    static func range(preset rawPreset: String?, from rawFrom: String?, to rawTo: String?, districtId: UUID, zone: TimeZone,
                      on db: any Database) async throws -> Range {
        let today = WallClock.today(in: zone)
        let calendar = try await CalendarQueries.calendar(districtId: districtId, around: today, on: db)
        if rawFrom?.isEmpty == false || rawTo?.isEmpty == false {
            guard let from = rawFrom.flatMap(LocalDate.init(iso:)), let through = rawTo.flatMap(LocalDate.init(iso:)) else {
                throw AppError.invalid(field: "from", messageKey: "dash.badRange")
            }
            guard from <= through, through.dayNumber - from.dayNumber <= maxRangeDays else {
                throw AppError.invalid(field: "to", messageKey: "dash.badRange")
            }
            let rangeCalendar = try await CalendarQueries.calendar(districtId: districtId, around: from, on: db)
            return Range(from: from, through: through, preset: "custom", calendar: rangeCalendar)
        }
        switch rawPreset ?? "week" {
        case "term":
            return Range(from: calendar.startsOn, through: min(calendar.endsOn, max(today, calendar.startsOn)), preset: "term", calendar: calendar)
        case "week":
            let monday = today.adding(days: 1 - today.weekday)
            return Range(from: monday, through: today, preset: "week", calendar: calendar)
        default:
            throw AppError.invalid(field: "range", messageKey: "dash.badRange")
        }
    }

    // MARK: access

    /// District roles read the whole district; a school's administrators and leaders their school; nobody else has a dashboard.
    static func schoolScope(_ actor: Actor) -> [UUID]? {
        if actor.isDistrictWide { return nil }
        return Array(Set(actor.memberships.filter { [.schoolAdmin, .gradeLeader, .subjectLeader].contains($0.role) }.compactMap(\.schoolId)))
    }

    static func requireSchool(_ schoolId: UUID, _ actor: Actor, on db: any Database) async throws -> School {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId else { throw AppError.notFound }
        if let scope = schoolScope(actor), !scope.contains(schoolId) { throw AppError.notFound }
        return school
    }

    static func requireDashboard(_ actor: Actor) throws {
        if let scope = schoolScope(actor), scope.isEmpty { throw AppError.notFound }
    }

    // MARK: schools

    struct SchoolRow: Sendable {
        let schoolId: UUID
        let name: String
        let code: String
        let classes: Int
        let classDays: Int
        let sums: DashboardQueries.Sums
        let bands: [BandLoad]
        let testsWarned: Int
        let testsRefused: Int

        var filedShare: Double? { classDays > 0 ? Double(sums.filed_class_days) / Double(classDays) : nil }
        var reportedAverage: Double? { sums.reportedAverage }
        var estimateAverage: Double? { sums.estimateAverage }
        var meetsCap: Bool { bands.allSatisfy(\.meetsCap) }
        func band(_ band: GradeBand) -> BandLoad? { bands.first { $0.band == band } }
    }

    struct Overview: Sendable {
        let range: Range
        let schools: [SchoolRow]
        let district: District
        let system: SchoolSystem
        let profile: PolicyProfile
        let readAt: Date
    }

    static func overview(_ actor: Actor, range: Range, schoolId: UUID? = nil, policies: PolicyStore, cache: DashboardCache, on db: any Database) async throws -> Overview {
        try requireDashboard(actor)
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let profile = try policies.profile(for: district)
        let system = try district.system
        let from = range.from.iso, through = range.through.iso
        let key = DashboardCache.Key(districtId: district.id!, schoolId: schoolId, from: from, through: through)
        let figures = try await cache.figures(for: key) {
            DashboardCache.Figures(
                schools: try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
                    .map { DashboardCache.SchoolName(id: $0.id!, name: $0.name, code: $0.code) },
                sums: try await DashboardQueries.schoolSums(districtId: district.id!, schoolId: schoolId, from: from, through: through, on: db),
                counts: try await DashboardQueries.classCounts(districtId: district.id!, schoolId: schoolId, on: db),
                warned: try await DashboardQueries.warnedTests(districtId: district.id!, from: from, through: through, on: db),
                refused: try await DashboardQueries.refusedTests(districtId: district.id!, from: from, through: through, on: db))
        }
        var schools = figures.schools
        if let scope = schoolScope(actor) { schools = schools.filter { scope.contains($0.id) } }
        if let schoolId { schools = schools.filter { $0.id == schoolId } }
        let days = range.teachingDays
        let countsBySchool = Dictionary(grouping: figures.counts, by: \.school_id)
        let sumsBySchool = Dictionary(grouping: figures.sums, by: \.school_id)
        let rows = schools.map { school -> SchoolRow in
            let id = school.id
            var classesByBand: [GradeBand: Int] = [:]
            for count in countsBySchool[id] ?? [] { classesByBand[system.band(ofGrade: count.grade_number), default: 0] += count.classes }
            let schoolSums = sumsBySchool[id] ?? []
            let bands = GradeBand.allCases.compactMap { band -> BandLoad? in
                guard let classes = classesByBand[band], classes > 0 else { return nil }
                let written = schoolSums.filter { $0.band == band.rawValue }.reduce(0) { $0 + $1.sums.written_minutes }
                return BandLoad(band: band, classDays: classes * days, writtenMinutes: written, capMinutes: profile.homework.writtenCap[band].value ?? 0)
            }
            let classes = classesByBand.values.reduce(0, +)
            return SchoolRow(schoolId: id, name: school.name, code: school.code, classes: classes, classDays: classes * days,
                             sums: schoolSums.map(\.sums).reduce(.zero, +), bands: bands,
                             testsWarned: figures.warned[id] ?? 0, testsRefused: figures.refused[id] ?? 0)
        }
        return Overview(range: range, schools: rows, district: district, system: system, profile: profile, readAt: figures.readAt)
    }

    // MARK: one school

    struct ClassRow: Sendable {
        let classId: UUID
        let gradeNumber: Int
        let number: Int
        let band: GradeBand
        let sums: DashboardQueries.Sums
        let load: BandLoad
    }

    static func classes(of school: School, range: Range, profile: PolicyProfile, system: SchoolSystem, on db: any Database) async throws -> [ClassRow] {
        let days = range.teachingDays
        return try await DashboardQueries.classSums(schoolId: school.id!, from: range.from.iso, through: range.through.iso, on: db).map {
            let band = system.band(ofGrade: $0.grade_number)
            return ClassRow(classId: $0.class_id, gradeNumber: $0.grade_number, number: $0.number, band: band, sums: $0.sums,
                            load: BandLoad(band: band, classDays: days, writtenMinutes: $0.sums.written_minutes, capMinutes: profile.homework.writtenCap[band].value ?? 0))
        }
    }

    // MARK: trend and distribution

    struct TrendPoint: Sendable {
        let date: LocalDate
        let averages: [GradeBand: Double]
    }

    /// Average written minutes per class, per teaching day and band.
    static func trend(districtId: UUID, schoolId: UUID?, range: Range, system: SchoolSystem, on db: any Database) async throws -> [TrendPoint] {
        let counts = try await DashboardQueries.classCounts(districtId: districtId, schoolId: schoolId, on: db)
        var classesByBand: [GradeBand: Int] = [:]
        for count in counts { classesByBand[system.band(ofGrade: count.grade_number), default: 0] += count.classes }
        let sums = try await DashboardQueries.daySums(districtId: districtId, schoolId: schoolId, from: range.from.iso, through: range.through.iso, on: db)
        let byDay = Dictionary(grouping: sums, by: \.date)
        return range.calendar.teachingDays(from: range.from, through: range.through).map { day in
            var averages: [GradeBand: Double] = [:]
            for (band, classes) in classesByBand where classes > 0 {
                let written = (byDay[day.iso] ?? []).filter { $0.band == band.rawValue }.reduce(0) { $0 + $1.sums.written_minutes }
                averages[band] = Double(written) / Double(classes)
            }
            return TrendPoint(date: day, averages: averages)
        }
    }

    /// Class-days by load: none, up to half the cap, up to the cap, over it.
    static func distribution(_ rows: [SchoolRow]) -> [Int] {
        let sums = rows.map(\.sums).reduce(.zero, +)
        let classDays = rows.reduce(0) { $0 + $1.classDays }
        let none = max(0, classDays - sums.load_light - sums.load_full - sums.over_cap)
        return [none, sums.load_light, sums.load_full, sums.over_cap]
    }
}

extension DashboardService {
    /// One line of the half-monthly report (MS-02): a share or a count, or "not recorded" where Jianfu has no module for it yet.
    struct Indicator: Sendable {
        let key: String
        let numerator: Int?
        let denominator: Int?
        let isShare: Bool

        var recorded: Bool { numerator != nil }
        var value: Double? {
            guard let numerator else { return nil }
            guard isShare else { return Double(numerator) }
            guard let denominator, denominator > 0 else { return nil }
            return Double(numerator) / Double(denominator)
        }
    }

    struct HalfMonthlyReport: Sendable {
        let period: HalfMonth
        let indicators: [Indicator]
    }

    /// The report the provinces send up on the 15th and the last day; for the district's own roles.
    static func halfMonthly(_ actor: Actor, date: LocalDate?, policies: PolicyStore, cache: DashboardCache, on db: any Database) async throws -> HalfMonthlyReport {
        guard actor.isDistrictWide, let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        let today = WallClock.today(in: district.zone)
        let period = date.map(HalfMonth.init(containing:)) ?? HalfMonth.lastEnded(onOrBefore: today)
        let calendar = try await CalendarQueries.calendar(districtId: district.id!, around: period.from, on: db)
        let range = Range(from: period.from, through: period.through, preset: "custom", calendar: calendar)
        let overview = try await overview(actor, range: range, policies: policies, cache: cache, on: db)
        let schools = overview.schools.filter { $0.classes > 0 }
        let sums = schools.map(\.sums).reduce(.zero, +)
        let classDays = schools.reduce(0) { $0 + $1.classDays }
        // Lines other domains keep (the after-school plans): "not recorded" until a domain gives the figure.
        let figures = try await Domains.reportFigures(district, policies: policies, on: db)
        func given(_ key: String, isShare: Bool) -> Indicator {
            Indicator(key: key, numerator: figures[key]?.numerator, denominator: figures[key]?.denominator, isShare: isShare)
        }
        // MS-02 counts class-days within the cap and those over it: an average over days would hide the overs.
        return HalfMonthlyReport(period: period, indicators: [
            Indicator(key: "homeworkTime", numerator: classDays - sums.over_cap, denominator: classDays, isShare: true),
            Indicator(key: "publication", numerator: schools.filter { $0.sums.filed_class_days > 0 }.count, denominator: schools.count, isShare: true),
            Indicator(key: "parentsAppropriate", numerator: sums.feedback_count - sums.too_much, denominator: sums.feedback_count, isShare: true),
            Indicator(key: "overCapClassDays", numerator: sums.over_cap, denominator: nil, isShare: false),
            Indicator(key: "testsRefused", numerator: schools.reduce(0) { $0 + $1.testsRefused }, denominator: nil, isShare: false),
            given("afterSchoolTime", isShare: true),
            given("trainingReduction", isShare: true),
            given("trainingAds", isShare: false),
            given("complaints", isShare: true),
            given("timetablesMeet", isShare: true),
        ])
    }
}
