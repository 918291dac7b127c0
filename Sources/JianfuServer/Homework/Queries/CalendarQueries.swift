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
}
