import Fluent
import Foundation
import JianfuCore

enum CalendarQueries {
    /// The term holding the date, as the core's calendar; nil outside every term.
    static func calendar(districtId: UUID, containing date: LocalDate, on db: any Database) async throws -> SchoolCalendar? {
        guard let term = try await Term.query(on: db).filter(\.$districtId == districtId)
            .filter(\.$startsOn <= date.iso).filter(\.$endsOn >= date.iso).first() else { return nil }
        let days = try await CalendarDay.query(on: db).filter(\.$termId == term.id!).all()
        return SchoolCalendar(
            startsOn: LocalDate(iso: term.startsOn)!, endsOn: LocalDate(iso: term.endsOn)!,
            holidays: Set(days.filter { $0.kind == CalendarDay.Kind.holiday.rawValue }.compactMap { LocalDate(iso: $0.date) }),
            makeUpWorkdays: Set(days.filter { $0.kind == CalendarDay.Kind.makeUpWorkday.rawValue }.compactMap { LocalDate(iso: $0.date) }))
    }

    /// Every term of the district as the core's calendars, in their order (two round trips): the days between them are
    /// the vacations.
    static func calendars(districtId: UUID, on db: any Database) async throws -> [SchoolCalendar] {
        let terms = try await Term.query(on: db).filter(\.$districtId == districtId).sort(\.$startsOn).all()
        let days = Dictionary(grouping: try await CalendarDay.query(on: db).filter(\.$termId ~~ terms.compactMap(\.id)).all(), by: \.termId)
        return terms.compactMap { term in
            guard let start = LocalDate(iso: term.startsOn), let end = LocalDate(iso: term.endsOn) else { return nil }
            let own = days[term.id!] ?? []
            return SchoolCalendar(startsOn: start, endsOn: end,
                                  holidays: Set(own.filter { $0.kind == CalendarDay.Kind.holiday.rawValue }.compactMap { LocalDate(iso: $0.date) }),
                                  makeUpWorkdays: Set(own.filter { $0.kind == CalendarDay.Kind.makeUpWorkday.rawValue }.compactMap { LocalDate(iso: $0.date) }))
        }
    }

    /// For reading a day's load: the term's calendar, or outside every term a calendar of that one day.
    static func calendar(districtId: UUID, around date: LocalDate, on db: any Database) async throws -> SchoolCalendar {
        try await calendar(districtId: districtId, containing: date, on: db) ?? SchoolCalendar(startsOn: date, endsOn: date)
    }

    /// The term a school plans for on a date: the one holding it, else the next to begin, else the last to end.
    static func planningTerm(districtId: UUID, on date: LocalDate, on db: any Database) async throws -> Term? {
        let terms = try await Term.query(on: db).filter(\.$districtId == districtId).sort(\.$startsOn).all()
        return terms.first { $0.startsOn <= date.iso && $0.endsOn >= date.iso }
            ?? terms.first { $0.startsOn > date.iso }
            ?? terms.last
    }
}
