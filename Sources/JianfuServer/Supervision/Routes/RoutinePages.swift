import Fluent
import Foundation
import JianfuCore
import Vapor

/// The teaching-routines page: the person's own lessons observed against the quota, everyone's progress they may see
/// with those behind the term's pace first, subject groups' research time, and who holds which post.
enum RoutinePages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SupervisionPaths.routines, use: page)
        routes.post(SupervisionPaths.observations, use: logObservation)
        routes.post(SupervisionPaths.sessions, use: logSession)
        routes.post(SupervisionPaths.posts, use: assignPost)
    }

    struct Count: Encodable {
        let done: Int
        let quota: String
        let expected: String?
        let behind: Bool
    }

    struct PersonLine: Encodable {
        let name: String
        let school: String
        let post: String
        let heard: Count
        let critiqued: Count
        let guided: Count?
        let behind: Bool
    }

    struct GroupLine: Encodable {
        let school: String
        let subject: String
        let hours: String
        let shortWeeks: Int
        let lastShort: String?
    }

    struct SchoolWideLine: Encodable {
        let school: String
        let sessions: Count
    }

    struct ObservationLine: Encodable {
        let date: String
        let lesson: String
        let teacher: String
        let critiqued: Bool
        let notes: String
    }

    struct Page: Encodable {
        let layout: Layout
        let term: String
        let pace: String
        let own: PersonLine?
        let observations: [ObservationLine]
        let classes: [FormOption]
        let subjects: [FormOption]
        let today: String
        let people: [PersonLine]
        let behindCount: Int
        let groups: [GroupLine]
        let schoolWide: [SchoolWideLine]
        let researchRule: String
        let schoolWideRule: String
        let sessionSchools: [FormOption]
        let staff: [FormOption]
        let posts: [FormOption]
        let mayAssign: Bool
        let schoolFilter: [FormOption]
        let form: [String: String]
        let notice: String?
        let error: String?
    }

    @Sendable static func page(_ req: Request) async throws -> View {
        try await render(req, notice: nil, error: nil)
    }

    static func count(_ progress: QuotaProgress, _ req: Request) -> Count {
        Count(done: progress.done, quota: progress.quota.map(String.init) ?? req.t("sup.noQuota"), expected: progress.expectedByNow.map(String.init),
              behind: progress.behind)
    }

    static func line(_ person: RoutineService.PersonProgress, _ req: Request) -> PersonLine {
        PersonLine(name: person.name, school: person.schoolName ?? req.t("sup.districtStaff"), post: req.t(person.post.labelKey),
                   heard: count(person.heard, req), critiqued: count(person.critiqued, req), guided: person.guided.map { count($0, req) },
                   behind: person.behind)
    }

    static func render(_ req: Request, notice: String?, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        struct Query: Content { var school: String? }
        let chosen = try req.query.decode(Query.self).school.flatMap(UUID.init(uuidString:))
        let progress = try await RoutineService.progress(schoolId: chosen, actor, policies: req.application.policies, on: req.db)
        let holder = try await RoutineService.post(of: actor.userId, on: req.db)
        let own = progress.people.first { $0.userId == actor.userId }
        let language = req.language
        // The classes a holder may log: their school's, or for a researcher the school chosen (else the first).
        var classes: [FormOption] = []
        var subjects: [FormOption] = []
        let schools = try await School.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$code).all()
        if let holder {
            let classSchool = holder.schoolId ?? chosen ?? schools.first?.id
            if let classSchool {
                classes = try await SchoolClass.query(on: req.db).filter(\.$schoolId == classSchool).sort(\.$gradeNumber).sort(\.$number).all()
                    .map { FormOption(value: $0.id!.uuidString, label: ClassNames.name($0.gradeNumber, $0.number, language), selected: $0.id!.uuidString == form["class"]) }
            }
        }
        let districtSubjects = try await Subject.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$name).all()
        subjects = districtSubjects.map { FormOption(value: $0.id!.uuidString, label: language == .zh ? $0.name : $0.nameEn, selected: $0.id!.uuidString == form["subject"]) }
        let observations = holder == nil ? [] : try await RoutineQueries.observations(observerId: actor.userId, termId: progress.term.id!, limit: 20, on: req.db)
        let visibleSchools = schools.filter { actor.isDistrictWide || actor.adminSchoolIds.contains($0.id!) }
        let sessionSchools = holder?.post == StaffPost.researcher.rawValue ? schools : schools.filter { actor.adminSchoolIds.contains($0.id!) }
        let staff: [FormOption] = try await {
            if let school = actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }).first {
                return try await SupervisionQueries.staff(schoolId: school, on: req.db).map { FormOption(value: $0.id.uuidString, label: $0.display_name, selected: false) }
            }
            if actor.isBureauAdmin {
                return try await User.query(on: req.db).filter(\.$districtId == actor.districtId).filter(\.$schoolId == nil).filter(\.$passwordHash != nil)
                    .sort(\.$displayName).all().map { FormOption(value: $0.id!.uuidString, label: $0.displayName, selected: false) }
            }
            return []
        }()
        let posts = StaffPost.allCases.filter { actor.isBureauAdmin ? !$0.isSchoolPost : $0.isSchoolPost }
            .map { FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: false) }
        let subjectNames = Dictionary(uniqueKeysWithValues: districtSubjects.map { ($0.id!, language == .zh ? $0.name : $0.nameEn) })
        let schoolNames = Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, $0.name) })
        let people = actor.isDistrictWide || !actor.adminSchoolIds.isEmpty ? progress.people : []
        return try await req.view.render("supervision/routines", Page(
            layout: Layout(req, title: req.t("sup.routines")),
            term: progress.term.name,
            pace: req.t("sup.pace", progress.today.iso),
            own: own.map { line($0, req) },
            observations: observations.map {
                ObservationLine(date: $0.observed_on, lesson: "\($0.school_name) \(ClassNames.name($0.grade_number, $0.class_number, language)) \($0.subject_name)",
                                teacher: $0.teacher_name, critiqued: $0.critiqued, notes: $0.notes)
            },
            classes: classes, subjects: subjects, today: form["date"] ?? progress.today.iso,
            people: people.map { line($0, req) }, behindCount: people.filter(\.behind).count,
            groups: progress.groups.map {
                GroupLine(school: schoolNames[$0.schoolId] ?? "", subject: subjectNames[$0.subjectId] ?? $0.subjectName,
                          hours: SupervisionService.points(Double($0.minutesThisTerm) / 60), shortWeeks: $0.shortWeeks.count, lastShort: $0.shortWeeks.last?.iso)
            },
            schoolWide: progress.schoolWide.map { SchoolWideLine(school: $0.schoolName, sessions: count($0.sessions, req)) },
            researchRule: progress.rules.researchMinutesPerWeek.value.map { req.t("sup.researchRule", SupervisionService.points(Double($0) / 60), progress.rules.researchMinutesPerWeek.rule) }
                ?? req.t("sup.noQuotaRule", progress.rules.researchMinutesPerWeek.wording),
            schoolWideRule: progress.rules.schoolWideResearchPerTerm.value.map { req.t("sup.schoolWideRule", String($0), progress.rules.schoolWideResearchPerTerm.rule) }
                ?? req.t("sup.noQuotaRule", progress.rules.schoolWideResearchPerTerm.wording),
            sessionSchools: sessionSchools.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form["school"]) },
            staff: staff, posts: posts, mayAssign: !staff.isEmpty && !posts.isEmpty,
            schoolFilter: actor.isDistrictWide ? visibleSchools.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == chosen) } : [],
            form: form, notice: notice, error: error))
    }

    @Sendable static func logObservation(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let classId = UUID(uuidString: form["class"] ?? "") else { throw AppError.invalid(field: "class", messageKey: "form.required", args: ["sup.class"]) }
            guard let subjectId = UUID(uuidString: form["subject"] ?? "") else {
                throw AppError.invalid(field: "subject", messageKey: "form.required", args: ["sup.subject"])
            }
            let row = try await RoutineService.logObservation(.init(date: form["date"] ?? "", classId: classId, subjectId: subjectId, teacherId: nil,
                                                                    critiqued: form["critiqued"] == "on", notes: form["notes"] ?? ""), actor, on: req.db)
            return try await render(req, notice: req.t(row.critiqued ? "sup.observationCritiquedSaved" : "sup.observationSaved", row.observedOn), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }

    @Sendable static func logSession(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let schoolId = UUID(uuidString: form["school"] ?? "") else { throw AppError.invalid(field: "school", messageKey: "form.required", args: ["sup.school"]) }
            let minutes = try Validate.wholeNumber(form["minutes"], field: "minutes", label: "sup.minutes")
            let row = try await RoutineService.logSession(.init(schoolId: schoolId, subjectId: UUID(uuidString: form["subject"] ?? ""), date: form["date"] ?? "",
                                                                minutes: minutes, schoolWide: form["schoolWide"] == "on", topic: form["topic"] ?? ""),
                                                          actor, on: req.db)
            return try await render(req, notice: req.t("sup.sessionSaved", row.heldOn, String(row.minutes)), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }

    @Sendable static func assignPost(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let userId = UUID(uuidString: form["user"] ?? "") else { throw AppError.invalid(field: "user", messageKey: "form.required", args: ["sup.person"]) }
            let holder = try await RoutineService.assignPost(userId: userId, post: form["post"] ?? "", actor, on: req.db)
            let name = try await User.find(userId, on: req.db)?.displayName ?? ""
            return try await render(req, notice: req.t("sup.postAssigned", name, req.t("sup.post." + holder.post)), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }
}
