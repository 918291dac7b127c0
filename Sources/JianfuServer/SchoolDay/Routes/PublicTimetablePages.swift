import Fluent
import Foundation
import JianfuCore
import Vapor

/// 晒课表 without sign-in: a class's timetable in use, with the dates of its changes, and a school's list of classes.
/// Phone-friendly and printable; the same page parents are sent to.
enum PublicTimetablePages {
    struct ChangeLine: Encodable {
        let version: Int
        let date: String
        let changes: String
    }

    struct ClassPage: Encodable {
        let layout: Layout
        let schoolName: String
        let className: String
        let grid: TimetablePages.Grid?
        let published: String
        let history: [ChangeLine]
        let schoolHref: String
    }

    @Sendable static func classPage(_ req: Request) async throws -> View {
        let id = try req.idParameter()
        guard let context = try await ClassContext.load(id, policies: req.application.policies, on: req.db) else { throw AppError.notFound }
        let language = req.language
        let history = try await TimetableQueries.history(classId: id, on: req.db)
        let zone = context.district.zone
        let className = ClassNames.name(context.schoolClass.gradeNumber, context.schoolClass.number, language)
        let current = history.first
        return try await req.view.render("timetables/public", ClassPage(
            layout: Layout(req, title: req.t("tt.publicTitle", context.school.name, className)), schoolName: context.school.name, className: className,
            grid: current.flatMap { JSONText.decode([StoredPeriod].self, $0.periods) }.map { TimetablePages.grid($0, language: language) },
            published: current.map { req.t("tt.versionOn", String($0.number), LocalTime.minute($0.publishedAt, zone: zone)) } ?? "",
            history: history.map { v in
                ChangeLine(version: v.number, date: LocalTime.minute(v.publishedAt, zone: zone),
                           changes: (v.number == 1 ? [req.t("tt.firstVersion")] : TimetablePages.changeTexts(v, language)).joined(separator: req.t("tt.separator")))
            },
            schoolHref: SchoolDayPaths.publicSchool.path(context.school.id!)))
    }

    struct ClassLink: Encodable {
        let name: String
        let href: String
        let published: Bool
    }

    struct SchoolPage: Encodable {
        let layout: Layout
        let schoolName: String
        let classes: [ClassLink]
    }

    @Sendable static func schoolPage(_ req: Request) async throws -> View {
        let id = try req.idParameter()
        guard let school = try await School.find(id, on: req.db) else { throw AppError.notFound }
        let published = Set(try await TimetableQueries.current(schoolId: id, on: req.db).map(\.classId))
        let classes = try await SchoolQueries.classSummaries(schoolId: id, on: req.db)
        return try await req.view.render("timetables/public-school", SchoolPage(
            layout: Layout(req, title: req.t("tt.publicSchoolTitle", school.name)), schoolName: school.name,
            classes: classes.map { ClassLink(name: ClassNames.name($0.grade_number, $0.number, req.language), href: SchoolDayPaths.publicClass.path($0.id),
                                             published: published.contains($0.id)) }))
    }
}
