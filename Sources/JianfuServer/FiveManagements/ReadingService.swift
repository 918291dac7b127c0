import Fluent
import Foundation
import JianfuCore
import Vapor

/// A school's recommended reading list (RD-02..05): the school's administrators put titles on it, each reviewed against
/// the profile's standards, and the families and staff of the school read it; the bureau reads every school's list and
/// may strike a title with its reason (RD-02: county authorities inspect). Struck titles stay, marked, for the record.
enum ReadingService {
    static let maxReasonLength = 500

    /// May add to a school's list: its administrators.
    static func mayAdd(_ schoolId: UUID, _ actor: Actor) -> Bool { actor.adminSchoolIds.contains(schoolId) }

    /// May strike a title: the bureau's administrators and inspectors.
    static func mayStrike(_ actor: Actor) -> Bool { actor.isBureauAdmin || actor.has(.inspector) }

    static func add(schoolId: UUID, _ draft: ReadingTitleDraft, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> ReadingTitle {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId,
              let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        guard mayAdd(schoolId, actor) else { throw AppError.forbidden }
        let profile = try policies.profile(for: district)
        let grades = (SchoolStage(rawValue: school.stage) ?? .nineYear).grades(in: try district.system)
        do {
            try ReadingListRules.check(draft, standards: profile.schoolDay.reading.standards.items, grades: grades, today: WallClock.today(in: district.zone))
        } catch {
            throw ReadingError(problem: error, grades: grades)
        }
        let row = ReadingTitle()
        row.districtId = school.districtId
        row.schoolId = schoolId
        row.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        row.author = draft.author.trimmingCharacters(in: .whitespacesAndNewlines)
        row.publisher = draft.publisher.trimmingCharacters(in: .whitespacesAndNewlines)
        row.fromGrade = draft.fromGrade
        row.toGrade = draft.toGrade
        row.reviewer = draft.reviewer.trimmingCharacters(in: .whitespacesAndNewlines)
        row.reviewedOn = draft.reviewedOn!.iso
        row.standards = String(decoding: try JSONEncoder().encode(profile.schoolDay.reading.standards.items.filter(draft.standards.contains)), as: UTF8.self)
        row.note = draft.note.trimmingCharacters(in: .whitespacesAndNewlines)
        row.createdBy = actor.userId
        row.createdAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "reading.add", entity: ReadingTitle.schema, entityId: row.id,
                               detail: ["title": row.title, "grades": "\(row.fromGrade)-\(row.toGrade)", "reviewer": row.reviewer])
        }
        return row
    }

    static func strike(_ id: UUID, reason: String, _ actor: Actor, on db: any Database) async throws {
        guard let row = try await ReadingTitle.find(id, on: db), row.districtId == actor.districtId else { throw AppError.notFound }
        guard mayStrike(actor) else { throw actor.isDistrictWide || actor.staffSchoolIds.contains(row.schoolId) ? AppError.forbidden : AppError.notFound }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(reason, field: "reason", label: Strings.text("rd.reason", .zh), max: maxReasonLength)
        try await db.writeTransaction { tx in
            // Struck once: the second striker is told, and the first reason stands.
            guard try await ReadingTitle.query(on: tx).filter(\.$id == id).filter(\.$struckAt == nil).count() == 1 else {
                throw AppError.conflict(messageKey: "rd.e.struck")
            }
            row.struckReason = reason
            row.struckBy = actor.userId
            row.struckAt = WallClock.now()
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: row.schoolId, action: "reading.strike", entity: ReadingTitle.schema, entityId: id,
                               detail: ["title": row.title, "reason": reason])
        }
    }

    /// The lists the caller reads: the district's roles every school's; staff their schools'; a guardian their
    /// children's schools' titles for their grades, without the struck ones.
    static func lists(_ actor: Actor, on db: any Database) async throws -> [ReadingTitle] {
        var query = ReadingTitle.query(on: db).filter(\.$districtId == actor.districtId)
        if !actor.isDistrictWide {
            let schools = Set(actor.staffSchoolIds).union(actor.children.map(\.schoolId))
            guard !schools.isEmpty else { return [] }
            query = query.filter(\.$schoolId ~~ schools)
        }
        let rows = try await query.sort(\.$fromGrade).sort(\.$title).all()
        guard !actor.isDistrictWide else { return rows }
        let grades = try await SurveyQueries.grades(classIds: actor.children.map(\.classId), on: db)
        return rows.filter { row in
            if actor.staffSchoolIds.contains(row.schoolId) { return true }
            return row.struckAt == nil && actor.children.contains { child in
                child.schoolId == row.schoolId && grades[child.classId].map { (row.fromGrade...row.toGrade).contains($0) } == true
            }
        }
    }
}

/// A title refused, in the reader's language, naming the rule where one applies.
struct ReadingError: DomainError {
    let problem: ReadingTitleProblem
    let grades: ClosedRange<Int>

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "invalid_reading_title" }

    var messageKey: String {
        switch problem {
        case .missing: "rd.e.missing"
        case .tooLong: "rd.e.tooLong"
        case .badGrades: "rd.e.grades"
        case .reviewedInFuture: "rd.e.future"
        case .standardNotConfirmed: "rd.e.standard"
        case .negativeListNotConfirmed: "rd.e.negative"
        case .commercial: "rd.e.commercial"
        }
    }

    var args: [String] {
        switch problem {
        case .missing(let field): ["rd.field." + field]
        case .tooLong(let field, let max): ["rd.field." + field, String(max)]
        case .badGrades: [String(grades.lowerBound), String(grades.upperBound)]
        case .standardNotConfirmed(let standard): [standard]
        case .commercial(let field): ["rd.field." + field]
        case .reviewedInFuture, .negativeListNotConfirmed: []
        }
    }

    var details: [String: ErrorDetail] {
        switch problem {
        case .missing(let f), .tooLong(let f, _), .commercial(let f): ["field": .text(f)]
        case .badGrades: ["field": .text("fromGrade")]
        case .reviewedInFuture: ["field": .text("reviewedOn")]
        case .standardNotConfirmed: ["field": .text("standards")]
        case .negativeListNotConfirmed: ["field": .text("clearOfNegativeList")]
        }
    }
}
