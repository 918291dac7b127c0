import Fluent
import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func getDashboardSchools(_ input: Operations.GetDashboardSchools.Input) async throws -> Operations.GetDashboardSchools.Output {
        let (actor, request) = try actor()
        let range = try await dashboardRange(preset: input.query.range?.rawValue, from: input.query.from, to: input.query.to, actor: actor, request: request)
        let overview = try await DashboardService.overview(actor, range: range, policies: app.policies, cache: app.dashboardCache, on: request.db)
        return .ok(.init(body: .json(.init(
            from: range.from.iso, to: range.through.iso, teachingDays: range.teachingDays,
            schools: overview.schools.map { school in
                .init(schoolId: school.schoolId.uuidString, name: school.name, classes: school.classes, classDays: school.classDays,
                      filedClassDays: school.sums.filed_class_days, bands: school.bands.map(Self.bandLoad), overCapClassDays: school.sums.over_cap,
                      overrides: school.sums.overrides, pendingReviews: school.sums.pending, feedbackReports: school.sums.feedback_count,
                      reportedAverageMinutes: school.reportedAverage, estimatedAverageMinutes: school.estimateAverage,
                      testsRefused: school.testsRefused, testsWarned: school.testsWarned, meetsCap: school.meetsCap)
            }))))
    }

    func getDashboardClasses(_ input: Operations.GetDashboardClasses.Input) async throws -> Operations.GetDashboardClasses.Output {
        let (actor, request) = try actor()
        let school = try await DashboardService.requireSchool(try Self.id(input.path.id), actor, on: request.db)
        let range = try await dashboardRange(preset: input.query.range?.rawValue, from: input.query.from, to: input.query.to, actor: actor, request: request)
        guard let district = try await District.find(school.districtId, on: request.db) else { throw AppError.notFound }
        let classes = try await DashboardService.classes(of: school, range: range, profile: try app.policies.profile(for: district),
                                                         system: try district.system, on: request.db)
        let language = request.language
        return .ok(.init(body: .json(.init(
            from: range.from.iso, to: range.through.iso, teachingDays: range.teachingDays,
            classes: classes.map { c in
                .init(classId: c.classId.uuidString, className: ClassNames.name(c.gradeNumber, c.number, language), filedClassDays: c.sums.filed_class_days,
                      load: Self.bandLoad(c.load), overCapClassDays: c.sums.over_cap, overrides: c.sums.overrides, pendingReviews: c.sums.pending,
                      feedbackReports: c.sums.feedback_count,
                      reportedAverageMinutes: c.sums.reportedAverage)
            }))))
    }

    func getHalfMonthlyReport(_ input: Operations.GetHalfMonthlyReport.Input) async throws -> Operations.GetHalfMonthlyReport.Output {
        let (actor, request) = try actor()
        let date = try input.query.date.map { raw -> LocalDate in
            guard let date = LocalDate(iso: raw) else { throw AppError.invalid(field: "date", messageKey: "dash.badRange") }
            return date
        }
        let report = try await DashboardService.halfMonthly(actor, date: date, policies: app.policies, cache: app.dashboardCache, on: request.db)
        let language = request.language
        return .ok(.init(body: .json(.init(
            from: report.period.from.iso, to: report.period.through.iso,
            indicators: report.indicators.map {
                .init(key: $0.key, name: Strings.text("half." + $0.key, language), recorded: $0.recorded, value: $0.value,
                      numerator: $0.numerator, denominator: $0.denominator)
            }))))
    }

    func dashboardRange(preset: String?, from: String?, to: String?, actor: Actor, request: Request) async throws -> DashboardService.Range {
        try await DashboardService.range(preset: preset, from: from, to: to, actor, on: request.db)
    }

    static func bandLoad(_ load: BandLoad) -> Components.Schemas.BandLoad {
        .init(band: .init(rawValue: load.band.rawValue) ?? .primaryUpper, classDays: load.classDays, writtenMinutes: load.writtenMinutes,
              averageMinutes: load.averageMinutes, capMinutes: load.capMinutes, meetsCap: load.meetsCap)
    }
}
