import Fluent
import Foundation
import JianfuCore
import Vapor

/// Sign-up pages: a guardian's page for one child (what the school offers the child's grade, and where each application
/// stands), the school administrator's sign-up settings and allocation, and the head teacher's reviews.
extension AfterSchoolPages {
    static func registerSignUp(_ routes: any RoutesBuilder) {
        routes.get(AfterSchoolPaths.pupil, use: pupil)
        routes.post(AfterSchoolPaths.pupilEnrolments, use: apply)
        routes.post(AfterSchoolPaths.withdraw, use: withdraw)
        routes.post(AfterSchoolPaths.review, use: review)
        routes.post(AfterSchoolPaths.signUp, use: saveSignUp)
        routes.post(AfterSchoolPaths.allocation, use: allocate)
    }

    struct PupilPage: Encodable {
        let layout: Layout
        let pupilName: String
        let schoolName: String
        let className: String
        let schoolHref: String
        let week: [String]
        let fee: String
        let signUpNote: String
        let offers: [Offer]
        let applyAction: String
        let choices: [FormOption]
        let marks: [MarkLine]
        let notice: String?
        let error: String?
    }

    struct MarkLine: Encodable {
        let date: String
        let program: String
        let present: Bool
        let leaving: String
    }

    /// How many of a child's latest marks the family's page lists.
    static let marksShown = 10

    struct Offer: Encodable {
        let programId: String
        let name: String
        let category: String
        let when: String
        let room: String
        let staff: String
        let places: String
        let description: String
        let status: String?
        let ranked: Bool
        let canApply: Bool
        let withdrawAction: String?
    }

    @Sendable static func pupil(_ req: Request) async throws -> View {
        try await renderPupil(req, id: try req.parameters.require("id", as: UUID.self), notice: nil, error: nil)
    }

    static func renderPupil(_ req: Request, id: UUID, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        guard let child = actor.children.first(where: { $0.studentId == id }), let schoolClass = try await SchoolClass.find(child.classId, on: req.db) else {
            throw AppError.notFound
        }
        let (current, programs) = try await AfterSchoolService.programs(schoolId: child.schoolId, actor, policies: req.application.policies, on: req.db)
        let mine = try await AfterSchoolService.pupilEnrolments(studentId: id, actor, on: req.db)
        let marks = try await AfterSchoolService.marks(studentId: id, limit: marksShown, actor, on: req.db).map { mark in
            MarkLine(date: LocalDate(iso: mark.date).map { AfterSchoolText.day($0, language) } ?? mark.date, program: mark.program_name, present: mark.present,
                     leaving: mark.left_at.map { req.t("as.leftWith", $0, mark.picked_up_by ?? "") } ?? "")
        }
        let allocated = try await AfterSchoolAllocation.query(on: req.db).filter(\.$schoolId == child.schoolId).filter(\.$termId == current.term.id!).first() != nil
        let grade = schoolClass.gradeNumber
        let plan = current.plan?.plan
        let sessions = plan?.grades.first { $0.grade == grade }?.sessions ?? []
        // Days with the same sessions read as one line: "周一、周二、周三：…".
        var days: [(text: String, weekdays: [Int])] = []
        for weekday in 1...5 {
            let day = sessions.filter { $0.weekday == weekday }.sorted { $0.start < $1.start }
            let text = day.isEmpty ? "—" : day.map { "\(req.t($0.kind.labelKey)) \($0.start.hhmm)–\($0.end.hhmm)" }.joined(separator: "；")
            if let index = days.firstIndex(where: { $0.text == text }) { days[index].weekdays.append(weekday) } else { days.append((text, [weekday])) }
        }
        let week = days.map { AfterSchoolText.weekdays($0.weekdays, language) + "：" + $0.text }
        let closes = current.plan?.signupClosesOn
        let signUpNote = allocated ? req.t("as.afterAllocation") : closes.map { req.t("as.rankUntil", $0) } ?? req.t("as.rankOpen")
        let offers = programs.filter { $0.grades.contains(grade) }.map { line -> Offer in
            let row = line.row
            let application = mine.last { $0.row.programId == row.id }?.row
            let state = application?.state
            let active = state.map { AfterSchoolService.active.contains($0) } ?? false
            let basic = row.category == ProgramCategory.homeworkGuidance.rawValue
            var status = state.map { req.t("as.enrolment." + $0.rawValue) }
            if state == .waiting, let position = application?.position { status = req.t("as.waitingAt", String(position)) }
            if state == .applied, let choice = application?.choice { status = req.t("as.rankedAs", String(choice)) }
            return Offer(programId: row.id.uuidString, name: row.name, category: req.t("as.category." + row.category),
                         when: AfterSchoolText.weekdays(line.weekdays, language) + " \(row.start_time)–\(row.end_time)", room: row.room,
                         staff: row.staff_name, places: basic ? req.t("as.everyone") : req.t("as.places", String(line.enrolled), String(row.capacity), String(line.waiting)),
                         description: row.description, status: status, ranked: !basic && !allocated, canApply: !active,
                         withdrawAction: active ? AfterSchoolPaths.withdraw.path(application!.id!) : nil)
        }
        return try await req.view.render("after-school/pupil", PupilPage(
            layout: Layout(req, title: req.t("as.signUpFor", child.name)), pupilName: child.name, schoolName: current.school.name,
            className: ClassNames.name(schoolClass.gradeNumber, schoolClass.number, language), schoolHref: AfterSchoolPaths.school.path(child.schoolId),
            week: week, fee: plan.map { $0.fee.free ? req.t("as.free") : req.t("as.feePerMonth", String($0.fee.yuanPerMonth ?? 0)) } ?? "—",
            signUpNote: signUpNote, offers: offers, applyAction: AfterSchoolPaths.pupilEnrolments.path(id),
            choices: (1...AfterSchoolService.maxChoices).map { FormOption(value: String($0), label: req.t("as.choiceN", String($0)), selected: $0 == 1) },
            marks: Array(marks), notice: notice, error: error))
    }

    @Sendable static func apply(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        guard actor.children.contains(where: { $0.studentId == id }) else { throw AppError.notFound }
        struct Form: Content { var programId: String?; var choice: String? }
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            guard let programId = form.programId.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let row = try await AfterSchoolService.apply(studentId: id, programId: programId, choice: form.choice.flatMap { Int($0) }, actor, on: req.db)
            let status = row.position.map { req.t("as.waitingAt", String($0)) } ?? req.t("as.enrolment." + row.status)
            return try await renderPupil(req, id: id, notice: req.t("as.appliedNotice", status), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderPupil(req, id: id, notice: nil, error: $0) })
    }

    @Sendable static func withdraw(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        guard let row = try await AfterSchoolEnrolment.find(id, on: req.db), actor.children.contains(where: { $0.studentId == row.studentId }) else {
            throw AppError.notFound
        }
        return try await FormResponse.handle(req, {
            _ = try await AfterSchoolService.withdraw(enrolmentId: id, actor, on: req.db)
            return try await renderPupil(req, id: row.studentId, notice: req.t("as.withdrawnNotice"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderPupil(req, id: row.studentId, notice: nil, error: $0) })
    }

    @Sendable static func review(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        guard let row = try await AfterSchoolEnrolment.find(id, on: req.db) else { throw AppError.notFound }
        struct Form: Content { var approve: String? }
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            let decided = try await AfterSchoolService.review(enrolmentId: id, approve: form.approve == "1", actor, on: req.db)
            return try await renderSchool(req, id: row.schoolId, planForm: nil, programForm: nil,
                                          notice: req.t("as.reviewedNotice", req.t("as.enrolment." + decided.status))).encodeResponse(for: req)
        }, rerender: { try await renderSchool(req, id: row.schoolId, planForm: nil, programForm: nil, error: $0) })
    }

    @Sendable static func saveSignUp(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        struct Form: Content { var closesOn: String?; var classReview: String? }
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            try await AfterSchoolService.saveSignUp(schoolId: id, closesOn: form.closesOn, classReview: form.classReview != nil, actor,
                                                    policies: req.application.policies, on: req.db)
            return try await renderSchool(req, id: id, planForm: nil, programForm: nil, notice: req.t("as.signUpSaved")).encodeResponse(for: req)
        }, rerender: { try await renderSchool(req, id: id, planForm: nil, programForm: nil, error: $0) })
    }

    @Sendable static func allocate(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        return try await FormResponse.handle(req, {
            let run = try await AfterSchoolService.allocate(schoolId: id, seed: nil, actor, policies: req.application.policies, on: req.db)
            return try await renderSchool(req, id: id, planForm: nil, programForm: nil,
                                          notice: req.t("as.allocated", String(run.placed), String(run.waiting), String(run.seed))).encodeResponse(for: req)
        }, rerender: { try await renderSchool(req, id: id, planForm: nil, programForm: nil, error: $0) })
    }
}
