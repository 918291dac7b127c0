import Fluent
import Foundation
import JianfuCore
import Vapor

/// 家校共育: the term's parent meetings, lectures and online talks with their attendance and feedback, coverage of every
/// class by a parent meeting, and the three levels of parent committees.
enum ParentSchoolPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(GrowthPaths.families, use: index)
        routes.post(GrowthPaths.events, use: createEvent)
        routes.get(GrowthPaths.event, use: eventPage)
        routes.post(GrowthPaths.attendance, use: markAttendance)
        routes.post(GrowthPaths.committees, use: addMember)
    }

    struct EventLine: Encodable {
        let href: String
        let title: String
        let kind: String
        let scope: String
        let date: String
        let organiser: String
        let attendance: String
        let surveyHref: String?
    }

    struct SchoolLine: Encodable {
        let name: String
        /// The district's list of this school's events.
        let eventsHref: String
        let classes: Int
        let uncovered: Int
        let uncoveredNames: String
        let lectures: Int
        let onlineTalks: Int
        let attendance: String
        let committees: String
    }

    struct MemberLine: Encodable {
        let scope: String
        let name: String
        let chair: Bool
        let since: String
    }

    struct Page: Encodable {
        let layout: Layout
        let term: String
        let rule: String
        let events: [EventLine]
        /// A district-wide reader's list: the school chosen, or how many of the district's latest events are shown.
        let eventsFor: String?
        let latestOf: Int?
        let schools: [SchoolLine]
        let own: SchoolLine?
        let members: [MemberLine]
        let mayOrganise: Bool
        let levels: [FormOption]
        let kinds: [FormOption]
        let grades: [FormOption]
        let classes: [FormOption]
        let chosenClass: String?
        let guardians: [FormOption]
        let today: String
        let form: [String: String]
        let notice: String?
        let error: String?
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        try await render(req, notice: nil, error: nil)
    }

    static func scope(level: String, grade: Int?, classGrade: Int?, classNumber: Int?, school: String?, _ req: Request) -> String {
        let prefix = school.map { $0 + " " } ?? ""
        switch ParentLevel(rawValue: level) {
        case .school: return prefix + req.t("growth.level.school")
        case .grade: return prefix + req.t("growth.gradeN", String(grade ?? 0))
        case .class: return prefix + ClassNames.name(classGrade ?? 0, classNumber ?? 0, req.language)
        case nil: return prefix
        }
    }

    /// Where the feedback form leads: its results for those who may read them (SurveyService.mayReadResults), a
    /// guardian's questionnaires for a family, nowhere for other staff.
    static func feedbackHref(_ surveyId: UUID?, schoolId: UUID, organiser: UUID, _ actor: Actor) -> String? {
        guard let surveyId else { return nil }
        if actor.isDistrictWide || actor.adminSchoolIds.contains(schoolId) || organiser == actor.userId { return SurveyPaths.results.path(surveyId) }
        return actor.children.isEmpty ? nil : SurveyPaths.index.path
    }

    static func schoolLine(_ line: ParentSchoolService.SchoolLine, _ req: Request) -> SchoolLine {
        SchoolLine(name: line.school.name, eventsHref: GrowthPaths.families.path + "?school=\(line.school.id!.uuidString.lowercased())#growth-events",
                   classes: line.classes, uncovered: line.uncovered.count,
                   uncoveredNames: line.uncovered.map { ClassNames.name($0.grade_number, $0.number, req.language) }.joined(separator: "、"),
                   lectures: line.lectures, onlineTalks: line.onlineTalks, attendance: line.attendancePercent.map { "\($0)%" } ?? "—",
                   committees: req.t("growth.committeeCounts", String(line.committees[.school] ?? 0), String(line.committees[.grade] ?? 0),
                                     String(line.committees[.class] ?? 0)))
    }

    /// How many of the district's events its roles see before choosing a school.
    static let districtLatest = 50

    static func render(_ req: Request, notice: String?, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        let overview = try await ParentSchoolService.overview(actor, policies: req.application.policies, on: req.db)
        let language = req.language
        let multipleSchools = actor.isDistrictWide
        // The district's roles read one school's events at a time, or the district's latest: a district holds thousands.
        struct Filter: Content { var school: String? }
        let chosenSchool = actor.isDistrictWide ? (try? req.query.decode(Filter.self))?.school.flatMap(UUID.init(uuidString:))
            .flatMap { id in overview.schools.first { $0.school.id == id }?.school } : nil
        var eventRows = overview.events
        var latestOf: Int?
        if let chosenSchool {
            eventRows = eventRows.filter { $0.school_id == chosenSchool.id }
        } else if actor.isDistrictWide && eventRows.count > Self.districtLatest {
            latestOf = eventRows.count
            eventRows = Array(eventRows.prefix(Self.districtLatest))
        }
        let events = eventRows.map { row in
            EventLine(href: GrowthPaths.event.path(row.id), title: row.title, kind: req.t("growth.eventKind." + row.kind),
                      scope: scope(level: row.level, grade: row.grade_number, classGrade: row.class_grade, classNumber: row.class_number,
                                   school: multipleSchools && chosenSchool == nil ? row.school_name : nil, req),
                      date: row.held_on, organiser: row.organiser_name, attendance: row.marked > 0 ? "\(row.attended) / \(row.marked)" : "—",
                      surveyHref: feedbackHref(row.survey_id, schoolId: row.school_id, organiser: row.organiser_id, actor))
        }
        // Who may organise: a school's administrators for their school's classes, a head teacher for their own class.
        let adminSchool = actor.adminSchoolIds.sorted { $0.uuidString < $1.uuidString }.first
        let headed = actor.memberships.filter { $0.role == .headTeacher }.compactMap(\.classId)
        var classRows: [SchoolClass] = []
        if let adminSchool {
            classRows = try await SchoolClass.query(on: req.db).filter(\.$schoolId == adminSchool).sort(\.$gradeNumber).sort(\.$number).all()
        } else if !headed.isEmpty {
            classRows = try await SchoolClass.query(on: req.db).filter(\.$id ~~ headed).sort(\.$gradeNumber).sort(\.$number).all()
        }
        struct Query: Content { var `class`: String? }
        let chosen = (try? req.query.decode(Query.self))?.class.flatMap(UUID.init(uuidString:)).flatMap { id in classRows.contains { $0.id == id } ? id : nil }
            ?? (classRows.count == 1 ? classRows[0].id : nil)
        var guardians: [ParentSchoolQueries.GuardianRow] = []
        if let chosen { guardians = try await ParentSchoolQueries.guardians(classId: chosen, on: req.db) }
        let members = overview.members.filter { member in adminSchool != nil || member.class_id.map(headed.contains) == true }
        let classNames = Dictionary(uniqueKeysWithValues: classRows.map { ($0.id!, ClassNames.name($0.gradeNumber, $0.number, language)) })
        let levels: [ParentLevel] = adminSchool != nil ? ParentLevel.allCases : [.class]
        let schoolLines: [SchoolLine] = actor.isDistrictWide ? overview.schools.map { schoolLine($0, req) } : []
        let own: SchoolLine? = actor.isDistrictWide ? nil : overview.schools.first.map { schoolLine($0, req) }
        let memberLines: [MemberLine] = members.map { member in
            let where_: String = member.class_id.flatMap { classNames[$0] }
                ?? scope(level: member.level, grade: member.grade_number, classGrade: nil, classNumber: nil, school: nil, req)
            return MemberLine(scope: where_, name: member.guardian_name, chair: member.chair, since: member.since)
        }
        let levelOptions: [FormOption] = levels.map { FormOption(value: $0.rawValue, label: req.t("growth.level." + $0.rawValue), selected: form["level"] == $0.rawValue) }
        let kindOptions: [FormOption] = ParentEventKind.allCases.map { FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: form["kind"] == $0.rawValue) }
        let gradeNumbers: [Int] = Array(Set(classRows.map(\.gradeNumber))).sorted()
        let gradeOptions: [FormOption] = gradeNumbers.map { FormOption(value: String($0), label: req.t("growth.gradeN", String($0)), selected: form["grade"] == String($0)) }
        let classOptions: [FormOption] = classRows.map { row in
            FormOption(value: row.id!.uuidString, label: classNames[row.id!] ?? "", selected: row.id == chosen || form["class"] == row.id!.uuidString)
        }
        let guardianOptions: [FormOption] = guardians.map { FormOption(value: $0.guardian_id.uuidString, label: "\($0.display_name)（\($0.pupil_name)）", selected: false) }
        let page = Page(
            layout: Layout(req, title: req.t("growth.families")), term: overview.period.term.name, rule: req.t("growth.familiesRule"),
            events: events, eventsFor: chosenSchool?.name, latestOf: latestOf, schools: schoolLines, own: own, members: memberLines, mayOrganise: !classRows.isEmpty,
            levels: levelOptions, kinds: kindOptions, grades: gradeOptions, classes: classOptions, chosenClass: chosen?.uuidString,
            guardians: guardianOptions, today: form["date"] ?? overview.period.today.iso, form: form, notice: notice, error: error)
        return try await req.view.render("growth/families", page)
    }

    @Sendable static func createEvent(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let classId = UUID(uuidString: form["class"] ?? "")
            let schoolId: UUID
            if let admin = actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }).first {
                schoolId = admin
            } else if let classId, let schoolClass = try await SchoolClass.find(classId, on: req.db) {
                schoolId = schoolClass.schoolId
            } else {
                throw AppError.forbidden
            }
            let event = try await ParentSchoolService.createEvent(.init(
                schoolId: schoolId, level: form["level"] ?? "", gradeNumber: form["grade"].flatMap { Int($0) }, classId: classId, kind: form["kind"] ?? "",
                title: form["title"] ?? "", date: form["date"] ?? "", agenda: form["agenda"] ?? "", feedback: form["feedback"] == "on"), actor, on: req.db)
            return req.redirect(to: GrowthPaths.event.path(event.id!) + "?created=1", redirectType: .normal)
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }

    @Sendable static func addMember(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let classId = UUID(uuidString: form["class"] ?? "") else { throw AppError.invalid(field: "class", messageKey: "form.required", args: ["growth.class"]) }
            guard let guardianId = UUID(uuidString: form["guardian"] ?? "") else {
                throw AppError.invalid(field: "guardian", messageKey: "form.required", args: ["growth.guardian"])
            }
            _ = try await ParentSchoolService.addMember(.init(classId: classId, level: form["level"] ?? "", guardianId: guardianId, chair: form["chair"] == "on",
                                                              since: form["since"] ?? ""), actor, on: req.db)
            return try await render(req, notice: req.t("growth.memberAdded"), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0, form: form) })
    }

    struct FamilyLine: Encodable {
        let id: String
        let name: String
        let attended: Bool
        let marked: Bool
    }

    struct EventPage: Encodable {
        let layout: Layout
        let title: String
        let kind: String
        let scope: String
        let date: String
        let agenda: String
        let organiser: String
        let surveyHref: String?
        let classes: [FormOption]
        let chosenClass: String?
        let families: [FamilyLine]
        let mayMark: Bool
        let attendancePath: String
        let notice: String?
        let error: String?
    }

    @Sendable static func eventPage(_ req: Request) async throws -> View {
        struct Query: Content { var created: String? }
        let created = (try? req.query.decode(Query.self))?.created != nil
        return try await renderEvent(req, id: try req.idParameter(), notice: created ? req.t("growth.eventSaved") : nil, error: nil)
    }

    static func renderEvent(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        guard let event = try await ParentEvent.find(id, on: req.db), actor.canSee(schoolId: event.schoolId, districtId: event.districtId) else {
            throw AppError.notFound
        }
        let language = req.language
        let held = ParentMeetings.Held(kind: ParentEventKind(rawValue: event.kind) ?? .parentMeeting, level: ParentLevel(rawValue: event.level) ?? .school,
                                       grade: event.gradeNumber, classId: event.classId)
        // A guardian sees the events their child's class was invited to, no other.
        if !actor.isDistrictWide && !actor.staffSchoolIds.contains(event.schoolId) {
            let grades = try await SchoolClass.query(on: req.db).filter(\.$id ~~ actor.children.map(\.classId)).all()
            guard grades.contains(where: { held.covers(.init(id: $0.id!, grade: $0.gradeNumber)) }) else { throw AppError.notFound }
        }
        // The classes whose families the person may mark: those the event is for, of their own administration or class.
        let invited = try await SchoolClass.query(on: req.db).filter(\.$schoolId == event.schoolId).sort(\.$gradeNumber).sort(\.$number).all()
            .filter { held.covers(.init(id: $0.id!, grade: $0.gradeNumber)) }
            .filter { ParentSchoolService.mayOrganise(actor, schoolId: event.schoolId, level: .class, classId: $0.id) }
        struct Query: Content { var `class`: String? }
        let asked = (try? req.query.decode(Query.self))?.class.flatMap(UUID.init(uuidString:))
        let chosen = invited.first { $0.id == asked } ?? (invited.count == 1 ? invited[0] : nil)
        var families: [ParentSchoolQueries.FamilyRow] = []
        if let chosen { families = try await ParentSchoolQueries.families(eventId: id, classId: chosen.id!, on: req.db) }
        let organiser = try await User.find(event.organiserId, on: req.db)?.displayName ?? ""
        var classRow: SchoolClass?
        if let classId = event.classId { classRow = try await SchoolClass.find(classId, on: req.db) }
        return try await req.view.render("growth/event", EventPage(
            layout: Layout(req, title: event.title), title: event.title, kind: req.t("growth.eventKind." + event.kind),
            scope: ParentSchoolPages.scope(level: event.level, grade: event.gradeNumber, classGrade: classRow?.gradeNumber, classNumber: classRow?.number, school: nil, req),
            date: event.heldOn, agenda: event.agenda, organiser: organiser, surveyHref: feedbackHref(event.surveyId, schoolId: event.schoolId, organiser: event.organiserId, actor),
            classes: invited.map { FormOption(value: $0.id!.uuidString, label: ClassNames.name($0.gradeNumber, $0.number, language), selected: $0.id == chosen?.id) },
            chosenClass: chosen?.id?.uuidString,
            families: families.map { FamilyLine(id: $0.student_id.uuidString, name: $0.name, attended: $0.attended == true, marked: $0.attended != nil) },
            mayMark: chosen != nil, attendancePath: GrowthPaths.attendance.path(id), notice: notice, error: error))
    }

    @Sendable static func markAttendance(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            guard let classId = UUID(uuidString: form["class"] ?? "") else { throw AppError.invalid(field: "class", messageKey: "form.required", args: ["growth.class"]) }
            let attended = Set(form.keys.filter { $0.hasPrefix("family_") }.compactMap { UUID(uuidString: String($0.dropFirst(7))) })
            let count = try await ParentSchoolService.markAttendance(eventId: id, classId: classId, attended: attended, actor, on: req.db)
            return try await renderEvent(req, id: id, notice: req.t("growth.attendanceSaved", String(count)), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderEvent(req, id: id, notice: nil, error: $0) })
    }
}
