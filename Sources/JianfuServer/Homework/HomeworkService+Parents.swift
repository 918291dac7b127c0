import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

extension HomeworkService {
    struct PublishedDay: Sendable {
        let classId: UUID
        let date: LocalDate
        let capMinutes: Int
        let writtenMinutes: Int
        let otherMinutes: Int
        let entries: [EntryLine]
        /// Parents' average reported minutes for the day, when any reported.
        let averageReportedMinutes: Int?
        let reports: Int
    }

    /// What parents see: published work of the day, once the school's publication time has passed.
    /// `context`: the class's, when the caller has loaded it already. What all the class's parents see alike comes
    /// from `PublishedDayCache` while the class has not changed.
    static func published(classId: UUID, date: LocalDate, _ actor: Actor, policies: PolicyStore, cache: PublishedDayCache,
                          context known: ClassContext? = nil, on db: any Database, now: Date = WallClock.now()) async throws -> PublishedDay {
        let loaded = if let known { known } else { try await ClassContext.load(classId, policies: policies, on: db) }
        guard let context = loaded, context.schoolClass.id == classId,
              actor.canSeeRoster(of: context.scope) || actor.isGuardian(in: classId) else { throw AppError.notFound }
        let key = PublishedDayCache.Key(classId: classId, date: date.iso)
        let stamp = PublishedDayCache.stamp(of: context)
        let shared: PublishedDayCache.Shared
        if let kept = cache.day(key, stamp: stamp) {
            shared = kept
        } else {
            shared = try await sharedDay(context, date: date, stamp: stamp, on: db)
            cache.keep(key, shared)
        }
        let lines = shared.lines.filter { ($0.visible_from ?? .distantFuture) <= now }
        var written = 0
        var other = 0
        for line in lines {
            if context.profile.homework.nonWrittenKinds.contains(line.kind) { other += line.minutes } else { written += line.minutes }
        }
        return PublishedDay(classId: classId, date: date, capMinutes: shared.capMinutes, writtenMinutes: written, otherMinutes: other, entries: lines,
                            averageReportedMinutes: ReportedTime.average(totalMinutes: shared.reportedMinutes, reports: shared.reports).map { Int($0) },
                            reports: shared.reports)
    }

    /// The class-day as every parent sees it; read after the class's version, so that a change committed in between
    /// is in the figures or makes them stale, never both missing and current.
    private static func sharedDay(_ context: ClassContext, date: LocalDate, stamp: String, on db: any Database) async throws -> PublishedDayCache.Shared {
        let classId = context.schoolClass.id!
        let calendar = try await CalendarQueries.calendar(districtId: context.district.id!, around: date, on: db)
        let rules = try context.rules(calendar: calendar, on: date)
        let lines = try await entryLines(classId: classId, on: date, statuses: [HomeworkEntry.Status.published.rawValue], db: db)
            .filter { $0.assigned_on == date.iso }
        struct Average: Decodable { let reports: Int; let total: Int? }
        let average = try await db.sql.raw("""
            SELECT COUNT(*) AS reports, CAST(SUM(minutes) AS BIGINT) AS total FROM homework_feedback WHERE class_id = \(bind: classId) AND date = \(bind: date.iso)
            """).first(decoding: Average.self)
        return PublishedDayCache.Shared(stamp: stamp, capMinutes: rules.capMinutes, lines: lines, reports: average?.reports ?? 0,
                                        reportedMinutes: average?.total ?? 0, madeAt: DispatchTime.now().uptimeNanoseconds)
    }

    /// One report per pupil per day from a guardian; it may be changed until the day is over.
    static func report(studentId: UUID, date rawDate: String, minutes: Int, tooMuch: Bool, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws {
        guard let student = try await Student.find(studentId, on: db), student.districtId == actor.districtId,
              actor.children.contains(where: { $0.studentId == studentId }) else { throw AppError.notFound }
        guard let date = LocalDate(iso: rawDate) else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["feedback.date"]) }
        guard let context = try await ClassContext.load(student.classId, policies: policies, on: db) else { throw AppError.notFound }
        let bounds = context.profile.homework.feedback
        guard (0...bounds.maxReportedMinutes.required).contains(minutes) else {
            throw AppError.invalid(field: "minutes", messageKey: "feedback.badMinutes", args: [String(bounds.maxReportedMinutes.required)])
        }
        let today = context.today()
        guard date <= today, date > today.adding(days: -bounds.reportWindowDays.required) else {
            throw HomeworkError.feedbackDate(windowDays: bounds.reportWindowDays.required)
        }
        try await WriteLock.transaction(on: db, locking: "school_classes", ids: [student.classId]) { tx in
            if let existing = try await HomeworkFeedback.query(on: tx).filter(\.$studentId == studentId).filter(\.$date == date.iso).first() {
                guard date == today else {
                    throw HomeworkError.feedbackLocked
                }
                existing.minutes = minutes
                existing.tooMuch = tooMuch
                existing.guardianId = actor.userId
                try await existing.save(on: tx)
            } else {
                let feedback = HomeworkFeedback()
                feedback.districtId = student.districtId
                feedback.schoolId = student.schoolId
                feedback.classId = student.classId
                feedback.studentId = studentId
                feedback.guardianId = actor.userId
                feedback.date = date.iso
                feedback.minutes = minutes
                feedback.tooMuch = tooMuch
                try await feedback.create(on: tx)
            }
            try await DailyLoadAggregates.refresh(context, from: date, through: date, on: tx)
            try await tx.audit(actor, districtId: student.districtId, schoolId: student.schoolId, action: "report", entity: "homework_feedback",
                               entityId: studentId, detail: ["date": date.iso, "minutes": String(minutes), "tooMuch": String(tooMuch)])
        }
    }

    struct Overrun: Sendable {
        let classId: UUID
        let gradeNumber: Int
        let classNumber: Int
        let days: [(date: String, reported: Int, estimated: Int)]
    }

    /// Classes whose reported time ran over the published estimate by more than the profile's margin
    /// on at least the profile's number of days in the last two weeks (HW-15).
    static func overruns(schoolId: UUID, classIds: Set<UUID>?, policies: PolicyStore, on db: any Database, today: LocalDate) async throws -> [Overrun] {
        guard let school = try await School.find(schoolId, on: db), let district = try await District.find(school.districtId, on: db) else { return [] }
        let profile = try policies.profile(for: district)
        let since = today.adding(days: -14).iso
        struct Reported: Decodable { let class_id: UUID; let date: String; let reports: Int; let total: Int }
        struct Estimated: Decodable { let class_id: UUID; let assigned_on: String; let total: Int }
        let reported = try await db.sql.raw("""
            SELECT class_id, date, COUNT(*) AS reports, CAST(SUM(minutes) AS BIGINT) AS total FROM homework_feedback
            WHERE school_id = \(bind: schoolId) AND date >= \(bind: since) GROUP BY class_id, date
            """).all(decoding: Reported.self)
        let estimated = try await db.sql.raw("""
            SELECT class_id, assigned_on, CAST(SUM(minutes) AS BIGINT) AS total FROM homework_entries
            WHERE school_id = \(bind: schoolId) AND status = 'published' AND assigned_on >= \(bind: since) GROUP BY class_id, assigned_on
            """).all(decoding: Estimated.self)
        let estimates = Dictionary(estimated.map { ("\($0.class_id)/\($0.assigned_on)", $0.total) }, uniquingKeysWith: +)
        var byClass: [UUID: [(String, Int, Int)]] = [:]
        for row in reported where classIds?.contains(row.class_id) ?? true {
            let estimate = estimates["\(row.class_id)/\(row.date)"] ?? 0
            let average = Int(ReportedTime.average(totalMinutes: row.total, reports: row.reports) ?? 0)
            if profile.homework.feedbackOverrun.exceeds(reported: Double(average), estimate: Double(estimate)) {
                byClass[row.class_id, default: []].append((row.date, average, estimate))
            }
        }
        let flagged = byClass.filter { $0.value.count >= profile.homework.feedbackOverrun.days }
        guard !flagged.isEmpty else { return [] }
        let classes = try await SchoolClass.query(on: db).filter(\.$id ~~ Array(flagged.keys)).all()
        return classes.map { c in
            Overrun(classId: c.id!, gradeNumber: c.gradeNumber, classNumber: c.number,
                    days: flagged[c.id!]!.sorted { $0.0 < $1.0 }.map { (date: $0.0, reported: $0.1, estimated: $0.2) })
        }.sorted { ($0.gradeNumber, $0.classNumber) < ($1.gradeNumber, $1.classNumber) }
    }

    /// The class's secret calendar address, made on first use. `context`: the class's, when the caller has loaded it.
    static func feedToken(classId: UUID, _ actor: Actor, cache: PublishedDayCache, context known: ClassContext? = nil, on db: any Database) async throws -> String {
        let schoolClass: SchoolClass
        if let known, known.schoolClass.id == classId {
            schoolClass = known.schoolClass
        } else {
            guard let found = try await SchoolClass.find(classId, on: db) else { throw AppError.notFound }
            schoolClass = found
        }
        guard schoolClass.districtId == actor.districtId, actor.canSeeRoster(of: schoolClass.scope) || actor.isGuardian(in: classId) else {
            throw AppError.notFound
        }
        if let token = cache.feedToken(of: classId) { return token }
        if let feed = try await ClassCalendarFeed.query(on: db).filter(\.$classId == classId).first() {
            cache.keepFeedToken(feed.token, of: classId)
            return feed.token
        }
        let token = [UInt8].random(count: 24).base64URLEncoded
        do {
            try await ClassCalendarFeed(districtId: schoolClass.districtId, schoolId: schoolClass.schoolId, classId: classId, token: token).create(on: db)
            cache.keepFeedToken(token, of: classId)
            return token
        } catch {
            // Two first visits at once: the other one's token stands.
            guard let feed = try await ClassCalendarFeed.query(on: db).filter(\.$classId == classId).first() else { throw error }
            return feed.token
        }
    }

    /// The published homework of the class behind a feed token, as iCalendar (RFC 5545) all-day events.
    static func calendarFeed(token: String, on db: any Database, now: Date = WallClock.now()) async throws -> String {
        guard let feed = try await ClassCalendarFeed.query(on: db).filter(\.$token == token).first() else { throw AppError.notFound }
        struct Row: Decodable { let id: UUID; let subject_name: String; let minutes: Int; let content: String; let assigned_on: String; let due_on: String; let visible_from: Date? }
        let rows = try await db.sql.raw("""
            SELECT e.id, s.name AS subject_name, e.minutes, e.content, e.assigned_on, e.due_on, e.visible_from
            FROM homework_entries e JOIN subjects s ON s.id = e.subject_id
            WHERE e.class_id = \(bind: feed.classId) AND e.status = 'published'
            ORDER BY e.assigned_on DESC LIMIT 400
            """).all(decoding: Row.self).filter { ($0.visible_from ?? .distantFuture) <= now }
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Jianfu//Homework//ZH", "CALSCALE:GREGORIAN", "X-WR-CALNAME:作业"]
        let stamp = ICalendar.timestamp(now)
        for row in rows {
            let start = row.assigned_on.replacingOccurrences(of: "-", with: "")
            let end = LocalDate(iso: row.assigned_on)!.adding(days: 1).iso.replacingOccurrences(of: "-", with: "")
            lines += ["BEGIN:VEVENT", "UID:\(row.id.uuidString.lowercased())@jianfu", "DTSTAMP:\(stamp)",
                      "DTSTART;VALUE=DATE:\(start)", "DTEND;VALUE=DATE:\(end)",
                      "SUMMARY:" + ICalendar.escape("\(row.subject_name) · \(row.minutes)分钟"),
                      "DESCRIPTION:" + ICalendar.escape(row.content + "\n截止：" + row.due_on), "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendar.fold).joined(separator: "\r\n") + "\r\n"
    }
}

enum ICalendar {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a UTF-8 character.
    static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        for c in line {
            let size = String(c).utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.append(c)
            octets += size
        }
        return out
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
