import Fluent
import JianfuCore
import Vapor

/// The district's terms and their calendars: the bureau sets them up; everyone reads teaching days from them.
enum TermPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(OrganisationPaths.terms, use: show)
        routes.post(OrganisationPaths.terms, use: createTerm)
        routes.post(OrganisationPaths.termDays, use: addDay)
    }

    struct Page: Encodable {
        let layout: Layout
        let terms: [TermBlock]
        let canEdit: Bool
        let notice: String?
        let error: String?
    }

    struct TermBlock: Encodable {
        let id: String
        let name: String
        let startsOn: String
        let endsOn: String
        let teachingDays: Int
        let days: [DayLine]
    }

    struct DayLine: Encodable {
        let date: String
        let kind: String
        let name: String
    }

    @Sendable static func show(_ req: Request) async throws -> View {
        try await render(req, notice: nil, error: nil)
    }

    static func render(_ req: Request, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        guard actor.isDistrictWide || !actor.adminSchoolIds.isEmpty else { throw AppError.notFound }
        let terms = try await Term.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$startsOn, .descending).all()
        let days = try await CalendarDay.query(on: req.db).filter(\.$districtId == actor.districtId).sort(\.$date).all()
        let byTerm = Dictionary(grouping: days, by: \.termId)
        let blocks = terms.map { term in
            let own = byTerm[term.id!] ?? []
            let calendar = SchoolCalendar(
                startsOn: LocalDate(iso: term.startsOn)!, endsOn: LocalDate(iso: term.endsOn)!,
                holidays: Set(own.filter { $0.kind == CalendarDay.Kind.holiday.rawValue }.compactMap { LocalDate(iso: $0.date) }),
                makeUpWorkdays: Set(own.filter { $0.kind == CalendarDay.Kind.makeUpWorkday.rawValue }.compactMap { LocalDate(iso: $0.date) }))
            return TermBlock(id: term.id!.uuidString, name: term.name, startsOn: term.startsOn, endsOn: term.endsOn,
                             teachingDays: calendar.teachingDayCount,
                             days: own.map { DayLine(date: $0.date, kind: req.t("term.kind." + $0.kind), name: $0.name) })
        }
        return try await req.view.render("organisation/terms", Page(layout: Layout(req, title: req.t("term.title")), terms: blocks,
                                                       canEdit: actor.isBureauAdmin, notice: notice, error: error))
    }

    struct TermForm: Content {
        let name: String?
        let startsOn: String?
        let endsOn: String?
    }

    @Sendable static func createTerm(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let form = try req.content.decode(TermForm.self)
        return try await FormResponse.handle(req, {
            let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
            try Validate.required(name, field: "name", label: "term.name", max: 64)
            guard let start = LocalDate(iso: form.startsOn ?? "") else { throw AppError.invalid(field: "startsOn", messageKey: "homework.badDate", args: ["term.startsOn"]) }
            guard let end = LocalDate(iso: form.endsOn ?? "") else { throw AppError.invalid(field: "endsOn", messageKey: "homework.badDate", args: ["term.endsOn"]) }
            guard end > start else { throw AppError.invalid(field: "endsOn", messageKey: "term.endBeforeStart") }
            try await req.db.writeTransaction { tx in
                let overlapping = try await Term.query(on: tx).filter(\.$districtId == actor.districtId)
                    .filter(\.$startsOn <= end.iso).filter(\.$endsOn >= start.iso).count()
                guard overlapping == 0 else { throw AppError.conflict(messageKey: "term.overlap") }
                let term = Term(districtId: actor.districtId, name: name, startsOn: start.iso, endsOn: end.iso)
                try await term.create(on: tx)
                try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "create", entity: "term", entityId: term.id,
                                   detail: ["name": name, "startsOn": start.iso, "endsOn": end.iso])
            }
            return try await render(req, notice: req.t("term.created", name), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }

    struct DayForm: Content {
        let termId: String?
        let date: String?
        let kind: String?
        let name: String?
    }

    @Sendable static func addDay(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let form = try req.content.decode(DayForm.self)
        return try await FormResponse.handle(req, {
            guard let termId = form.termId.flatMap(UUID.init(uuidString:)), let term = try await Term.find(termId, on: req.db),
                  term.districtId == actor.districtId else { throw AppError.invalid(field: "termId", messageKey: "term.unknown") }
            guard let date = LocalDate(iso: form.date ?? "") else { throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["feedback.date"]) }
            guard date.iso >= term.startsOn, date.iso <= term.endsOn else { throw AppError.invalid(field: "date", messageKey: "homework.outsideTerm", args: [date.iso]) }
            guard let kind = CalendarDay.Kind(rawValue: form.kind ?? "") else { throw AppError.invalid(field: "kind", messageKey: "term.badKind") }
            if kind == .makeUpWorkday && !date.isWeekend { throw AppError.invalid(field: "date", messageKey: "term.makeUpOnWeekday") }
            let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
            try Validate.required(name, field: "name", label: "term.dayName", max: 32)
            try await req.db.writeTransaction { tx in
                guard try await CalendarDay.query(on: tx).filter(\.$termId == termId).filter(\.$date == date.iso).count() == 0 else {
                    throw AppError.conflict(messageKey: "term.dayExists", args: [date.iso])
                }
                let day = CalendarDay(districtId: actor.districtId, termId: termId, date: date.iso, kind: kind, name: name)
                try await day.create(on: tx)
                try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "create", entity: "calendar_day", entityId: day.id,
                                   detail: ["date": date.iso, "kind": kind.rawValue, "name": name])
            }
            return try await render(req, notice: req.t("term.dayAdded", date.iso), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }
}
