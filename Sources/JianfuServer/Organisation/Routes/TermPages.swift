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
        let blocks = try await CalendarService.terms(actor, on: req.db).map { entry in
            TermBlock(id: entry.term.id!.uuidString, name: entry.term.name, startsOn: entry.term.startsOn, endsOn: entry.term.endsOn,
                      teachingDays: entry.calendar.teachingDayCount,
                      days: entry.days.map { DayLine(date: $0.date, kind: req.t("term.kind." + $0.kind), name: $0.name) })
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
            let name = try await CalendarService.createTerm(name: form.name, startsOn: form.startsOn, endsOn: form.endsOn, actor, on: req.db)
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
            let date = try await CalendarService.addDay(termId: form.termId, date: form.date, kind: form.kind, name: form.name, actor, on: req.db)
            return try await render(req, notice: req.t("term.dayAdded", date.iso), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, notice: nil, error: $0) })
    }
}
