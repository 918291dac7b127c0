import Fluent
import Foundation
import JianfuCore
import Vapor

/// Complaints: the public form (signed in, or with a phone number and the check code the page shows), the complainant's
/// view of its state, and the bureau's list with its triage.
enum ComplaintPages {
    static let checkCodeKey = "complaintCheckCode"

    static func register(signedIn: any RoutesBuilder, visitor: any RoutesBuilder) {
        visitor.get(TrainingPaths.publicComplaints, use: form)
        visitor.post(TrainingPaths.publicComplaints, use: file)
        visitor.get(TrainingPaths.publicComplaintStatus, use: status)
        signedIn.get(TrainingPaths.complaints, use: list)
        signedIn.post(TrainingPaths.complaint, use: handle)
    }

    struct FormPage: Encodable {
        let layout: Layout
        let district: String
        let institutions: [FormOption]
        let signedIn: Bool
        let checkCode: String
        let form: [String: String]
        let filed: Filed?
        let error: String?
    }

    struct Filed: Encodable {
        let reference: String
        let statusHref: String
    }

    static func renderForm(_ req: Request, district: District, filed: Filed?, error: String?, form: [String: String] = [:]) async throws -> View {
        let institutions = try await TrainingInstitution.query(on: req.db).filter(\.$districtId == district.id!).sort(\.$name).all()
        // A new code on every showing: the form must be answered from the page the visitor sees.
        let code = String(format: "%04d", Int.random(in: 0..<10_000))
        req.session.data[checkCodeKey] = code
        let signedIn = req.actor?.districtId == district.id
        return try await req.view.render("training/complaint", FormPage(
            layout: Layout(req, title: req.t("training.complaintTitle")), district: district.code,
            institutions: institutions.map { FormOption(value: $0.id!.uuidString, label: $0.name, selected: form["institution"] == $0.id!.uuidString) },
            signedIn: signedIn, checkCode: code, form: form, filed: filed, error: error))
    }

    @Sendable static func form(_ req: Request) async throws -> View {
        let district = try await PublicTrainingLists.district(code: try? req.query.get(String.self, at: "district"), on: req.db)
        var form: [String: String] = [:]
        if let chosen = try? req.query.get(String.self, at: "institution") { form["institution"] = chosen }
        return try await renderForm(req, district: district, filed: nil, error: nil, form: form)
    }

    @Sendable static func file(_ req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        let district = try await PublicTrainingLists.district(code: form["district"], on: req.db)
        let expected = req.session.data[checkCodeKey]
        return try await FormResponse.handle(req, {
            let row = try await TrainingService.fileComplaint(
                .init(institutionId: form["institution"] ?? "", text: form["text"] ?? "", phone: form["phone"] ?? "", checkCode: form["checkCode"] ?? ""),
                district: district, actor: req.actor, expectedCode: expected, address: req.throttleAddress, on: req.db)
            req.session.data[checkCodeKey] = nil
            return try await renderForm(req, district: district, filed: Filed(
                reference: row.reference, statusHref: TrainingPaths.publicComplaintStatus.path + "?reference=\(row.reference)"), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderForm(req, district: district, filed: nil, error: $0, form: form) })
    }

    struct StatusPage: Encodable {
        let layout: Layout
        let reference: String
        let found: Found?
        let asked: Bool
    }

    struct Found: Encodable {
        let institution: String
        let filedOn: String
        let status: String
        let dueOn: String?
        let response: String
    }

    @Sendable static func status(_ req: Request) async throws -> Response {
        let reference = (try? req.query.get(String.self, at: "reference")) ?? ""
        let phoneEnd = (try? req.query.get(String.self, at: "phone")) ?? ""
        var found: Found?
        var asked = false
        if !reference.isEmpty && (!phoneEnd.isEmpty || req.actor != nil) {
            asked = true
            if let row = try? await TrainingService.followComplaint(reference: reference, phoneEnd: phoneEnd, actor: req.actor, on: req.db),
               let district = try await District.find(row.districtId, on: req.db) {
                found = Found(institution: try await TrainingInstitution.find(row.institutionId, on: req.db)?.name ?? "",
                              filedOn: LocalDate.today(in: district.zone, now: row.createdAt).iso, status: req.t("training.complaint." + row.status),
                              dueOn: row.dueOn, response: row.response)
            }
        }
        // A lookup that finds nothing says so on the page: the same answer whether the reference or the digits are wrong.
        return try await req.view.render("training/complaint-status", StatusPage(
            layout: Layout(req, title: req.t("training.complaintStatus")), reference: reference, found: found, asked: asked)).encodeResponse(for: req)
    }

    struct Line: Encodable {
        let reference: String
        let institution: String
        let institutionHref: String
        let filedOn: String
        let age: Int
        let status: String
        let open: Bool
        let closed: Bool
        let dueOn: String?
        let overdue: Bool
        let text: String
        let response: String
        let phone: String
        let actionPath: String
        let assigned: String?
    }

    struct ListPage: Encodable {
        let layout: Layout
        let lines: [Line]
        let openCount: Int
        let staff: [FormOption]
        let today: String
        let notice: String?
        let error: String?
    }

    static func renderList(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        try TrainingService.requireRead(actor)
        let district = try await TrainingService.district(actor, on: req.db)
        let today = WallClock.today(in: district.zone)
        let rows = try await TrainingComplaint.query(on: req.db).filter(\.$districtId == district.id!).sort(\.$createdAt, .descending).all()
        let names = Dictionary(try await TrainingInstitution.query(on: req.db).filter(\.$districtId == district.id!).all().map { ($0.id!, $0.name) },
                               uniquingKeysWith: { first, _ in first })
        let staffIds = Set(try await RoleMembership.query(on: req.db).filter(\.$districtId == district.id!).all()
            .filter { Role(rawValue: $0.role)?.isDistrictWide == true }.map(\.userId))
        let staff = try await User.query(on: req.db).filter(\.$id ~~ staffIds).sort(\.$displayName).all()
        let staffNames = Dictionary(staff.map { ($0.id!, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        let lines = rows.map { row -> Line in
            let filed = LocalDate.today(in: district.zone, now: row.createdAt)
            let open = row.status != ComplaintStatus.closed.rawValue && row.status != ComplaintStatus.answered.rawValue
            return Line(reference: row.reference, institution: names[row.institutionId] ?? "", institutionHref: TrainingPaths.institution.path(row.institutionId),
                        filedOn: filed.iso, age: today.dayNumber - filed.dayNumber, status: req.t("training.complaint." + row.status), open: open,
                        closed: row.status == ComplaintStatus.closed.rawValue, dueOn: row.dueOn, overdue: open && row.dueOn.map { $0 < today.iso } == true, text: row.text, response: row.response,
                        phone: row.phone.isEmpty ? "" : ContactMask.phone(row.phone), actionPath: TrainingPaths.complaint.path(row.id!),
                        assigned: row.assignedTo.flatMap { staffNames[$0] })
        }
        return try await req.view.render("training/complaints", ListPage(
            layout: Layout(req, title: req.t("training.complaints")), lines: lines.sorted { ($0.open ? 0 : 1, -$0.age) < ($1.open ? 0 : 1, -$1.age) },
            openCount: lines.filter(\.open).count, staff: staff.map { FormOption(value: $0.id!.uuidString, label: $0.displayName, selected: false) },
            today: today.iso, notice: notice, error: error))
    }

    @Sendable static func list(_ req: Request) async throws -> View {
        try await renderList(req, notice: nil, error: nil)
    }

    @Sendable static func handle(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try TrainingService.requireRead(actor)
        let id = try req.idParameter()
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let row = try await TrainingService.handleComplaint(id, action: form["action"] ?? "", assignee: form["assignee"], dueOn: form["dueOn"],
                                                                text: form["text"] ?? "", actor, on: req.db)
            return try await renderList(req, notice: req.t("training.complaintSaved", row.reference, req.t("training.complaint." + row.status)), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderList(req, notice: nil, error: $0) })
    }
}
