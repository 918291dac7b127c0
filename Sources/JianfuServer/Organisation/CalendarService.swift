import Fluent
import Foundation
import JianfuCore

/// The district's terms and their calendar days: read by everyone who plans, set up by the bureau.
enum CalendarService {
    struct TermCalendar: Sendable {
        let term: Term
        let days: [CalendarDay]
        let calendar: SchoolCalendar
    }

    /// The district's terms, newest first, each with its days and teaching calendar.
    static func terms(_ actor: Actor, on db: any Database) async throws -> [TermCalendar] {
        guard actor.isDistrictWide || !actor.adminSchoolIds.isEmpty else { throw AppError.notFound }
        let terms = try await Term.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$startsOn, .descending).all()
        let days = try await CalendarDay.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$date).all()
        let byTerm = Dictionary(grouping: days, by: \.termId)
        return terms.map { term in
            let own = byTerm[term.id!] ?? []
            let calendar = SchoolCalendar(
                startsOn: LocalDate(iso: term.startsOn)!, endsOn: LocalDate(iso: term.endsOn)!,
                holidays: Set(own.filter { $0.kind == CalendarDay.Kind.holiday.rawValue }.compactMap { LocalDate(iso: $0.date) }),
                makeUpWorkdays: Set(own.filter { $0.kind == CalendarDay.Kind.makeUpWorkday.rawValue }.compactMap { LocalDate(iso: $0.date) }))
            return TermCalendar(term: term, days: own, calendar: calendar)
        }
    }

    /// A new term that overlaps none of the district's others.
    static func createTerm(name rawName: String?, startsOn: String?, endsOn: String?, _ actor: Actor, on db: any Database) async throws -> String {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let name = (rawName ?? "").trimmingCharacters(in: .whitespaces)
        try Validate.required(name, field: "name", label: "term.name", max: 64)
        guard let start = LocalDate(iso: startsOn ?? "") else { throw AppError.invalid(field: "startsOn", messageKey: "homework.badDate", args: ["term.startsOn"]) }
        guard let end = LocalDate(iso: endsOn ?? "") else { throw AppError.invalid(field: "endsOn", messageKey: "homework.badDate", args: ["term.endsOn"]) }
        guard end > start else { throw AppError.invalid(field: "endsOn", messageKey: "term.endBeforeStart") }
        try await db.writeTransaction { tx in
            let overlapping = try await Term.query(on: tx).filter(\.$districtId == actor.districtId)
                .filter(\.$startsOn <= end.iso).filter(\.$endsOn >= start.iso).count()
            guard overlapping == 0 else { throw AppError.conflict(messageKey: "term.overlap") }
            let term = Term(districtId: actor.districtId, name: name, startsOn: start.iso, endsOn: end.iso)
            try await term.create(on: tx)
            try await SchoolQueries.bumpClassVersions(districtId: actor.districtId, on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "create", entity: "term", entityId: term.id,
                               detail: ["name": name, "startsOn": start.iso, "endsOn": end.iso])
        }
        return name
    }

    /// A holiday or a make-up working day (a weekend day taught) in one of the district's terms.
    static func addDay(termId rawTermId: String?, date rawDate: String?, kind rawKind: String?, name rawName: String?, _ actor: Actor,
                       on db: any Database) async throws -> LocalDate {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        guard let termId = rawTermId.flatMap(UUID.init(uuidString:)), let term = try await Term.find(termId, on: db),
              term.districtId == actor.districtId else { throw AppError.invalid(field: "termId", messageKey: "term.unknown") }
        guard let date = LocalDate(iso: rawDate ?? "") else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["feedback.date"]) }
        guard date.iso >= term.startsOn, date.iso <= term.endsOn else { throw AppError.invalid(field: "date", messageKey: "homework.outsideTerm", args: [date.iso]) }
        guard let kind = CalendarDay.Kind(rawValue: rawKind ?? "") else { throw AppError.invalid(field: "kind", messageKey: "term.badKind") }
        if kind == .makeUpWorkday && !date.isWeekend { throw AppError.invalid(field: "date", messageKey: "term.makeUpOnWeekday") }
        let name = (rawName ?? "").trimmingCharacters(in: .whitespaces)
        try Validate.required(name, field: "name", label: "term.dayName", max: 32)
        try await db.writeTransaction { tx in
            guard try await CalendarDay.query(on: tx).filter(\.$termId == termId).filter(\.$date == date.iso).count() == 0 else {
                throw AppError.conflict(messageKey: "term.dayExists", args: [date.iso])
            }
            let day = CalendarDay(districtId: actor.districtId, termId: termId, date: date.iso, kind: kind, name: name)
            try await day.create(on: tx)
            try await SchoolQueries.bumpClassVersions(districtId: actor.districtId, on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "create", entity: "calendar_day", entityId: day.id,
                               detail: ["date": date.iso, "kind": kind.rawValue, "name": name])
        }
        return date
    }
}
