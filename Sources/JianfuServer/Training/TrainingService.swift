import Fluent
import Foundation
import JianfuCore

/// The district's register of off-campus training institutions (校外培训治理): registration and the licence's
/// life-cycle, courses checked against the profile, the guided prices and the public lists. The district's roles read
/// it; the bureau's administrators change it, and inspectors record the courses they check.
enum TrainingService {
    static let maxName = 100
    static let maxAddress = 200
    static let maxNote = 1000

    static func mayRead(_ actor: Actor) -> Bool { actor.isDistrictWide }
    static func mayManage(_ actor: Actor) -> Bool { actor.isBureauAdmin }

    static func requireRead(_ actor: Actor) throws { guard mayRead(actor) else { throw AppError.forbidden } }
    static func requireManage(_ actor: Actor) throws { guard mayManage(actor) else { throw AppError.forbidden } }

    static func district(_ actor: Actor, on db: any Database) async throws -> District {
        guard let district = try await District.find(actor.districtId, on: db) else { throw AppError.notFound }
        return district
    }

    struct NewInstitution: Sendable {
        var name: String
        var creditCode: String
        var kind: String
        var mode: String
        var address: String = ""
        var insuranceExpiresOn: String? = nil
        var staffCount: Int = 0
        var qualifiedStaffCount: Int = 0
        var custody: String = FeeCustody.none.rawValue
        var feesPublished: Bool = false
        /// An institution approved before it came onto the register: the approval's date (held to OT-01).
        var approvedOn: String? = nil
    }

    /// Registers an institution, pending or (with its approval's date) approved; a duplicate credit code is refused.
    static func register(_ new: NewInstitution, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> TrainingInstitution {
        try requireManage(actor)
        let district = try await district(actor, on: db)
        let prepared = try prepare(new, district: district, rules: try policies.profile(for: district).training, actor)
        guard try await TrainingInstitution.query(on: db).filter(\.$districtId == district.id!).filter(\.$creditCode == prepared.row.creditCode).count() == 0
        else { throw TrainingError.duplicateCreditCode(prepared.row.creditCode) }
        try await db.writeTransaction { tx in try await insert(prepared, actor, tx) }
        return prepared.row
    }

    struct Prepared: Sendable {
        let row: TrainingInstitution
        let approvedOn: LocalDate?
    }

    /// A new institution checked and made into its row, not yet written.
    static func prepare(_ new: NewInstitution, district: District, rules: PolicyProfile.Training, _ actor: Actor) throws -> Prepared {
        let name = new.name.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(name, field: "name", label: "training.name", max: maxName)
        guard let code = CreditCode.normalized(new.creditCode) else { throw TrainingError.badCreditCode(new.creditCode) }
        guard let kind = TrainingKind(rawValue: new.kind) else { throw TrainingError.badKind(new.kind) }
        guard let mode = TrainingMode(rawValue: new.mode) else { throw TrainingError.badMode(new.mode) }
        guard let custody = FeeCustody(rawValue: new.custody) else { throw TrainingError.badCustody(new.custody) }
        let address = new.address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard address.count <= maxAddress else { throw AppError.invalid(field: "address", messageKey: "form.tooLong", args: ["training.address", String(maxAddress)]) }
        guard new.staffCount >= 0, new.qualifiedStaffCount >= 0, new.qualifiedStaffCount <= new.staffCount else { throw TrainingError.badCounts }
        let insurance = try date(new.insuranceExpiresOn, field: "insuranceExpiresOn")
        let approvedOn = try date(new.approvedOn, field: "approvedOn")
        let today = WallClock.today(in: district.zone)
        if let approvedOn {
            guard approvedOn <= today else { throw GrowthError.notYet(approvedOn.iso) }
            _ = try lifecycle(.approve, .pending, kind: kind, on: approvedOn, rules: rules)
        }
        let row = TrainingInstitution()
        row.districtId = district.id!
        row.name = name
        row.creditCode = code
        row.kind = kind.rawValue
        row.mode = mode.rawValue
        row.status = (approvedOn == nil ? InstitutionStatus.pending : .approved).rawValue
        row.statusSince = (approvedOn ?? today).iso
        row.address = address
        row.insuranceExpiresOn = insurance?.iso
        row.staffCount = new.staffCount
        row.qualifiedStaffCount = new.qualifiedStaffCount
        row.custody = custody.rawValue
        row.feesPublished = new.feesPublished
        row.listingReason = ""
        row.createdBy = actor.userId
        row.createdAt = WallClock.now()
        row.updatedAt = row.createdAt
        return Prepared(row: row, approvedOn: approvedOn)
    }

    /// Writes a prepared institution, its approval step if it has one, and the audit record, in the caller's transaction.
    static func insert(_ prepared: Prepared, _ actor: Actor, _ tx: any Database) async throws {
        let row = prepared.row
        try await row.create(on: tx)
        if let approvedOn = prepared.approvedOn {
            try await event(.approve, from: .pending, to: .approved, of: row, on: approvedOn, note: "", actor, tx)
        }
        try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "institution.register", entity: TrainingInstitution.schema,
                           entityId: row.id, detail: ["name": row.name, "creditCode": row.creditCode, "kind": row.kind, "status": row.status])
    }

    static func date(_ text: String?, field: String) throws -> LocalDate? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let date = LocalDate(iso: text) else { throw AppError.invalid(field: field, messageKey: "homework.badDate", args: ["training.date"]) }
        return date
    }

    static func lifecycle(_ event: InstitutionEvent, _ status: InstitutionStatus, kind: TrainingKind, on date: LocalDate,
                          rules: PolicyProfile.Training) throws -> InstitutionStatus {
        do {
            return try InstitutionLifecycle.apply(event, to: status, kind: kind, on: date, subjectApprovalsEnded: rules.subjectApprovalsEnded.date)
        } catch {
            throw TrainingError.lifecycle(error)
        }
    }

    static func event(_ event: InstitutionEvent, from: InstitutionStatus, to: InstitutionStatus, of row: TrainingInstitution, on date: LocalDate,
                      note: String, _ actor: Actor, _ tx: any Database) async throws {
        try await InstitutionStatusEvent(of: row, event: event.rawValue, from: from.rawValue, to: to.rawValue, onDate: date.iso, note: note,
                                         decidedBy: actor.userId).create(on: tx)
    }

    static func institution(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> TrainingInstitution {
        try requireRead(actor)
        guard let row = try await TrainingInstitution.find(id, on: db), row.districtId == actor.districtId else { throw AppError.notFound }
        return row
    }

    /// A step of the licence's life-cycle, dated (not after today), with a note; what the life-cycle forbids is refused.
    static func recordEvent(_ institutionId: UUID, event raw: String, on rawDate: String, note rawNote: String, _ actor: Actor, policies: PolicyStore,
                            on db: any Database) async throws -> TrainingInstitution {
        try requireManage(actor)
        let row = try await institution(institutionId, actor, on: db)
        guard let event = InstitutionEvent(rawValue: raw) else { throw TrainingError.badEvent(raw) }
        let district = try await district(actor, on: db)
        let date = try date(rawDate, field: "date") ?? WallClock.today(in: district.zone)
        guard date <= WallClock.today(in: district.zone) else { throw GrowthError.notYet(date.iso) }
        let note = rawNote.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= maxNote else { throw AppError.invalid(field: "note", messageKey: "form.tooLong", args: ["training.note", String(maxNote)]) }
        let status = InstitutionStatus(rawValue: row.status) ?? .pending
        let next = try lifecycle(event, status, kind: TrainingKind(rawValue: row.kind) ?? .subject, on: date,
                                 rules: try policies.profile(for: district).training)
        try await db.writeTransaction { tx in
            row.status = next.rawValue
            if next != status || event == .approve { row.statusSince = date.iso }
            row.updatedAt = WallClock.now()
            try await row.save(on: tx)
            try await Self.event(event, from: status, to: next, of: row, on: date, note: note, actor, tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "institution.status", entity: TrainingInstitution.schema,
                               entityId: row.id, detail: ["event": event.rawValue, "from": status.rawValue, "to": next.rawValue, "date": date.iso])
        }
        return row
    }

    /// Puts an institution on the grey or black list with its reason, or takes it off ("none"); kept in its history.
    static func setListing(_ institutionId: UUID, listing raw: String, reason rawReason: String, on rawDate: String, _ actor: Actor,
                           on db: any Database) async throws -> TrainingInstitution {
        try requireManage(actor)
        let row = try await institution(institutionId, actor, on: db)
        let listing: PublicListing?
        switch raw {
        case "none": listing = nil
        case PublicListing.grey.rawValue, PublicListing.black.rawValue: listing = PublicListing(rawValue: raw)
        default: throw TrainingError.badListing(raw)
        }
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        if listing != nil, reason.isEmpty { throw TrainingError.listingReasonRequired }
        guard reason.count <= maxNote else { throw AppError.invalid(field: "reason", messageKey: "form.tooLong", args: ["training.reason", String(maxNote)]) }
        let district = try await district(actor, on: db)
        let date = try date(rawDate, field: "date") ?? WallClock.today(in: district.zone)
        guard date <= WallClock.today(in: district.zone) else { throw GrowthError.notYet(date.iso) }
        try await db.writeTransaction { tx in
            try await applyListing(row, listing: listing, reason: reason, on: date, actor, tx)
        }
        return row
    }

    /// Writes a listing and its step in the caller's transaction.
    static func applyListing(_ row: TrainingInstitution, listing: PublicListing?, reason: String, on date: LocalDate, _ actor: Actor,
                             _ tx: any Database) async throws {
        let before = row.listing ?? "none"
        let after = listing?.rawValue ?? "none"
        row.listing = listing?.rawValue
        row.listingReason = listing == nil ? "" : reason
        row.listingSince = listing == nil ? nil : date.iso
        row.updatedAt = WallClock.now()
        try await row.save(on: tx)
        try await InstitutionStatusEvent(of: row, event: "listing", from: before, to: after, onDate: date.iso, note: reason, decidedBy: actor.userId)
            .create(on: tx)
        try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "institution.listing", entity: TrainingInstitution.schema,
                           entityId: row.id, detail: ["from": before, "to": after, "date": date.iso, "reason": reason])
    }

    /// Sets the district's guided price of a standard lesson for a mode and class-size tier (政府指导价, OT-13).
    static func setGuidedPrice(mode raw: String, tier: Int, yuan: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws
        -> GuidedPriceRecord {
        try requireManage(actor)
        let district = try await district(actor, on: db)
        let tiers = try policies.profile(for: district).training.classSizeTiers
        guard let mode = TrainingMode(rawValue: raw) else { throw TrainingError.badMode(raw) }
        guard (1...tiers.count).contains(tier) else { throw TrainingError.badTier(tier) }
        guard let fen = Money.fen(yuan), fen > 0 else { throw TrainingError.badPrice }
        let row = try await GuidedPriceRecord.query(on: db).filter(\.$districtId == district.id!).filter(\.$mode == mode.rawValue)
            .filter(\.$tier == tier).first() ?? GuidedPriceRecord()
        let before = row.id == nil ? "" : Money.yuan(row.baseFen)
        row.districtId = district.id!
        row.mode = mode.rawValue
        row.tier = tier
        row.baseFen = fen
        row.setBy = actor.userId
        row.setAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.save(on: tx)
            try await tx.audit(actor, districtId: row.districtId, schoolId: nil, action: "institution.price", entity: GuidedPriceRecord.schema, entityId: row.id,
                               detail: ["mode": mode.rawValue, "tier": String(tier), "from": before, "to": Money.yuan(fen)])
        }
        return row
    }

    struct Reduction: Sendable {
        let baselineDate: LocalDate
        let baseline: Int
        let now: Int
        var percent: Int? { InstitutionHistory.reductionPercent(baseline: baseline, now: now) }
    }

    /// Subject institutions licensed on the baseline day against today, from the register's own steps.
    static func reduction(districtId: UUID, baseline: LocalDate, today: LocalDate, on db: any Database) async throws -> Reduction {
        let counts = try await licensed(districtId: districtId, kind: .subject, on: [baseline, today], on: db)
        return Reduction(baselineDate: baseline, baseline: counts[0], now: counts[1])
    }

    /// How many institutions of a kind held a licence on each of the days, read back from their recorded steps.
    static func licensed(districtId: UUID, kind: TrainingKind, on days: [LocalDate], on db: any Database) async throws -> [Int] {
        let rows = try await TrainingQueries.steps(districtId: districtId, kind: kind.rawValue, on: db)
        let byInstitution = Dictionary(grouping: rows, by: \.institution_id).mapValues { steps in
            steps.compactMap { step in
                LocalDate(iso: step.on_date).flatMap { date in InstitutionStatus(rawValue: step.to_status).map { (date: date, to: $0) } }
            }
        }
        return days.map { day in byInstitution.values.filter { InstitutionHistory.isLicensed(InstitutionHistory.status(on: day, steps: $0)) }.count }
    }

    struct YearLine: Sendable {
        let day: LocalDate
        let subject: Int
        let nonSubject: Int
    }

    /// Licensed institutions by type at each year's end from the baseline's year, and today: the register over time.
    static func overTime(districtId: UUID, from baseline: LocalDate, today: LocalDate, on db: any Database) async throws -> [YearLine] {
        var days = (baseline.year..<today.year).compactMap { LocalDate(year: $0, month: 12, day: 31) }
        days.insert(baseline, at: 0)
        days.append(today)
        let subject = try await licensed(districtId: districtId, kind: .subject, on: days, on: db)
        let nonSubject = try await licensed(districtId: districtId, kind: .nonSubject, on: days, on: db)
        return days.indices.map { YearLine(day: days[$0], subject: subject[$0], nonSubject: nonSubject[$0]) }
    }

    static func guidedPrices(districtId: UUID, on db: any Database) async throws -> [GuidedPrice] {
        try await GuidedPriceRecord.query(on: db).filter(\.$districtId == districtId).all().compactMap { row in
            TrainingMode(rawValue: row.mode).map { GuidedPrice(mode: $0, tier: row.tier, baseFen: row.baseFen) }
        }
    }
}
