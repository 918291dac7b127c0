import Fluent
import Vapor

/// Each role's home page; a person with several roles sees each of their sections.
enum HomePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(OrganisationPaths.home, use: home)
    }

    struct Page: Encodable {
        var layout: Layout
        var welcome: String
        var roles: [String]
        var district: [SchoolLine]?
        var totals: Totals?
        var schools: [SchoolLine]?
        var teaching: [TeachingLine]?
        var headOf: [Link]?
        var children: [ChildLine]?
        var nothing: Bool
    }

    struct Totals: Encodable {
        let schools: Int
        let classes: Int
        let students: Int
        let teachers: Int
    }

    struct SchoolLine: Encodable {
        let href: String
        let name: String
        let code: String
        let stage: String
        let classes: Int
        let students: Int
        let teachers: Int
    }

    struct TeachingLine: Encodable {
        let href: String
        let className: String
        let schoolName: String
        let subject: String
    }

    struct Link: Encodable {
        let href: String
        let label: String
    }

    struct ChildLine: Encodable {
        let name: String
        let schoolName: String
        let className: String
        let href: String
    }

    @Sendable static func home(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        var page = Page(layout: Layout(req, title: req.t("home.title")), welcome: req.t("home.welcome", actor.displayName),
                        roles: Array(Set(actor.memberships.map { Strings.text("role." + $0.role.rawValue, language) })).sorted(),
                        district: nil, totals: nil, schools: nil, teaching: nil, headOf: nil, children: nil, nothing: false)
        // Only the bureau's and the administrators' home pages show school figures.
        let summaries = actor.isDistrictWide || !actor.adminSchoolIds.isEmpty ? try await OrganisationService.visibleSchools(actor, on: req.db) : []
        func line(_ s: SchoolQueries.SchoolSummary) -> SchoolLine {
            SchoolLine(href: OrganisationPaths.school.path(s.id), name: s.name, code: s.code, stage: Strings.text("school.stage." + s.stage, language),
                       classes: s.classes, students: s.students, teachers: s.teachers)
        }
        if actor.isDistrictWide {
            page.district = summaries.map(line)
            page.totals = Totals(
                schools: summaries.count, classes: summaries.reduce(0) { $0 + $1.classes },
                students: summaries.reduce(0) { $0 + $1.students }, teachers: summaries.reduce(0) { $0 + $1.teachers })
        } else if !actor.adminSchoolIds.isEmpty {
            page.schools = (summaries.filter { actor.adminSchoolIds.contains($0.id) }.map(line))
        }
        let teaching = try await SchoolQueries.teaching(teacherId: actor.userId, on: req.db)
        if !teaching.isEmpty {
            page.teaching = teaching.map {
                TeachingLine(href: OrganisationPaths.schoolClass.path($0.class_id), className: ClassNames.name($0.grade_number, $0.class_number, language),
                             schoolName: $0.school_name, subject: language == .en ? $0.subject_name_en : $0.subject_name)
            }
        }
        let headClassIds = actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.classId)
        if !headClassIds.isEmpty {
            var links: [Link] = []
            for id in headClassIds {
                if let row = try await SchoolQueries.classRow(id: id, on: req.db) {
                    links.append(Link(href: OrganisationPaths.schoolClass.path(id), label: "\(row.school_name) " + ClassNames.name(row.grade_number, row.number, language)))
                }
            }
            page.headOf = links
        }
        if actor.has(.parent) {
            let children = try await SchoolQueries.children(guardianId: actor.userId, on: req.db)
            page.children = children.map {
                ChildLine(name: $0.name, schoolName: $0.school_name, className: ClassNames.name($0.grade_number, $0.class_number, language),
                          href: HomeworkPaths.classHomework.path($0.class_id))
            }
        }
        if page.district == nil && page.schools == nil && page.teaching == nil && page.headOf == nil && page.children == nil {
            page.nothing = true
        }
        return try await req.view.render("organisation/home", page)
    }
}
