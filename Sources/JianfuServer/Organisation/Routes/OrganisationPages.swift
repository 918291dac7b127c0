import Fluent
import JianfuCore
import Vapor

enum OrganisationPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(OrganisationPaths.schools, use: schools)
        routes.get(OrganisationPaths.schoolNew, use: newSchool)
        routes.post(OrganisationPaths.schools, use: createSchool)
        routes.get(OrganisationPaths.school, use: school)
        routes.get(OrganisationPaths.schoolClass, use: schoolClass)
        routes.get(OrganisationPaths.classRosterExport, use: rosterExport)
        routes.post(OrganisationPaths.classPupilErase, use: erasePupil)
    }

    struct SchoolsPage: Encodable {
        let layout: Layout
        let schools: [HomePages.SchoolLine]
        let canCreate: Bool
        let notice: String?
    }

    @Sendable static func schools(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let summaries = try await OrganisationService.visibleSchools(actor, on: req.db)
            .filter { actor.isDistrictWide || actor.staffSchoolIds.contains($0.id) }
        let lines = summaries.map {
            HomePages.SchoolLine(href: OrganisationPaths.school.path($0.id), name: $0.name, code: $0.code, stage: Strings.text("school.stage." + $0.stage, language),
                                 classes: $0.classes, students: $0.students, teachers: $0.teachers)
        }
        let notice = (try? req.query.get(String.self, at: "created")).map { req.t("school.created", $0) }
        return try await req.view.render("organisation/schools", SchoolsPage(layout: Layout(req, title: req.t("school.list")), schools: lines, canCreate: actor.isBureauAdmin, notice: notice))
    }

    struct NewSchoolPage: Encodable {
        let layout: Layout
        let name: String
        let code: String
        let stage: String
        let stages: [FormOption]
        let error: String?
    }

    struct NewSchoolForm: Content {
        let name: String?
        let code: String?
        let stage: String?
    }

    @Sendable static func newSchool(_ req: Request) async throws -> View {
        guard try req.requireActor().isBureauAdmin else { throw AppError.forbidden }
        return try await renderNewSchool(req, form: NewSchoolForm(name: "", code: "", stage: SchoolStage.primary.rawValue), error: nil)
    }

    static func renderNewSchool(_ req: Request, form: NewSchoolForm, error: String?) async throws -> View {
        let stages = SchoolStage.allCases.map {
            FormOption(value: $0.rawValue, label: req.t("school.stage." + $0.rawValue), selected: $0.rawValue == form.stage)
        }
        return try await req.view.render("organisation/school-new", NewSchoolPage(layout: Layout(req, title: req.t("school.new")), name: form.name ?? "",
                                                                     code: form.code ?? "", stage: form.stage ?? "", stages: stages, error: error))
    }

    @Sendable static func createSchool(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode(NewSchoolForm.self)
        return try await FormResponse.handle(req, {
            let school = try await OrganisationService.createSchool(.init(name: form.name ?? "", code: form.code ?? "", stage: form.stage ?? ""), actor, on: req.db)
            return req.redirect(to: OrganisationPaths.school.path(school.id!))
        }, rerender: { try await renderNewSchool(req, form: form, error: $0) })
    }

    struct SchoolPage: Encodable {
        let layout: Layout
        let name: String
        let code: String
        let stage: String
        let reviewSteps: [String]
        let grades: [GradeBlock]
        let canImport: Bool
        let settingsHref: String
    }

    struct GradeBlock: Encodable {
        let name: String
        let classes: [ClassLine]
    }

    struct ClassLine: Encodable {
        let href: String
        let name: String
        let headTeacher: String
        let students: Int
    }

    @Sendable static func school(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let school = try await OrganisationService.school(try req.idParameter(), actor, on: req.db)
        let classes = try await OrganisationService.classes(ofSchool: school, actor, on: req.db)
        let grades = Dictionary(grouping: classes, by: \.grade_number).sorted { $0.key < $1.key }.map { grade, rows in
            GradeBlock(name: Strings.text("grade.name", language, [String(grade)]), classes: rows.map {
                ClassLine(href: OrganisationPaths.schoolClass.path($0.id), name: ClassNames.name($0.grade_number, $0.number, language),
                          headTeacher: $0.head_teacher_name ?? "—", students: $0.students)
            })
        }
        var steps: [String] = []
        if school.reviewSubjectLeader { steps.append(req.t("role.subject_leader")) }
        if school.reviewHeadTeacher { steps.append(req.t("role.head_teacher")) }
        if school.reviewAcademicOffice { steps.append(req.t("role.school_admin")) }
        let page = SchoolPage(layout: Layout(req, title: school.name), name: school.name, code: school.code,
                              stage: req.t("school.stage." + school.stage), reviewSteps: steps, grades: grades,
                              canImport: actor.canAdminister(schoolId: school.id!, districtId: school.districtId),
                              settingsHref: OrganisationPaths.schoolSettings.path(school.id!))
        return try await req.view.render("organisation/school", page)
    }

    struct ClassPage: Encodable {
        let layout: Layout
        let name: String
        let schoolName: String
        let schoolHref: String?
        let headTeacher: String
        let teachers: [TeacherLine]
        let roster: [RosterLine]
        let fullRoster: Bool
        let homeworkHref: String
        let fileHref: String?
        let contactsFull: Bool
        let revealHref: String?
        let exportHref: String?
        let eraseHref: String?
        let notice: String?
        let error: String?
        let reason: String
    }

    struct TeacherLine: Encodable {
        let subject: String
        let teacher: String
    }

    struct RosterLine: Encodable {
        let id: String
        let number: String
        let name: String
        let gender: String
        let guardians: String
    }

    @Sendable static func schoolClass(_ req: Request) async throws -> View {
        let contactsFull = (try? req.query.get(String.self, at: "contacts")) == "full"
        return try await renderClass(req, classId: try req.idParameter(), contactsFull: contactsFull, notice: nil, error: nil, reason: "")
    }

    static func renderClass(_ req: Request, classId: UUID, contactsFull: Bool, notice: String?, error: String?, reason: String) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let detail = try await OrganisationService.classDetail(classId, actor, on: req.db)
        let row = detail.row
        let scope = ClassScope(classId: row.id, districtId: row.district_id, schoolId: row.school_id, gradeId: row.grade_id)
        let guardians = detail.fullRoster
            ? try await PupilPrivacyService.guardianLines(classId: row.id, scope: scope, full: contactsFull, actor, on: req.db) : [:]
        let name = ClassNames.name(row.grade_number, row.number, language)
        let seesSchool = actor.isDistrictWide || actor.staffSchoolIds.contains(row.school_id)
        let handlesData = PupilPrivacyService.mayHandlePersonalData(actor, scope)
        let page = ClassPage(
            layout: Layout(req, title: "\(row.school_name) \(name)"), name: name, schoolName: row.school_name,
            schoolHref: seesSchool ? OrganisationPaths.school.path(row.school_id) : nil, headTeacher: row.head_teacher_name ?? "—",
            teachers: detail.teachers.map { TeacherLine(subject: language == .en ? $0.subject_name_en : $0.subject_name, teacher: $0.teacher_name) },
            roster: detail.roster.map {
                RosterLine(id: $0.id.uuidString, number: $0.student_number, name: $0.name, gender: $0.gender ?? "", guardians: guardians[$0.id] ?? "")
            },
            fullRoster: detail.fullRoster, homeworkHref: HomeworkPaths.classHomework.path(row.id),
            fileHref: actor.teaching.contains { $0.classId == row.id } ? HomeworkPaths.homeworkFile.path + "?class=" + row.id.uuidString : nil,
            contactsFull: contactsFull,
            revealHref: !contactsFull && detail.fullRoster && PupilPrivacyService.mayRevealContacts(actor, scope) ? OrganisationPaths.schoolClass.path(row.id) + "?contacts=full" : nil,
            exportHref: handlesData ? OrganisationPaths.classRosterExport.path(row.id) : nil,
            eraseHref: handlesData ? OrganisationPaths.classPupilErase.path(row.id) : nil,
            notice: notice, error: error, reason: reason)
        return try await req.view.render("organisation/class", page)
    }

    @Sendable static func rosterExport(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let export = try await PupilPrivacyService.rosterExport(classId: try req.idParameter(), actor, on: req.db)
        return CSVDownload.response(rows: export.rows, asciiName: "roster-\(export.className)", displayName: req.t("class.exportName", export.className))
    }

    struct EraseForm: Content {
        let studentId: String?
        let reason: String?
    }

    @Sendable static func erasePupil(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let classId = try req.idParameter()
        // Who may erase is settled before the form is read: anyone else learns nothing from it.
        let (_, scope) = try await PupilPrivacyService.visibleScope(classId, actor, on: req.db)
        guard PupilPrivacyService.mayHandlePersonalData(actor, scope) else { throw AppError.forbidden }
        let form = try req.content.decode(EraseForm.self)
        return try await FormResponse.handle(req, {
            guard let studentId = form.studentId.flatMap(UUID.init(uuidString:)) else {
                throw AppError.invalid(field: "studentId", messageKey: "privacy.choosePupil")
            }
            try await PupilPrivacyService.erase(studentId: studentId, reason: form.reason ?? "", actor, store: req.application.attachments, on: req.db)
            return try await renderClass(req, classId: classId, contactsFull: false, notice: req.t("privacy.erased"), error: nil, reason: "")
                .encodeResponse(for: req)
        }, rerender: { message in
            try await renderClass(req, classId: classId, contactsFull: false, notice: nil, error: message, reason: form.reason ?? "")
        })
    }
}
