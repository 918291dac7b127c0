import Fluent
import Foundation
import JianfuCore
import SQLKit

/// Keeps `class_day_loads` and `school_day_loads` equal to what the entries and reports say.
/// Every change to homework or feedback recomputes the touched class-days from their source rows,
/// inside the change's own transaction, and moves the school-day sums by the difference.
enum DailyLoadAggregates {
    static let schoolColumns = ["filed_class_days"] + ClassDayTally.columnNames.dropFirst()

    /// What a class-day adds to its school-day: one class-day with filings, and every sum as it is.
    static func schoolColumns(of tally: ClassDayTally) -> [Int] {
        var columns = tally.columns
        columns[0] = tally.filedItems > 0 ? 1 : 0
        return columns
    }

    /// `calendar`: the term's, and `entries`: every entry of the class on those days as the transaction now has them,
    /// when the caller has them already (a filing holds its write lock meanwhile).
    static func refresh(_ context: ClassContext, from: LocalDate, through: LocalDate, calendar known: SchoolCalendar? = nil,
                        entries: [HomeworkEntry]? = nil, on db: any Database) async throws {
        let classId = context.schoolClass.id!
        let calendar = if let known { known } else { try await CalendarQueries.calendar(districtId: context.district.id!, around: from, on: db) }
        let fresh = try await tallies(classId: classId, from: from, through: through, rules: { try context.rules(calendar: calendar, on: $0) },
                                      entries: entries, on: db)
        let stored = try await storedTallies(classId: classId, from: from, through: through, on: db)
        for day in from.dayNumber...through.dayNumber {
            let date = LocalDate(dayNumber: day)
            let new = fresh[date] ?? ClassDayTally()
            let old = stored[date.iso]?.tally ?? ClassDayTally()
            let cap = try context.rules(calendar: calendar, on: date).capMinutes
            // A changed cap is kept even where the sums stay the same: the dashboards show which cap judged the day.
            guard new != old || (!new.isEmpty && stored[date.iso]?.cap != cap) else { continue }
            if new.isEmpty {
                try await db.sql.raw("DELETE FROM class_day_loads WHERE class_id = \(bind: classId) AND date = \(bind: date.iso)").run()
            } else {
                try await upsertClassDay(context, date: date, cap: cap, tally: new, on: db)
            }
            let delta = zip(schoolColumns(of: new), schoolColumns(of: old)).map { $0 - $1 }
            try await addToSchoolDay(districtId: context.district.id!, schoolId: context.school.id!, band: context.band.rawValue, date: date.iso,
                                     delta: delta, on: db)
        }
    }

    /// The tallies of a class's days in a range, from its entries and its parents' reports; each day by its own rules.
    static func tallies(classId: UUID, from: LocalDate, through: LocalDate, rules: (LocalDate) throws -> LoadRules,
                        entries known: [HomeworkEntry]? = nil, on db: any Database) async throws -> [LocalDate: ClassDayTally] {
        let read = if let known { known } else { try await HomeworkService.entries(classId: classId, from: from, through: through, on: db) }
        let entries = read.map(tallyEntry)
        let reports = try await HomeworkFeedback.query(on: db).filter(\.$classId == classId)
            .filter(\.$date >= from.iso).filter(\.$date <= through.iso).all()
        let reportsByDay = Dictionary(grouping: reports, by: \.date)
        var result: [LocalDate: ClassDayTally] = [:]
        for day in from.dayNumber...through.dayNumber {
            let date = LocalDate(dayNumber: day)
            let touching = entries.filter { $0.item.assignedOn <= date && $0.item.dueOn >= date }
            let dayReports = (reportsByDay[date.iso] ?? []).map { ClassDayTally.Report(minutes: $0.minutes, tooMuch: $0.tooMuch) }
            guard !touching.isEmpty || !dayReports.isEmpty else { continue }
            let tally = ClassDayTally.of(date, entries: touching, reports: dayReports, rules: try rules(date))
            if !tally.isEmpty { result[date] = tally }
        }
        return result
    }

    static func tallyEntry(_ entry: HomeworkEntry) -> ClassDayTally.Entry {
        let status: ClassDayTally.Status = switch entry.status {
        case HomeworkEntry.Status.pendingReview.rawValue: .pending
        case HomeworkEntry.Status.published.rawValue: .published
        default: .inactive
        }
        return ClassDayTally.Entry(item: entry.item, status: status, overridden: entry.overrideReason != nil)
    }

    private static var tallyColumnList: String { ClassDayTally.columnNames.joined(separator: ", ") }

    /// The kept tallies of a class's days, each with the cap it was judged by.
    static func storedTallies(classId: UUID, from: LocalDate, through: LocalDate, on db: any Database) async throws -> [String: (tally: ClassDayTally, cap: Int)] {
        let rows = try await db.sql.raw("""
            SELECT date, cap_minutes, \(unsafeRaw: tallyColumnList) FROM class_day_loads
            WHERE class_id = \(bind: classId) AND date >= \(bind: from.iso) AND date <= \(bind: through.iso)
            """).all()
        var result: [String: (tally: ClassDayTally, cap: Int)] = [:]
        for row in rows {
            let date = try row.decode(column: "date", as: String.self)
            result[date] = (ClassDayTally(columns: try ClassDayTally.columnNames.map { try row.decode(column: $0, as: Int.self) }),
                            try row.decode(column: "cap_minutes", as: Int.self))
        }
        return result
    }

    private static func upsertClassDay(_ context: ClassContext, date: LocalDate, cap: Int, tally: ClassDayTally, on db: any Database) async throws {
        var query = SQLQueryString("""
            INSERT INTO class_day_loads (id, district_id, school_id, class_id, band, date, cap_minutes, \(unsafeRaw: tallyColumnList)) VALUES (
            \(bind: UUID()), \(bind: context.district.id!), \(bind: context.school.id!), \(bind: context.schoolClass.id!), \(bind: context.band.rawValue),
            \(bind: date.iso), \(bind: cap),
            """)
        query.appendInterpolation(binds: tally.columns)
        query.appendInterpolation(unsafeRaw: ") ON CONFLICT (class_id, date) DO UPDATE SET cap_minutes = excluded.cap_minutes, "
            + ClassDayTally.columnNames.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
        try await db.sql.raw(query).run()
    }

    private static func addToSchoolDay(districtId: UUID, schoolId: UUID, band: String, date: String, delta: [Int], on db: any Database) async throws {
        var query = SQLQueryString("""
            INSERT INTO school_day_loads (id, district_id, school_id, band, date, \(unsafeRaw: schoolColumns.joined(separator: ", "))) VALUES (
            \(bind: UUID()), \(bind: districtId), \(bind: schoolId), \(bind: band), \(bind: date),
            """)
        query.appendInterpolation(binds: delta)
        query.appendInterpolation(unsafeRaw: ") ON CONFLICT (school_id, date, band) DO UPDATE SET "
            + schoolColumns.map { "\($0) = school_day_loads.\($0) + excluded.\($0)" }.joined(separator: ", "))
        try await db.sql.raw(query).run()
    }

    // MARK: recomputing everything

    struct ClassDayKey: Hashable { let classId: UUID; let date: String }
    struct SchoolDayKey: Hashable { let schoolId: UUID; let date: String; let band: String }

    /// Every class-day and school-day sum recomputed from the source rows: the reference the kept sums must equal,
    /// and how `jianfu rebuild-aggregates` repairs them (after a calendar change, say).
    static func recompute(districtId: UUID, policies: PolicyStore, on db: any Database) async throws -> (classes: [ClassDayKey: ClassDayTally], schools: [SchoolDayKey: [Int]]) {
        struct Span: Decodable { let class_id: UUID; let first: String?; let last: String? }
        let spans = try await db.sql.raw("""
            SELECT class_id, MIN(d) AS first, MAX(d) AS last FROM (
              SELECT class_id, assigned_on AS d FROM homework_entries WHERE district_id = \(bind: districtId)
              UNION ALL SELECT class_id, due_on AS d FROM homework_entries WHERE district_id = \(bind: districtId)
              UNION ALL SELECT class_id, date AS d FROM homework_feedback WHERE district_id = \(bind: districtId)
            ) days GROUP BY class_id
            """).all(decoding: Span.self)
        var classes: [ClassDayKey: ClassDayTally] = [:]
        var schools: [SchoolDayKey: [Int]] = [:]
        for span in spans {
            guard let first = span.first.flatMap(LocalDate.init(iso:)), let last = span.last.flatMap(LocalDate.init(iso:)),
                  let context = try await ClassContext.load(span.class_id, policies: policies, on: db) else { continue }
            let calendar = try await CalendarQueries.calendar(districtId: districtId, around: first, on: db)
            for (date, tally) in try await tallies(classId: span.class_id, from: first, through: last,
                                                   rules: { try context.rules(calendar: calendar, on: $0) }, on: db) {
                classes[ClassDayKey(classId: span.class_id, date: date.iso)] = tally
                let key = SchoolDayKey(schoolId: context.school.id!, date: date.iso, band: context.band.rawValue)
                schools[key] = zip(schools[key] ?? Array(repeating: 0, count: schoolColumns.count), schoolColumns(of: tally)).map { $0 + $1 }
            }
        }
        return (classes, schools)
    }

    /// The sums as kept, leaving out rows that have come back to zero.
    static func stored(districtId: UUID, on db: any Database) async throws -> (classes: [ClassDayKey: ClassDayTally], schools: [SchoolDayKey: [Int]]) {
        var classes: [ClassDayKey: ClassDayTally] = [:]
        for row in try await db.sql.raw("SELECT class_id, date, \(unsafeRaw: tallyColumnList) FROM class_day_loads WHERE district_id = \(bind: districtId)").all() {
            let tally = ClassDayTally(columns: try ClassDayTally.columnNames.map { try row.decode(column: $0, as: Int.self) })
            classes[ClassDayKey(classId: try row.decode(column: "class_id", as: UUID.self), date: try row.decode(column: "date", as: String.self))] = tally
        }
        var schools: [SchoolDayKey: [Int]] = [:]
        let columns = schoolColumns.joined(separator: ", ")
        for row in try await db.sql.raw("SELECT school_id, date, band, \(unsafeRaw: columns) FROM school_day_loads WHERE district_id = \(bind: districtId)").all() {
            let values = try schoolColumns.map { try row.decode(column: $0, as: Int.self) }
            guard values.contains(where: { $0 != 0 }) else { continue }
            schools[SchoolDayKey(schoolId: try row.decode(column: "school_id", as: UUID.self), date: try row.decode(column: "date", as: String.self),
                                 band: try row.decode(column: "band", as: String.self))] = values
        }
        return (classes, schools)
    }

    /// Replaces the kept sums of a district with a full recomputation.
    static func rebuild(districtId: UUID, policies: PolicyStore, on db: any Database) async throws {
        let (classes, _) = try await recompute(districtId: districtId, policies: policies, on: db)
        try await db.writeTransaction { tx in
            try await tx.sql.raw("DELETE FROM class_day_loads WHERE district_id = \(bind: districtId)").run()
            try await tx.sql.raw("DELETE FROM school_day_loads WHERE district_id = \(bind: districtId)").run()
            let byClass = Dictionary(grouping: classes, by: { $0.key.classId })
            for (classId, days) in byClass {
                guard let context = try await ClassContext.load(classId, policies: policies, on: tx) else { continue }
                let dates = days.compactMap { LocalDate(iso: $0.key.date) }
                guard let first = dates.min(), let last = dates.max() else { continue }
                try await refresh(context, from: first, through: last, on: tx)
            }
        }
    }

    /// Recounts every class-day of a district from `from` on, in the caller's transaction: after the district's own
    /// values change, the days they now hold for are judged by them.
    static func recount(districtId: UUID, from: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        struct Span: Decodable { let class_id: UUID; let last: String }
        let spans = try await db.sql.raw("""
            SELECT class_id, MAX(due_on) AS last FROM homework_entries
            WHERE district_id = \(bind: districtId) AND due_on >= \(bind: from.iso) GROUP BY class_id
            """).all(decoding: Span.self)
        for span in spans {
            guard let last = LocalDate(iso: span.last), let context = try await ClassContext.load(span.class_id, policies: policies, on: db) else { continue }
            try await refresh(context, from: from, through: last, on: db)
        }
    }
}
