import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

extension HomeworkService {
    enum ReviewAction: String, Sendable {
        case approve
        case `return`
        case edit
    }

    /// Whether the person holds the given step for the entry's school, subject or class.
    static func holds(_ step: ReviewStep, for entry: HomeworkEntry, _ actor: Actor) -> Bool {
        holds(step, schoolId: entry.schoolId, subjectId: entry.subjectId, classId: entry.classId, actor)
    }

    static func holds(_ step: ReviewStep, schoolId: UUID, subjectId: UUID, classId: UUID, _ actor: Actor) -> Bool {
        actor.memberships.contains { m in
            switch step {
            case .subjectLeader: m.role == .subjectLeader && m.schoolId == schoolId && (m.subjectId == nil || m.subjectId == subjectId)
            case .headTeacher: m.role == .headTeacher && m.classId == classId
            case .academicOffice: m.role == .schoolAdmin && m.schoolId == schoolId
            }
        }
    }

    /// The entry, if the person may see it at all (staff of its class); otherwise 404.
    static func visibleEntry(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> HomeworkEntry {
        guard let entry = try await HomeworkEntry.find(id, on: db), entry.districtId == actor.districtId else { throw AppError.notFound }
        guard let schoolClass = try await SchoolClass.find(entry.classId, on: db) else { throw AppError.notFound }
        guard actor.canSeeRoster(of: schoolClass.scope) || entry.teacherId == actor.userId else { throw AppError.notFound }
        return entry
    }

    static func review(_ id: UUID, action: ReviewAction, reason rawReason: String?, minutes: Int?, content: String?,
                       _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> HomeworkEntry {
        let entry = try await visibleEntry(id, actor, on: db)
        // Someone who holds no step for this entry is refused before its state is told.
        guard ReviewStep.allCases.contains(where: { holds($0, for: entry, actor) }) else {
            throw HomeworkError.notAReviewer
        }
        guard entry.status == HomeworkEntry.Status.pendingReview.rawValue, let raw = entry.reviewStep, let step = ReviewStep(rawValue: raw) else {
            throw HomeworkError.notPending
        }
        guard holds(step, for: entry, actor) else {
            throw HomeworkError.notYourStep(step)
        }
        let reason = rawReason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let reason, reason.count > maxReasonLength {
            throw AppError.invalid(field: "reason", messageKey: "form.tooLong", args: ["homework.reason", String(maxReasonLength)])
        }
        guard let context = try await ClassContext.load(entry.classId, policies: policies, on: db) else { throw AppError.notFound }
        switch action {
        case .approve:
            return try await WriteLock.transaction(on: db, locking: "school_classes", ids: [entry.classId]) { tx in
                let fresh = try await requirePending(id, step: step, on: tx)
                let from = fresh.status
                if let next = context.chain.step(after: step) {
                    fresh.reviewStep = next.rawValue
                } else {
                    publish(fresh, context: context)
                }
                try await fresh.save(on: tx)
                try await refreshLoads(of: fresh, context: context, on: tx)
                try await HomeworkEvent.record(entry: fresh, actor: actor, action: "approve", fromStatus: from, step: step.rawValue, reason: reason, on: tx)
                return fresh
            }
        case .return:
            guard let reason else { throw AppError.invalid(field: "reason", messageKey: "homework.reasonRequired") }
            return try await WriteLock.transaction(on: db, locking: "school_classes", ids: [entry.classId]) { tx in
                let fresh = try await requirePending(id, step: step, on: tx)
                let from = fresh.status
                fresh.status = HomeworkEntry.Status.returned.rawValue
                fresh.reviewStep = nil
                try await fresh.save(on: tx)
                try await refreshLoads(of: fresh, context: context, on: tx)
                try await HomeworkEvent.record(entry: fresh, actor: actor, action: "return", fromStatus: from, step: step.rawValue, reason: reason, on: tx)
                return fresh
            }
        case .edit:
            guard let reason else { throw AppError.invalid(field: "reason", messageKey: "homework.reasonRequired") }
            guard minutes != nil || content != nil else { throw AppError.invalid(field: "minutes", messageKey: "homework.nothingToEdit") }
            return try await revise(id, minutes: minutes, content: content, reason: reason, action: "edit", step: step, context: context,
                                    actor: actor, policies: policies, on: db)
        }
    }

    /// The teacher revises returned work and sends it back to the first step.
    static func resubmit(_ id: UUID, minutes: Int?, content: String?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> HomeworkEntry {
        let entry = try await visibleEntry(id, actor, on: db)
        guard entry.teacherId == actor.userId else { throw AppError.forbidden }
        guard entry.status == HomeworkEntry.Status.returned.rawValue else {
            throw HomeworkError.notReturned
        }
        guard let context = try await ClassContext.load(entry.classId, policies: policies, on: db) else { throw AppError.notFound }
        return try await revise(id, minutes: minutes, content: content, reason: nil, action: "resubmit", step: nil, context: context,
                                actor: actor, policies: policies, on: db)
    }

    /// Changes minutes or content under the write lock, checking the cap again when the work grows.
    static func revise(_ id: UUID, minutes: Int?, content: String?, reason: String?, action: String, step: ReviewStep?, context: ClassContext,
                       actor: Actor, policies: PolicyStore, on db: any Database) async throws -> HomeworkEntry {
        let maxMinutes = context.profile.homework.maxItemMinutes.required
        if let minutes, minutes < 1 || minutes > maxMinutes {
            throw HomeworkError.invalidMinutes(max: maxMinutes)
        }
        let flags = try content.map { try checkContent($0, profile: context.profile) }
        return try await WriteLock.transaction(on: db, locking: "school_classes", ids: [context.schoolClass.id!]) { tx in
            guard let entry = try await HomeworkEntry.find(id, on: tx) else { throw AppError.notFound }
            if let step, entry.reviewStep != step.rawValue || entry.status != HomeworkEntry.Status.pendingReview.rawValue {
                throw HomeworkError.notPending
            }
            let before = (minutes: entry.minutes, content: entry.content, status: entry.status)
            if let minutes { entry.minutes = minutes }
            if let content { entry.content = content.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let flags { entry.contentFlags = ContentFlags.stored(flags) }
            let grows = minutes.map { $0 > before.minutes } == true
            if action == "resubmit" || grows {
                let item = entry.item
                guard let calendar = try await CalendarQueries.calendar(districtId: entry.districtId, containing: item.assignedOn, on: tx) else {
                    throw HomeworkError.outsideTerm(item.assignedOn)
                }
                let existing = try await activeItems(classId: entry.classId, from: item.assignedOn, through: item.dueOn, excluding: entry.id, on: tx)
                // A school's override covered the minutes it was given for, never more: work that grows is checked again.
                if let refusal = refusal(CapCheck.evaluate(adding: item, to: existing, rules: try context.rules(calendar: calendar, on: item.assignedOn)), classId: entry.classId),
                   entry.overrideReason == nil || grows {
                    throw refusal
                }
            }
            if action == "resubmit" {
                if let first = context.chain.firstStep {
                    entry.status = HomeworkEntry.Status.pendingReview.rawValue
                    entry.reviewStep = first.rawValue
                } else {
                    publish(entry, context: context)
                }
            }
            try await entry.save(on: tx)
            try await refreshLoads(of: entry, context: context, on: tx)
            try await HomeworkEvent.record(entry: entry, actor: actor, action: action, fromStatus: before.status, step: step?.rawValue, reason: reason,
                                    detail: ["minutesBefore": String(before.minutes), "minutesAfter": String(entry.minutes),
                                             "contentBefore": before.content, "contentAfter": entry.content], on: tx)
            return entry
        }
    }

    static func requirePending(_ id: UUID, step: ReviewStep, on db: any Database) async throws -> HomeworkEntry {
        guard let entry = try await HomeworkEntry.find(id, on: db), entry.status == HomeworkEntry.Status.pendingReview.rawValue,
              entry.reviewStep == step.rawValue else {
            throw HomeworkError.notPending
        }
        return entry
    }

    static func publish(_ entry: HomeworkEntry, context: ClassContext) {
        entry.status = HomeworkEntry.Status.published.rawValue
        entry.reviewStep = nil
        entry.visibleFrom = max(WallClock.now(), context.publicationInstant(of: LocalDate(iso: entry.assignedOn)!))
    }

    /// Nothing is deleted: withdrawn work stays on file with its reason (档案留存).
    static func withdraw(_ id: UUID, reason rawReason: String?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> HomeworkEntry {
        let entry = try await visibleEntry(id, actor, on: db)
        guard entry.teacherId == actor.userId || actor.adminSchoolIds.contains(entry.schoolId) else { throw AppError.forbidden }
        guard let reason = rawReason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty else {
            throw AppError.invalid(field: "reason", messageKey: "homework.reasonRequired")
        }
        guard reason.count <= maxReasonLength else {
            throw AppError.invalid(field: "reason", messageKey: "form.tooLong", args: ["homework.reason", String(maxReasonLength)])
        }
        guard entry.status != HomeworkEntry.Status.withdrawn.rawValue else {
            throw HomeworkError.alreadyWithdrawn
        }
        guard let context = try await ClassContext.load(entry.classId, policies: policies, on: db) else { throw AppError.notFound }
        return try await WriteLock.transaction(on: db, locking: "school_classes", ids: [entry.classId]) { tx in
            guard let entry = try await HomeworkEntry.find(id, on: tx), entry.status != HomeworkEntry.Status.withdrawn.rawValue else {
                throw HomeworkError.alreadyWithdrawn
            }
            let from = entry.status
            entry.status = HomeworkEntry.Status.withdrawn.rawValue
            entry.reviewStep = nil
            entry.withdrawnReason = reason
            try await entry.save(on: tx)
            try await refreshLoads(of: entry, context: context, on: tx)
            try await HomeworkEvent.record(entry: entry, actor: actor, action: "withdraw", fromStatus: from, step: nil, reason: reason, on: tx)
            return entry
        }
    }

    struct QueueLine: Sendable, Decodable {
        let id: UUID
        let class_id: UUID
        let grade_number: Int
        let class_number: Int
        let subject_name: String
        let subject_name_en: String
        let teacher_name: String
        let minutes: Int
        let kind: String
        let content: String
        let assigned_on: String
        let due_on: String
        let optional: Bool
        let tier: String?
        let review_step: String
        let override_reason: String?
        let possibly_repetitive: Bool
        let content_flags: String?
        let subject_id: UUID
        let school_id: UUID
    }

    /// Work waiting at a step the person holds.
    static func reviewQueue(_ actor: Actor, on db: any Database) async throws -> [QueueLine] {
        let schools = Array(Set(actor.memberships.filter { [.schoolAdmin, .subjectLeader, .headTeacher].contains($0.role) }.compactMap(\.schoolId)))
        // Only the holders of a review step have a queue; anyone else is told so rather than shown an empty one.
        guard !schools.isEmpty else { throw AppError.forbidden }
        var query = SQLQueryString("""
            SELECT e.id, e.class_id, c.grade_number, c.number AS class_number, s.name AS subject_name, s.name_en AS subject_name_en,
              u.display_name AS teacher_name, e.minutes, e.kind, e.content, e.assigned_on, e.due_on, e.optional, e.tier, e.review_step, e.override_reason,
              e.possibly_repetitive, e.content_flags, e.subject_id, e.school_id
            FROM homework_entries e JOIN school_classes c ON c.id = e.class_id JOIN subjects s ON s.id = e.subject_id
              JOIN users u ON u.id = e.teacher_id
            WHERE e.status = 'pending_review' AND e.school_id IN (
            """)
        query.appendInterpolation(binds: schools)
        query.appendInterpolation(unsafeRaw: ") ORDER BY e.assigned_on, c.grade_number, c.number, s.name LIMIT 500")
        let rows = try await db.sql.raw(query).all(decoding: QueueLine.self)
        return rows.filter { row in
            guard let step = ReviewStep(rawValue: row.review_step) else { return false }
            return holds(step, schoolId: row.school_id, subjectId: row.subject_id, classId: row.class_id, actor)
        }
    }
}
