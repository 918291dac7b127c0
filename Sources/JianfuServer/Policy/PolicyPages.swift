import JianfuCore
import Vapor

enum PolicyPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(PolicyPaths.policy, use: show)
        routes.post(PolicyPaths.policy, use: save)
    }

    struct Page: Encodable {
        let layout: Layout
        let profileTitle: String
        let version: String
        let rows: [Row]
        let canEdit: Bool
        let notice: String?
        let error: String?
    }

    struct Row: Encodable {
        let key: String
        let label: String
        let value: String
        let districtValue: String
        let adjustable: Bool
        let rule: String
        let source: String
        let wording: String
    }

    @Sendable static func show(_ req: Request) async throws -> View {
        try await render(req, entered: nil, notice: nil, error: nil)
    }

    static func render(_ req: Request, entered: [String: String]?, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        guard actor.isDistrictWide else { throw AppError.notFound }
        let (base, adjustments) = try await PolicyService.profile(for: actor.districtId, app: req.application, on: req.db)
        let none = req.t("policy.none")
        let rows = base.ruledValues.map { key, value in
            Row(key: key, label: req.t(labelKey(key, base)), value: value.value.map { shown(key, $0) } ?? none,
                districtValue: entered?[key] ?? adjustments[key].map { shown(key, $0) } ?? "",
                adjustable: PolicyAdjustment.adjustable[key] != nil, rule: value.rule, source: value.source, wording: value.wording)
        }
        let title = req.language == .en ? base.title.en : base.title.zh
        return try await req.view.render("policy/policy", Page(layout: Layout(req, title: req.t("policy.title")), profileTitle: title, version: base.version,
                                                        rows: rows, canEdit: actor.isBureauAdmin, notice: notice, error: error))
    }

    @Sendable static func save(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let form = try req.content.decode([String: String].self)
        var entered: [String: String] = [:]
        for key in PolicyAdjustment.adjustable.keys {
            entered[key] = (form[key] ?? "").trimmingCharacters(in: .whitespaces)
        }
        let typed = entered
        return try await FormResponse.handle(req, {
            var values: [String: Int] = [:]
            for (key, raw) in typed {
                guard !raw.isEmpty else { continue }
                if PolicyProfile.timeOfDayKeys.contains(key) {
                    guard let time = TimeOfDay(hhmm: raw) else {
                        throw AppError.invalid(field: key, messageKey: "policy.notTime", args: ["key." + key])
                    }
                    values[key] = time.minutes
                    continue
                }
                guard let number = Int(raw), number >= 0 else {
                    throw AppError.invalid(field: key, messageKey: "policy.notNumber", args: ["key." + key])
                }
                values[key] = number
            }
            try await PolicyService.saveAdjustments(values, actor, app: req.application, on: req.db)
            return try await render(req, entered: nil, notice: req.t("policy.saved"), error: nil).encodeResponse(for: req)
        }, rerender: { try await render(req, entered: typed, notice: nil, error: $0) })
    }

    /// A value as the bureau reads and types it: a time of day as "17:30".
    static func shown(_ key: String, _ value: Int) -> String {
        PolicyProfile.timeOfDayKeys.contains(key) ? TimeOfDay(minutes: value)?.hhmm ?? String(value) : String(value)
    }

    /// The label of a value: the weekend and holiday number reads per day or for the whole break, as the profile
    /// counts it (HW-04).
    static func labelKey(_ key: String, _ profile: PolicyProfile) -> String {
        key == "homework.weekendAndHoliday" ? "key.\(key).\(profile.homework.weekendAndHolidayBasis.rawValue)" : "key." + key
    }
}
