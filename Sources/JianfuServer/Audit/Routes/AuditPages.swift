import Fluent
import Foundation
import JianfuCore
import Vapor

/// 操作日志: school administrators search their schools' audit trail, the bureau and inspectors the district's.
/// Read-only: nothing in the app changes or deletes an audit record.
enum AuditPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(AuditPaths.audit, use: search)
    }

    /// The kinds of record a person filters by; each is an action or the prefix of a family of actions.
    static let actionFilters = ["sign_in", "sign_in_failed", "change_password", "homework", "test", "report", "create", "update", "assign_role",
                                "reset_password", "import", "export", "personal_data", "erase"]

    struct Page: Encodable {
        let layout: Layout
        let from: String
        let to: String
        let person: String
        let entity: String
        let actions: [FormOption]
        let schools: [FormOption]
        let lines: [Line]
        let olderHref: String?
    }

    struct Line: Encodable {
        let at: String
        let person: String
        let school: String
        let action: String
        let entity: String
        let detail: String
        let address: String
    }

    @Sendable static func search(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let scope = try AuditQueries.scope(actor)
        guard let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        let zone = district.zone
        let from = (try? req.query.get(String.self, at: "from")).flatMap(LocalDate.init(iso:))
        let to = (try? req.query.get(String.self, at: "to")).flatMap(LocalDate.init(iso:))
        let action = (try? req.query.get(String.self, at: "action")).flatMap { actionFilters.contains($0) ? $0 : nil }
        let person = ((try? req.query.get(String.self, at: "person")) ?? "").prefix(64)
        let entityText = (try? req.query.get(String.self, at: "entity")) ?? ""
        let schoolId = (try? req.query.get(String.self, at: "school")).flatMap(UUID.init(uuidString:))
        let before = (try? req.query.get(Double.self, at: "before")).map { Date(timeIntervalSince1970: $0) }
        let filters = AuditQueries.Filters(
            from: from.map { LocalTime.start(of: $0, in: zone) }, until: to.map { LocalTime.start(of: $0.adding(days: 1), in: zone) },
            action: action, person: String(person), entityId: UUID(uuidString: entityText.trimmingCharacters(in: .whitespaces)),
            schoolId: schoolId, before: before)
        let found = try await AuditQueries.search(filters, actor, on: req.db)
        let shown = found.prefix(AuditQueries.pageSize)
        let language = req.language
        let lines = shown.map { row in
            Line(at: LocalTime.minute(row.at, zone: zone),
                 person: row.actor_name.map { "\($0)（\(row.actor_username ?? "")）" } ?? "—",
                 school: row.school_name ?? "—",
                 action: label(of: row.action, language),
                 entity: [row.entity, row.entity_id?.uuidString.lowercased()].compactMap { $0 }.joined(separator: " "),
                 detail: row.detail == "{}" ? "" : row.detail,
                 address: row.address ?? "")
        }
        var olderHref: String? = nil
        if found.count > AuditQueries.pageSize, let last = shown.last {
            var items = req.url.query.map { URLComponents(string: "?" + $0)?.queryItems ?? [] } ?? []
            items.removeAll { $0.name == "before" }
            items.append(URLQueryItem(name: "before", value: String(last.at.timeIntervalSince1970)))
            var components = URLComponents()
            components.path = AuditPaths.audit.path
            components.queryItems = items
            olderHref = components.string
        }
        let schools = try await OrganisationService.visibleSchools(actor, on: req.db)
            .filter { scope == nil || scope!.contains($0.id) }
            .map { FormOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == schoolId) }
        let page = Page(
            layout: Layout(req, title: req.t("audit.title")), from: from?.iso ?? "", to: to?.iso ?? "", person: String(person), entity: entityText,
            actions: actionFilters.map { FormOption(value: $0, label: label(of: $0, language), selected: $0 == action) },
            schools: schools, lines: Array(lines), olderHref: olderHref)
        return try await req.view.render("audit/audit", page)
    }

    /// `homework.approve` reads as its family and step; an action without a label shows its code.
    static func label(of action: String, _ language: Language) -> String {
        let key = "audit.action." + action
        if Strings.table[key] != nil { return Strings.text(key, language) }
        let parts = action.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, Strings.table["audit.action." + parts[0]] != nil {
            return Strings.text("audit.action." + parts[0], language) + " · " + parts[1]
        }
        return action
    }
}
