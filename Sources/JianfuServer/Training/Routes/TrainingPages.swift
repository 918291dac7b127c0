import Fluent
import Foundation
import JianfuCore
import Vapor

/// The bureau's register: the institutions with their status and lists, registration, the guided prices; one
/// institution's history, courses as checked, and the steps and listings the bureau records.
enum TrainingPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(TrainingPaths.index, use: index)
        routes.post(TrainingPaths.institutions, use: registerInstitution)
        routes.post(TrainingPaths.prices, use: setPrice)
        routes.get(TrainingPaths.export, use: export)
        routes.on(.POST, TrainingPaths.importFile.components, body: .collect(maxSize: "10mb"), use: importFile)
        routes.get(TrainingPaths.institution, use: institutionPage)
        routes.post(TrainingPaths.events, use: recordEvent)
        routes.post(TrainingPaths.listing, use: setListing)
        routes.post(TrainingPaths.courses, use: addCourse)
        routes.post(TrainingPaths.findings, use: makeFinding)
        routes.post(TrainingPaths.order, use: closeFinding)
    }

    struct Line: Encodable {
        let href: String
        let name: String
        let code: String
        let kind: String
        let status: String
        let since: String
        let listing: String?
        let courses: Int
        let flagged: Int
    }

    struct YearCell: Encodable {
        let day: String
        let subject: Int
        let nonSubject: Int
    }

    struct PriceLine: Encodable {
        let mode: String
        let tier: String
        let price: String?
    }

    struct IndexPage: Encodable {
        let layout: Layout
        let rule: String
        let priceRule: String
        let lines: [Line]
        let shown: String
        let counts: [String]
        let reduction: String?
        let years: [YearCell]
        let filterKinds: [FormOption]
        let filterStatuses: [FormOption]
        let filterLists: [FormOption]
        let baseline: String
        let prices: [PriceLine]
        let mayManage: Bool
        let kinds: [FormOption]
        let modes: [FormOption]
        let custodies: [FormOption]
        let tiers: [FormOption]
        let form: [String: String]
        let importProblems: [String]
        let notice: String?
        let error: String?
    }

    static func tierLabel(_ tiers: ClassSizeTiers, _ tier: Int, _ req: Request) -> String {
        let range = tiers.range(ofTier: tier)
        return range.high.map { req.t("training.tierRange", String(range.low), String($0)) } ?? req.t("training.tierOpen", String(range.low))
    }

    static func options<T: Labelled>(_ type: T.Type, _ chosen: String?, _ req: Request) -> [FormOption] {
        T.allCases.map { FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == chosen) }
    }

    static func renderIndex(_ req: Request, notice: String?, error: String?, form: [String: String] = [:], importProblems: [String] = []) async throws
        -> View {
        let actor = try req.requireActor()
        try TrainingService.requireRead(actor)
        let district = try await TrainingService.district(actor, on: req.db)
        let training = try req.application.policies.profile(for: district).training
        let rows = try await TrainingQueries.institutions(districtId: district.id!, on: req.db)
        let prices = try await TrainingService.guidedPrices(districtId: district.id!, on: req.db)
        // The register filtered as the reader chose: by type, status and public list.
        struct Filter: Content { var kind: String?; var status: String?; var list: String?; var baseline: String? }
        let filter = (try? req.query.decode(Filter.self)) ?? Filter()
        func listing(_ row: TrainingQueries.InstitutionLine) -> PublicListing? {
            PublicListing.of(status: InstitutionStatus(rawValue: row.status) ?? .pending, listed: row.listing.flatMap(PublicListing.init),
                             feesPublished: row.fees_published)
        }
        let chosen = rows.filter { row in
            (filter.kind.map { $0.isEmpty || $0 == row.kind } ?? true) && (filter.status.map { $0.isEmpty || $0 == row.status } ?? true)
                && (filter.list.map { $0.isEmpty || $0 == (listing(row)?.rawValue ?? "none") } ?? true)
        }
        let lines = chosen.map { row in
            Line(href: TrainingPaths.institution.path(row.id), name: row.name, code: row.credit_code,
                 kind: req.t("training.kind." + row.kind) + " · " + req.t("training.mode." + row.mode), status: req.t("training.status." + row.status),
                 since: row.status_since, listing: listing(row).map { req.t($0.labelKey) }, courses: row.courses, flagged: row.flagged)
        }
        let today = WallClock.today(in: district.zone)
        let baseline = filter.baseline.flatMap { LocalDate(iso: $0) }.map { min($0, today) } ?? training.subjectApprovalsEnded.date
        let reduction = try await TrainingService.reduction(districtId: district.id!, baseline: baseline, today: today, on: req.db)
        let years = try await TrainingService.overTime(districtId: district.id!, from: baseline, today: today, on: req.db)
        let any = FormOption(value: "", label: req.t("training.any"), selected: false)
        var counts: [String] = []
        for kind in TrainingKind.allCases {
            let own = rows.filter { $0.kind == kind.rawValue }
            let byStatus = InstitutionStatus.allCases.compactMap { status -> String? in
                let n = own.filter { $0.status == status.rawValue }.count
                return n > 0 ? "\(req.t(status.labelKey)) \(n)" : nil
            }
            counts.append("\(req.t(kind.labelKey))：\(own.count)（\(byStatus.joined(separator: "，"))）")
        }
        let priceLines = TrainingMode.allCases.flatMap { mode in
            (1...training.classSizeTiers.count).map { tier in
                PriceLine(mode: req.t(mode.labelKey), tier: tierLabel(training.classSizeTiers, tier, req),
                          price: prices.first { $0.mode == mode && $0.tier == tier }.map { Money.yuan($0.baseFen) })
            }
        }
        let time = { (value: RuledValue) in value.value.flatMap(TimeOfDay.init(minutes:))?.description ?? "—" }
        return try await req.view.render("training/index", IndexPage(
            layout: Layout(req, title: req.t("training.title")),
            rule: req.t("training.rule", training.subjectApprovalsEnded.rule, String(training.onlineLessonMaxMinutes.value ?? 0),
                        String(training.onlineBreakMinMinutes.value ?? 0), time(training.onlineLatestEnd), time(training.offlineLatestEnd),
                        String(training.priceFloatUpPercent.value ?? 0)),
            priceRule: req.t("training.priceRule", String(training.standardLessonOnline.value ?? 0), String(training.standardLessonOffline.value ?? 0),
                             String(training.priceFloatUpPercent.value ?? 0), training.priceFloatUpPercent.rule),
            lines: lines, shown: req.t("training.shown", String(lines.count), String(rows.count)), counts: counts,
            reduction: reduction.percent.map { req.t("training.reduction", baseline.iso, String(reduction.baseline), String(reduction.now), String($0)) },
            years: years.map { YearCell(day: $0.day.iso, subject: $0.subject, nonSubject: $0.nonSubject) },
            filterKinds: [any] + options(TrainingKind.self, filter.kind, req), filterStatuses: [any] + options(InstitutionStatus.self, filter.status, req),
            filterLists: [any] + (PublicListing.allCases.map(\.rawValue) + ["none"]).map {
                FormOption(value: $0, label: req.t("training.list." + $0), selected: filter.list == $0)
            },
            baseline: baseline.iso, prices: priceLines, mayManage: TrainingService.mayManage(actor),
            kinds: options(TrainingKind.self, form["kind"], req), modes: options(TrainingMode.self, form["mode"], req),
            custodies: options(FeeCustody.self, form["custody"], req),
            tiers: (1...training.classSizeTiers.count).map { FormOption(value: String($0), label: tierLabel(training.classSizeTiers, $0, req), selected: false) },
            form: form, importProblems: importProblems, notice: notice, error: error))
    }

    @Sendable static func index(_ req: Request) async throws -> View {
        try await renderIndex(req, notice: nil, error: nil)
    }

    @Sendable static func registerInstitution(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try TrainingService.requireManage(actor)
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let row = try await TrainingService.register(.init(
                name: form["name"] ?? "", creditCode: form["creditCode"] ?? "", kind: form["kind"] ?? "", mode: form["mode"] ?? "",
                address: form["address"] ?? "", insuranceExpiresOn: form["insuranceExpiresOn"], staffCount: Int(form["staffCount"] ?? "") ?? 0,
                qualifiedStaffCount: Int(form["qualifiedStaffCount"] ?? "") ?? 0, custody: form["custody"] ?? FeeCustody.none.rawValue,
                feesPublished: form["feesPublished"] == "on", approvedOn: form["approvedOn"]), actor, policies: req.application.policies, on: req.db)
            req.application.trainingLists.invalidate(row.districtId)
            return req.redirect(to: TrainingPaths.institution.path(row.id!) + "?registered=1")
        }, rerender: { try await renderIndex(req, notice: nil, error: $0, form: form) })
    }

    @Sendable static func export(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try TrainingService.requireRead(actor)
        let rows = try await TrainingService.exportRows(districtId: actor.districtId, language: req.language, on: req.db)
        try await req.db.audit(actor, districtId: actor.districtId, schoolId: nil, action: "institution.export", entity: TrainingInstitution.schema,
                               entityId: nil, detail: ["rows": String(rows.count - 1)])
        return CSVDownload.response(rows: rows, asciiName: "training-register", displayName: req.t("training.registerTable"))
    }

    @Sendable static func importFile(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try TrainingService.requireManage(actor)
        struct Upload: Content { var file: File? }
        return try await FormResponse.handle(req, {
            guard let file = (try? req.content.decode(Upload.self))?.file, file.data.readableBytes > 0 else {
                throw AppError.invalid(field: "file", messageKey: "training.e.noFile")
            }
            let (imported, problems) = try await TrainingService.importRegister(Data(buffer: file.data), actor, policies: req.application.policies,
                                                                               language: req.language, on: req.db)
            req.application.trainingLists.invalidate(actor.districtId)
            guard problems.isEmpty else {
                let response = try await renderIndex(req, notice: nil, error: req.t("training.importRefused", String(problems.count)),
                                                     importProblems: problems.map { req.t("training.importLine", String($0.line), $0.message) })
                    .encodeResponse(for: req)
                response.status = .unprocessableEntity
                return response
            }
            return try await renderIndex(req, notice: req.t("training.imported", String(imported)), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderIndex(req, notice: nil, error: $0) })
    }

    @Sendable static func setPrice(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        try TrainingService.requireManage(actor)
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let row = try await TrainingService.setGuidedPrice(mode: form["mode"] ?? "", tier: Int(form["tier"] ?? "") ?? 0, yuan: form["price"] ?? "", actor,
                                                               policies: req.application.policies, on: req.db)
            let district = try await TrainingService.district(actor, on: req.db)
            let tiers = try req.application.policies.profile(for: district).training.classSizeTiers
            return try await renderIndex(req, notice: req.t("training.priceSaved", req.t("training.mode." + row.mode), tierLabel(tiers, row.tier, req),
                                                            Money.yuan(row.baseFen)), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderIndex(req, notice: nil, error: $0, form: form) })
    }
}
