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

    /// For reading a day's load: the term's calendar, or outside every term a calendar of that one day.
    static func calendar(districtId: UUID, around date: LocalDate, on db: any Database) async throws -> SchoolCalendar {
        try await calendar(districtId: districtId, containing: date, on: db) ?? SchoolCalendar(startsOn: date, endsOn: date)
    }
}
