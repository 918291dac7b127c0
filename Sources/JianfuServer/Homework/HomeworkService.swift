import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

/// Filing, loads, review, publication and withdrawal of homework; the pages and the API both call here.
enum HomeworkService {
    static let maxContentLength = 2000
    static let maxReasonLength = 500
    /// Statuses whose minutes count toward the cap: returned work does not until it is resubmitted.
    static let activeStatuses = [HomeworkEntry.Status.pendingReview.rawValue, HomeworkEntry.Status.published.rawValue]

    struct Filing: Sendable {
        var classIds: [UUID]
        var subjectId: UUID
        var assignedOn: String
        var dueOn: String
        var kind: String
        var optional: Bool
        var tier: String?
        var minutes: Int
        var content: String
        var overrideReason: String?
    }

    struct Filed: Sendable {
        let ids: [UUID]
        let status: HomeworkEntry.Status
        let loads: [LoadView]
    }

    // MARK: filing

    static func file(_ filing: Filing, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Filed {
        guard !filing.classIds.isEmpty else { throw AppError.invalid(field: "classIds", messageKey: "homework.noClass") }
        let classIds = Array(Set(filing.classIds))
        var contexts: [ClassContext] = []
        for id in classIds {
            guard let context = try await ClassContext.load(id, policies: policies, on: db),
                  context.schoolClass.districtId == actor.districtId,
                  actor.canSeeRoster(of: context.scope) || actor.staffSchoolIds.contains(context.school.id!) || actor.isGuardian(in: id) else {
                throw AppError.notFound
            }
            guard actor.teaching.contains(where: { $0.classId == id && $0.subjectId == filing.subjectId }) else {
                throw HomeworkError.notTeaching
            }
            contexts.append(context)
        }
        let first = contexts[0]
        let item = try validatedItem(filing, profile: first.profile)
        let flags = try checkContent(filing.content, profile: first.profile)
        guard let calendar = try await CalendarQueries.calendar(districtId: actor.districtId, containing: item.assignedOn, on: db) else {
            throw HomeworkError.outsideTerm(item.assignedOn)
        }
        guard calendar.isTeachingDay(item.assignedOn) else {
            throw HomeworkError.notTeachingDay(item.assignedOn)
        }
        guard calendar.contains(item.dueOn) else {
            throw HomeworkError.outsideTerm(item.dueOn)
        }
        let overrideReason = filing.overrideReason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let reason = overrideReason, reason.count > maxReasonLength {
            throw AppError.invalid(field: "override.reason", messageKey: "form.tooLong", args: ["homework.overrideReason", String(maxReasonLength)])
        }
        let filingId = UUID()
        let now = WallClock.now()
        let content = filing.content.trimmingCharacters(in: .whitespacesAndNewlines)
        // Read before the write lock: the earlier days' work it compares with is not what a filing of this day changes.
        var repetitive: [UUID: Bool] = [:]
        for context in contexts {
            let classId = context.schoolClass.id!
            repetitive[classId] = try await repeatsRecentWork(classId: classId, subjectId: filing.subjectId, content: content, assignedOn: item.assignedOn,
                                                              calendar: calendar, lookback: context.profile.homework.repetitionLookbackTeachingDays, on: db)
            if repetitive[classId] == true, context.profile.homework.repetition.strength == .refuse {
                throw HomeworkError.repetitive(context.profile.homework.repetition)
            }
        }
        let contextsToFile = contexts
        let repeats = repetitive
        let (ids, status) = try await WriteLock.transaction(on: db, locking: "school_classes", ids: classIds) { tx in
            var ids: [UUID] = []
            var status = HomeworkEntry.Status.published
            for context in contextsToFile {
                // The day's own rules: work filed for a past day is held to the cap in force then.
                let rules = try context.rules(calendar: calendar, on: item.assignedOn)
                // One read serves the cap check (the active items) and the class-days' tallies after the entry is added.
                let overlapping = try await entries(classId: context.schoolClass.id!, from: item.assignedOn, through: item.dueOn, on: tx)
                let existing = activeItems(of: overlapping)
                var overridden: String? = nil
                let check = CapCheck.evaluate(adding: item, to: existing, rules: rules)
                if let refusal = refusal(check, classId: context.schoolClass.id!) {
                    // An override lifts a numeric cap, never HW-01's ban on written work in grades 1–2.
                    guard check.isOverridable, context.school.allowCapOverride, let reason = overrideReason else { throw refusal }
                    overridden = reason
                }
                let entry = HomeworkEntry()
                entry.districtId = context.district.id!
                entry.schoolId = context.school.id!
                entry.classId = context.schoolClass.id!
                entry.subjectId = filing.subjectId
                entry.teacherId = actor.userId
                entry.filingId = filingId
                entry.assignedOn = item.assignedOn.iso
                entry.dueOn = item.dueOn.iso
                entry.kind = item.kind.rawValue
                entry.optional = item.optional
                entry.tier = item.tier
                entry.minutes = item.minutes
                entry.content = content
                entry.overrideReason = overridden
                entry.possiblyRepetitive = repeats[entry.classId] ?? false
                entry.contentFlags = ContentFlags.stored(flags)
                if let step = context.chain.firstStep {
                    entry.status = HomeworkEntry.Status.pendingReview.rawValue
                    entry.reviewStep = step.rawValue
                    status = .pendingReview
                } else {
                    entry.status = HomeworkEntry.Status.published.rawValue
                    entry.visibleFrom = max(now, context.publicationInstant(of: item.assignedOn))
                }
                try await entry.create(on: tx)
                var detail = ["minutes": String(entry.minutes), "classId": entry.classId.uuidString]
                if let overridden { detail["override"] = overridden }
                try await HomeworkEvent.record(entry: entry, actor: actor, action: "file", fromStatus: nil, step: entry.reviewStep,
                                        reason: overridden, detail: detail, on: tx)
                try await DailyLoadAggregates.refresh(context, from: item.assignedOn, through: item.dueOn, calendar: calendar,
                                                      entries: overlapping + [entry], on: tx)
                ids.append(entry.id!)
            }
            return (ids, status)
        }
        // Read once the write lock is released: every filer waits for whoever holds it.
        var loads: [LoadView] = []
        for context in contexts {
            loads.append(try await loadView(context: context, date: item.assignedOn, calendar: calendar, on: db))
        }
        return Filed(ids: ids, status: status, loads: loads)
    }

    /// Brings the dashboards' sums up to date with a changed entry, inside the change's transaction.
    static func refreshLoads(of entry: HomeworkEntry, context: ClassContext, on tx: any Database) async throws {
        let item = entry.item
        try await DailyLoadAggregates.refresh(context, from: item.assignedOn, through: item.dueOn, on: tx)
    }

    /// Checks every field of a filing and builds the core's item; each bad field is a clear 4xx.
    static func validatedItem(_ filing: Filing, profile: PolicyProfile) throws -> HomeworkItem {
        guard let assigned = LocalDate(iso: filing.assignedOn) else {
            throw AppError.invalid(field: "assignedOn", messageKey: "homework.badDate", args: ["homework.assignedOn"])
        }
        guard let due = LocalDate(iso: filing.dueOn) else {
            throw AppError.invalid(field: "dueOn", messageKey: "homework.badDate", args: ["homework.dueOn"])
        }
        guard due >= assigned else {
            throw HomeworkError.dueBeforeAssigned
        }
        guard let kind = HomeworkKind(rawValue: filing.kind) else { throw AppError.invalid(field: "kind", messageKey: "homework.badKind") }
        let maxMinutes = profile.homework.maxItemMinutes.required
        guard filing.minutes >= 1, filing.minutes <= maxMinutes else {
            throw HomeworkError.invalidMinutes(max: maxMinutes)
        }
        if let tier = filing.tier, !["A", "B", "C"].contains(tier) { throw AppError.invalid(field: "tier", messageKey: "homework.badTier") }
        return HomeworkItem(subjectId: filing.subjectId, kind: kind, optional: filing.optional, tier: filing.tier,
                            minutes: filing.minutes, assignedOn: assigned, dueOn: due)
    }

    /// Plain text as the teacher typed it (shown escaped everywhere), required and not too long, and nothing a content
    /// rule of the profile refuses (HW-06, HW-07, HW-14, HW-09); answers the ids of the rules that only flag it.
    static func checkContent(_ raw: String, profile: PolicyProfile) throws -> [String] {
        let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(content, field: "content", label: "homework.content", max: maxContentLength)
        let findings = ContentCheck.findings(in: content, rules: profile.homework.contentRules)
        if let refused = findings.first(where: { $0.rule.strength == .refuse }) { throw HomeworkError.contentRule(refused) }
        return findings.map(\.rule.rule)
    }

    /// The API's and the pages' refusal for a cap check that does not fit.
    static func refusal(_ check: CapCheck, classId: UUID) -> HomeworkError? {
        switch check {
        case .fits:
            nil
        case .exceeds(let date, let cap, let planned, let requested, _):
            .capExceeded(classId: classId, date: date, cap: cap, planned: planned, requested: requested)
        case .exceedsBreak(let start, let cap, let planned, let requested):
            .breakCapExceeded(classId: classId, start: start, cap: cap, planned: planned, requested: requested)
        }
    }

    /// Items of a class that may count on days from `from` through `through`.
    static func activeItems(classId: UUID, from: LocalDate, through: LocalDate, excluding: UUID? = nil, on db: any Database) async throws -> [HomeworkItem] {
        activeItems(of: try await entries(classId: classId, from: from, through: through, on: db), excluding: excluding)
    }

    /// The items among `entries` whose minutes count toward the cap.
    static func activeItems(of entries: [HomeworkEntry], excluding: UUID? = nil) -> [HomeworkItem] {
        entries.filter { activeStatuses.contains($0.status) && $0.id != excluding }.map(\.item)
    }

    /// Every entry of a class, whatever its status, on days from `from` through `through`: what its class-days' tallies count.
    static func entries(classId: UUID, from: LocalDate, through: LocalDate, on db: any Database) async throws -> [HomeworkEntry] {
        try await HomeworkEntry.query(on: db).filter(\.$classId == classId)
            .filter(\.$assignedOn <= through.iso).filter(\.$dueOn >= from.iso).all()
    }

    /// Flags work whose text repeats the same class and subject's work of the last few teaching days (HW-09).
    static func repeatsRecentWork(classId: UUID, subjectId: UUID, content: String, assignedOn assigned: LocalDate, calendar: SchoolCalendar,
                                  lookback: Int, on db: any Database) async throws -> Bool {
        guard lookback > 0 else { return false }
        var days: [String] = []
        var day = assigned.adding(days: -1)
        while days.count < lookback && day >= calendar.startsOn {
            if calendar.isTeachingDay(day) { days.append(day.iso) }
            day = day.adding(days: -1)
        }
        guard !days.isEmpty else { return false }
        let text = HomeworkText.normalised(content)
        let earlier = try await HomeworkEntry.query(on: db).filter(\.$classId == classId).filter(\.$subjectId == subjectId)
            .filter(\.$assignedOn ~~ days).filter(\.$status != HomeworkEntry.Status.withdrawn.rawValue).all()
        return earlier.contains { HomeworkText.normalised($0.content) == text }
    }

    // MARK: loads

    struct LoadView: Sendable {
        let classId: UUID
        let date: LocalDate
        let capMinutes: Int
        let plannedMinutes: Int
        let publishedMinutes: Int
        let entries: [EntryLine]
        var remainingMinutes: Int { max(0, capMinutes - plannedMinutes) }
    }

    struct EntryLine: Sendable, Decodable {
        let id: UUID
        let subject_id: UUID
        let subject_name: String
        let subject_name_en: String
        let teacher_name: String
        let minutes: Int
        let kind: String
        let status: String
        let optional: Bool
        let tier: String?
        let content: String
        let review_step: String?
        let override_reason: String?
        let possibly_repetitive: Bool
        let assigned_on: String
        let due_on: String
        let visible_from: Date?
        /// Minutes of this entry counted toward the cap on the day viewed.
        var countedMinutes: Int? = nil

        enum CodingKeys: String, CodingKey {
            case id, subject_id, subject_name, subject_name_en, teacher_name, minutes, kind, status, optional, tier, content
            case review_step, override_reason, possibly_repetitive, assigned_on, due_on, visible_from
        }
    }

    static func entryLines(classId: UUID, on date: LocalDate, statuses: [String], db: any Database) async throws -> [EntryLine] {
        var query = SQLQueryString("""
            SELECT e.id, e.subject_id, s.name AS subject_name, s.name_en AS subject_name_en, u.display_name AS teacher_name,
              e.minutes, e.kind, e.status, e.optional, e.tier, e.content, e.review_step, e.override_reason, e.possibly_repetitive,
              e.assigned_on, e.due_on, e.visible_from
            FROM homework_entries e JOIN subjects s ON s.id = e.subject_id JOIN users u ON u.id = e.teacher_id
            WHERE e.class_id = \(bind: classId) AND e.assigned_on <= \(bind: date.iso) AND e.due_on >= \(bind: date.iso) AND e.status IN (
            """)
        query.appendInterpolation(binds: statuses)
        query.appendInterpolation(unsafeRaw: ") ORDER BY s.name, e.created_at")
        return try await db.sql.raw(query).all(decoding: EntryLine.self)
    }

    static func loadView(context: ClassContext, date: LocalDate, calendar: SchoolCalendar, on db: any Database) async throws -> LoadView {
        let rules = try context.rules(calendar: calendar, on: date)
        let lines = try await entryLines(classId: context.schoolClass.id!, on: date, statuses: activeStatuses, db: db)
        var planned = 0
        var published = 0
        var counted: [EntryLine] = []
        for var line in lines {
            let item = HomeworkItem(id: line.id, subjectId: line.subject_id, kind: HomeworkKind(rawValue: line.kind) ?? .written, optional: line.optional,
                                    tier: line.tier, minutes: line.minutes, assignedOn: LocalDate(iso: line.assigned_on)!, dueOn: LocalDate(iso: line.due_on)!)
            let minutes = rules.minutes(of: item, on: date)
            // Work due today but set earlier shows only on the days it is worked on.
            guard minutes > 0 || line.assigned_on == date.iso else { continue }
            line.countedMinutes = minutes
            planned += minutes
            if line.status == HomeworkEntry.Status.published.rawValue { published += minutes }
            counted.append(line)
        }
        return LoadView(classId: context.schoolClass.id!, date: date, capMinutes: rules.capMinutes, plannedMinutes: planned,
                        publishedMinutes: published, entries: counted)
    }

    /// A class's load on a day, for the staff who may see the class.
    static func load(classId: UUID, date: LocalDate, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> LoadView {
        guard let context = try await ClassContext.load(classId, policies: policies, on: db), actor.canSeeRoster(of: context.scope) else {
            throw AppError.notFound
        }
        let calendar = try await CalendarQueries.calendar(districtId: context.district.id!, around: date, on: db)
        return try await loadView(context: context, date: date, calendar: calendar, on: db)
    }
}
