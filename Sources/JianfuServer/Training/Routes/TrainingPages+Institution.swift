import Fluent
import Foundation
import JianfuCore
import Vapor

extension TrainingPages {
    struct EventLine: Encodable {
        let date: String
        let event: String
        let change: String
        let note: String
    }

    struct CourseLine: Encodable {
        let name: String
        let subject: String
        let kind: String
        let contentOf: String?
        let mode: String
        let detail: String
        let sessions: String
        let violations: [String]
        /// Where a finding is made from its violations, while none is open for it.
        let findingPath: String?
    }

    struct FindingLine: Encodable {
        let course: String
        let rules: String
        let dueOn: String
        let status: String
        let open: Bool
        let overdue: Bool
        let outcome: String
        let closePath: String
    }

    struct ComplaintLine: Encodable {
        let reference: String
        let filedOn: String
        let status: String
        let text: String
    }

    struct InstitutionPage: Encodable {
        let layout: Layout
        let name: String
        let code: String
        let kind: String
        let mode: String
        let status: String
        let since: String
        let listing: String?
        let listingReason: String
        let address: String
        let insurance: String
        let staff: String
        let custody: String
        /// OT-15: prepaid fees without bank custody or a deposit.
        let custodyMissing: String?
        let feesPublished: Bool
        let events: [EventLine]
        let courses: [CourseLine]
        let findings: [FindingLine]
        let complaints: [ComplaintLine]
        let complaintsHref: String
        let mayManage: Bool
        let nextEvents: [FormOption]
        let listings: [FormOption]
        let subjects: [FormOption]
        let modes: [FormOption]
        let today: String
        let eventPath: String
        let listingPath: String
        let coursePath: String
        let form: [String: String]
        let notice: String?
        let error: String?
    }

    static func sessionText(_ json: String, _ req: Request) -> String {
        (JSONText.decode([TrainingService.NewSession].self, json) ?? []).map { "\(req.t("training.weekday.\($0.weekday)")) \($0.start)–\($0.end)" }
            .joined(separator: "；")
    }

    static func renderInstitution(_ req: Request, id: UUID, notice: String?, error: String?, form: [String: String] = [:]) async throws -> View {
        let actor = try req.requireActor()
        let row = try await TrainingService.institution(id, actor, on: req.db)
        let district = try await TrainingService.district(actor, on: req.db)
        let training = try req.application.policies.profile(for: district).training
        let events = try await InstitutionStatusEvent.query(on: req.db).filter(\.$institutionId == id).sort(\.$onDate, .descending)
            .sort(\.$recordedAt, .descending).all()
        let courses = try await TrainingCourseRecord.query(on: req.db).filter(\.$institutionId == id).sort(\.$createdAt, .descending).all()
        let findings = try await TrainingFinding.query(on: req.db).filter(\.$institutionId == id).sort(\.$createdAt, .descending).all()
        let complaints = try await TrainingComplaint.query(on: req.db).filter(\.$institutionId == id).sort(\.$createdAt, .descending).all()
        let today = WallClock.today(in: district.zone)
        let openFor = Set(findings.filter { $0.status == FindingStatus.open.rawValue }.compactMap(\.courseId))
        let courseNames = Dictionary(courses.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let status = InstitutionStatus(rawValue: row.status) ?? .pending
        let listing = PublicListing.of(status: status, listed: row.listing.flatMap(PublicListing.init), feesPublished: row.feesPublished)
        let label = { (key: String) in req.t(key) }
        return try await req.view.render("training/institution", InstitutionPage(
            layout: Layout(req, title: row.name), name: row.name, code: row.creditCode, kind: label("training.kind." + row.kind),
            mode: label("training.mode." + row.mode), status: label("training.status." + row.status), since: row.statusSince,
            listing: listing.map { label($0.labelKey) }, listingReason: row.listingReason, address: row.address,
            insurance: row.insuranceExpiresOn ?? label("training.noInsurance"), staff: "\(row.staffCount) / \(row.qualifiedStaffCount)",
            custody: label("training.custody." + row.custody), custodyMissing: row.custody == FeeCustody.none.rawValue ? training.feeCustody.rule : nil, feesPublished: row.feesPublished,
            events: events.map { step in
                let isListing = step.event == "listing"
                let change = isListing ? "\(label("training.list." + step.fromStatus)) → \(label("training.list." + step.toStatus))"
                    : "\(label("training.status." + step.fromStatus)) → \(label("training.status." + step.toStatus))"
                return EventLine(date: step.onDate, event: label("training.event." + step.event), change: change, note: step.note)
            },
            courses: courses.map { course in
                CourseLine(name: course.name, subject: course.subject, kind: label("training.kind." + course.kind), contentOf: course.contentOf,
                           mode: label("training.mode." + course.mode),
                           detail: req.t("training.courseDetail", String(course.lessonMinutes), String(course.classSize), Money.yuan(course.priceFen),
                                         course.startsOn, course.endsOn),
                           sessions: sessionText(course.sessions, req),
                           violations: TrainingService.violations(of: course).map { "\($0.rule) " + Strings.text($0.code, req.language, $0.args) },
                           findingPath: course.violationCount > 0 && !openFor.contains(course.id!) ? TrainingPaths.findings.path(course.id!) : nil)
            },
            findings: findings.map { finding in
                let open = finding.status == FindingStatus.open.rawValue
                return FindingLine(course: finding.courseId.flatMap { courseNames[$0] } ?? finding.description, rules: finding.rules, dueOn: finding.dueOn,
                                   status: label("training.finding." + finding.status), open: open, overdue: open && finding.dueOn < today.iso,
                                   outcome: finding.outcome, closePath: TrainingPaths.order.path(finding.id!))
            },
            complaints: complaints.map { complaint in
                ComplaintLine(reference: complaint.reference, filedOn: LocalDate.today(in: district.zone, now: complaint.createdAt).iso,
                              status: label("training.complaint." + complaint.status), text: complaint.text)
            },
            complaintsHref: TrainingPaths.complaints.path,
            mayManage: TrainingService.mayManage(actor),
            nextEvents: InstitutionLifecycle.events(from: status).map { FormOption(value: $0.rawValue, label: label($0.labelKey), selected: false) },
            listings: ["none", PublicListing.grey.rawValue, PublicListing.black.rawValue].map {
                FormOption(value: $0, label: label("training.list." + $0), selected: $0 == (row.listing ?? "none"))
            },
            subjects: training.subjects.names.map { FormOption(value: $0, label: $0, selected: form["subject"] == $0) },
            modes: options(TrainingMode.self, form["mode"] ?? row.mode, req), today: today.iso,
            eventPath: TrainingPaths.events.path(id), listingPath: TrainingPaths.listing.path(id), coursePath: TrainingPaths.courses.path(id),
            form: form, notice: notice ?? ((try? req.query.get(String.self, at: "registered")) != nil ? req.t("training.registered", row.name) : nil),
            error: error))
    }

    @Sendable static func institutionPage(_ req: Request) async throws -> View {
        try await renderInstitution(req, id: try req.idParameter(), notice: nil, error: nil)
    }

    /// Runs a form of the institution's page: its notice on the re-rendered page, or its refusal beside the form.
    static func institutionForm(_ req: Request, manage: Bool, _ action: @escaping (Actor, UUID, [String: String]) async throws -> String) async throws
        -> Response {
        let actor = try req.requireActor()
        if manage { try TrainingService.requireManage(actor) } else { try TrainingService.requireRead(actor) }
        let id = try req.idParameter()
        _ = try await TrainingService.institution(id, actor, on: req.db)
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let notice = try await action(actor, id, form)
            req.application.trainingLists.invalidate(actor.districtId)
            return try await renderInstitution(req, id: id, notice: notice, error: nil).encodeResponse(for: req)
        }, rerender: { try await renderInstitution(req, id: id, notice: nil, error: $0, form: form) })
    }

    @Sendable static func recordEvent(_ req: Request) async throws -> Response {
        try await institutionForm(req, manage: true) { actor, id, form in
            let row = try await TrainingService.recordEvent(id, event: form["event"] ?? "", on: form["date"] ?? "", note: form["note"] ?? "", actor,
                                                            policies: req.application.policies, on: req.db)
            return req.t("training.eventSaved", req.t("training.event." + (form["event"] ?? "")), req.t("training.status." + row.status))
        }
    }

    @Sendable static func setListing(_ req: Request) async throws -> Response {
        try await institutionForm(req, manage: true) { actor, id, form in
            _ = try await TrainingService.setListing(id, listing: form["listing"] ?? "", reason: form["reason"] ?? "", on: form["date"] ?? "", actor, on: req.db)
            return req.t("training.listingSaved", req.t("training.list." + (form["listing"] ?? "none")))
        }
    }

    @Sendable static func makeFinding(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try TrainingService.requireRead(actor)
        let courseId = try req.idParameter()
        guard let course = try await TrainingCourseRecord.find(courseId, on: req.db), course.districtId == actor.districtId else { throw AppError.notFound }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let row = try await TrainingService.makeFinding(courseId: courseId, dueOn: form["dueOn"] ?? "", actor, on: req.db)
            return try await renderInstitution(req, id: course.institutionId, notice: req.t("training.findingMade", row.rules, row.dueOn), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderInstitution(req, id: course.institutionId, notice: nil, error: $0) })
    }

    @Sendable static func closeFinding(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try TrainingService.requireManage(actor)
        let id = try req.idParameter()
        guard let finding = try await TrainingFinding.find(id, on: req.db), finding.districtId == actor.districtId else { throw AppError.notFound }
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let row = try await TrainingService.closeFinding(id, outcome: form["outcome"] ?? "", note: form["note"] ?? "", actor, on: req.db)
            req.application.trainingLists.invalidate(row.districtId)
            return try await renderInstitution(req, id: row.institutionId, notice: req.t("training.findingClosed", req.t("training.finding." + row.status)),
                                               error: nil).encodeResponse(for: req)
        }, rerender: { try await renderInstitution(req, id: finding.institutionId, notice: nil, error: $0) })
    }

    /// Sessions and packages are typed one a line, as a bureau officer copies them from a leaflet.
    static func lines(_ text: String?) -> [[String]] {
        (text ?? "").split(whereSeparator: \.isNewline).map { line in
            line.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "—", with: " ").replacingOccurrences(of: "–", with: " ")
                .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "，" }).map(String.init)
        }.filter { !$0.isEmpty }
    }

    @Sendable static func addCourse(_ req: Request) async throws -> Response {
        try await institutionForm(req, manage: false) { actor, id, form in
            let sessions = try lines(form["sessions"]).enumerated().map { index, parts in
                guard parts.count == 3, let weekday = Int(parts[0]) else { throw TrainingError.badSession(index + 1) }
                return TrainingService.NewSession(weekday: weekday, start: parts[1], end: parts[2])
            }
            let packages = try lines(form["packages"]).enumerated().map { index, parts in
                guard parts.count == 3, let months = Int(parts[0]), let lessons = Int(parts[1]) else { throw TrainingError.badPackage(index + 1) }
                return TrainingService.NewPackage(months: months, lessons: lessons, amount: parts[2])
            }
            let (row, violations) = try await TrainingService.addCourse(id, .init(
                name: form["name"] ?? "", subject: form["subject"] ?? "", mode: form["mode"] ?? "", lessonMinutes: Int(form["lessonMinutes"] ?? "") ?? 0,
                classSize: Int(form["classSize"] ?? "") ?? 0, price: form["price"] ?? "", startsOn: form["startsOn"] ?? "", endsOn: form["endsOn"] ?? "",
                sessions: sessions, packages: packages), actor, policies: req.application.policies, on: req.db)
            return req.t("training.courseSaved", row.name,
                          violations.isEmpty ? req.t("training.courseClean") : req.t("training.courseFlagged", String(violations.count)))
        }
    }
}
