import Fluent
import Foundation
import JianfuCore

/// Reports the bureau requires of schools by a deadline, schools' submissions with their files, and who is late.
enum RequiredReportService {
    struct NewReport: Sendable {
        let title: String
        let kind: String
        let dueOn: String
        let description: String
        /// nil or empty: every school.
        let schoolIds: [UUID]?
    }

    static func create(_ new: NewReport, _ actor: Actor, on db: any Database) async throws -> RequiredReport {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let title = new.title.trimmingCharacters(in: .whitespaces)
        try Validate.required(title, field: "title", label: "sup.reportTitle", max: SupervisionService.maxShortText * 2)
        guard let kind = ReportKind(rawValue: new.kind) else { throw AppError.invalid(field: "kind", messageKey: "form.required", args: ["sup.reportKind"]) }
        guard let due = LocalDate(iso: new.dueOn) else { throw AppError.invalid(field: "dueOn", messageKey: "homework.badDate", args: ["sup.dueOn"]) }
        let today = try await SupervisionService.today(actor, on: db)
        guard due >= today else { throw SupervisionError.rectification(.deadlinePassed(due)) }
        let description = new.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard description.count <= SupervisionService.maxLongText else {
            throw AppError.invalid(field: "description", messageKey: "form.tooLong", args: ["sup.reportDescription", String(SupervisionService.maxLongText)])
        }
        var targets: [UUID]?
        if let ids = new.schoolIds, !ids.isEmpty {
            let found = try await School.query(on: db).filter(\.$districtId == actor.districtId).filter(\.$id ~~ ids).count()
            guard found == Set(ids).count else { throw AppError.invalid(field: "schoolIds", messageKey: "sup.unknownSchools") }
            targets = Array(Set(ids)).sorted { $0.uuidString < $1.uuidString }
        }
        let report = RequiredReport()
        report.districtId = actor.districtId
        report.title = title
        report.kind = kind.rawValue
        report.description = description
        report.dueOn = due.iso
        report.schoolIds = targets.map(JSONText.encode)
        report.createdBy = actor.userId
        report.createdAt = WallClock.now()
        let asked = targets.map { String($0.count) } ?? "all"
        try await db.writeTransaction { tx in
            try await report.create(on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "supervision.report.require", entity: RequiredReport.schema,
                               entityId: report.id, detail: ["title": title, "due": due.iso, "schools": asked])
        }
        return report
    }

    static func targets(_ report: RequiredReport) -> Set<UUID>? {
        JSONText.decode([UUID].self, report.schoolIds).map(Set.init)
    }

    /// A school answers a report it is asked for, with at least one file.
    static func submit(reportId: UUID, note: String, attachmentIds: [UUID] = [], files: [AttachmentService.Prepared] = [], schoolId: UUID?,
                       _ actor: Actor, on db: any Database) async throws -> (submission: ReportSubmission, late: Bool) {
        guard let report = try await RequiredReport.find(reportId, on: db), report.districtId == actor.districtId else { throw AppError.notFound }
        let asked = targets(report)
        let mine = actor.adminSchoolIds.filter { asked?.contains($0) ?? true }
        guard let school = schoolId.flatMap({ mine.contains($0) ? $0 : nil }) ?? (mine.count == 1 ? mine.first : nil) else {
            throw actor.adminSchoolIds.isEmpty ? AppError.forbidden : AppError.notFound
        }
        guard !attachmentIds.isEmpty || !files.isEmpty else { throw AppError.invalid(field: "file", messageKey: "sup.reportNeedsFile") }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= SupervisionService.maxLongText else {
            throw AppError.invalid(field: "note", messageKey: "form.tooLong", args: ["sup.note", String(SupervisionService.maxLongText)])
        }
        let today = try await SupervisionService.today(actor, on: db)
        let row = ReportSubmission()
        row.districtId = report.districtId
        row.schoolId = school
        row.reportId = reportId
        row.note = note
        row.submittedOn = today.iso
        row.submittedBy = actor.userId
        row.submittedAt = WallClock.now()
        let late = today.iso > report.dueOn
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await AttachmentService.attach(attachmentIds, to: ReportSubmission.schema, id: row.id!, schoolId: school, actor, on: tx)
            for file in files {
                _ = try await AttachmentService.record(file, schoolId: school, districtId: report.districtId, owner: (ReportSubmission.schema, row.id!), actor, on: tx)
            }
            try await tx.audit(actor, districtId: report.districtId, schoolId: school, action: "supervision.report.submit", entity: ReportSubmission.schema,
                               entityId: row.id, detail: ["report": report.title, "late": String(late)])
        }
        return (row, late)
    }

    struct SchoolStatus: Sendable {
        let schoolId: UUID
        let schoolName: String
        /// The first submission's day.
        let submittedOn: String?
        let submissions: [ReportSubmission]
        /// Submitted after the deadline, or not yet with the deadline passed.
        let late: Bool
    }

    struct Overview: Sendable {
        let report: RequiredReport
        let schools: [SchoolStatus]
        var submitted: Int { schools.filter { $0.submittedOn != nil }.count }
        var late: Int { schools.filter(\.late).count }
    }

    /// The reports the person may see, each with its schools' status: the district's roles every school asked, a
    /// school's administrators their own.
    static func overviews(reportId: UUID? = nil, _ actor: Actor, on db: any Database) async throws -> (today: LocalDate, reports: [Overview]) {
        guard actor.isDistrictWide || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        let today = try await SupervisionService.today(actor, on: db)
        var query = RequiredReport.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$dueOn, .descending)
        if let reportId { query = query.filter(\.$id == reportId) }
        let reports = try await query.all()
        let schools = try await School.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$code).all()
        let submissions = try await ReportSubmission.query(on: db).filter(\.$districtId == actor.districtId)
            .filter(\.$reportId ~~ reports.map { $0.id! }).sort(\.$submittedAt).all()
        let byReport = Dictionary(grouping: submissions) { $0.reportId }
        let overviews = reports.compactMap { report -> Overview? in
            let asked = targets(report)
            let visible = schools.filter { (asked?.contains($0.id!) ?? true) && (actor.isDistrictWide || actor.adminSchoolIds.contains($0.id!)) }
            guard !visible.isEmpty || actor.isDistrictWide else { return nil }
            let mine = Dictionary(grouping: byReport[report.id!] ?? []) { $0.schoolId }
            return Overview(report: report, schools: visible.map { school in
                let rows = mine[school.id!] ?? []
                let first = rows.first?.submittedOn
                return SchoolStatus(schoolId: school.id!, schoolName: school.name, submittedOn: first, submissions: rows,
                                    late: first.map { $0 > report.dueOn } ?? (today.iso > report.dueOn))
            })
        }
        if reportId != nil && overviews.isEmpty { throw AppError.notFound }
        return (today, overviews)
    }
}
