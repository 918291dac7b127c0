import Fluent
import Foundation
import JianfuCore

/// Assessment tables loaded as published, the bureau's decisions where they disagree with themselves, and schools
/// rated on them each term. Totals and the list of schools by total are for the district's roles only: the one place
/// Jianfu ranks anything, and only schools.
extension SupervisionService {
    struct LoadedTable: Sendable {
        let record: AssessmentTableRecord
        let table: AssessmentTable
        /// The decision standing on each discrepancy, by its key.
        let decisions: [String: SupervisionQueries.DecisionRow]

        var decided: [String: TableDecision] { decisions.compactMapValues { TableDecision(rawValue: $0.decision) } }
        var undecided: [String] { AssessmentScoring.undecided(table, decisions: decided) }
    }

    static func requireDistrictRole(_ actor: Actor) throws {
        guard actor.isDistrictWide else { throw AppError.forbidden }
    }

    static func tables(_ actor: Actor, on db: any Database) async throws -> [LoadedTable] {
        try requireDistrictRole(actor)
        let records = try await AssessmentTableRecord.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$loadedAt).all()
        let decisions = try await SupervisionQueries.decisions(tableIds: records.map { $0.id! }, on: db)
        return records.map { LoadedTable(record: $0, table: $0.table, decisions: decisions[$0.id!] ?? [:]) }
    }

    static func table(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> LoadedTable {
        guard let record = try await AssessmentTableRecord.find(id, on: db), record.districtId == actor.districtId else { throw AppError.notFound }
        let decisions = try await SupervisionQueries.decisions(tableIds: [id], on: db)
        return LoadedTable(record: record, table: record.table, decisions: decisions[id] ?? [:])
    }

    /// Loads a published table (`key`, from `Resources/Policy/assessment`) or one the bureau uploads (`yaml`), as it stands.
    static func loadTable(key: String?, yaml: String?, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> AssessmentTableRecord {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let text: String
        let table: AssessmentTable
        if let yaml, !yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard yaml.utf8.count <= 512 * 1024 else { throw AppError.invalid(field: "yaml", messageKey: "sup.tableTooLarge") }
            do { table = try AssessmentTable.parse(yaml: yaml) } catch { throw SupervisionError.table(error) }
            text = yaml
        } else if let key, let published = policies.assessmentTables[key] {
            (text, table) = published
        } else {
            throw SupervisionError.unknownTable(key ?? "")
        }
        let record = AssessmentTableRecord()
        record.districtId = actor.districtId
        record.tableKey = table.id
        record.title = table.title
        record.definition = text
        record.loadedBy = actor.userId
        record.loadedAt = WallClock.now()
        do {
            try await db.writeTransaction { tx in
                guard try await AssessmentTableRecord.query(on: tx).filter(\.$districtId == actor.districtId).filter(\.$tableKey == table.id).count() == 0 else {
                    throw SupervisionError.tableLoaded(table.id)
                }
                try await record.create(on: tx)
                try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "supervision.table.load", entity: AssessmentTableRecord.schema,
                                   entityId: record.id, detail: ["table": table.id, "discrepancies": String(table.discrepancies.count)])
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw SupervisionError.tableLoaded(table.id)
        }
        return record
    }

    /// The bureau's word on one discrepancy: one of the choices it offers, recorded with who and when.
    static func decide(tableId: UUID, key: String, decision raw: String, note: String, _ actor: Actor, on db: any Database) async throws {
        guard actor.isBureauAdmin else { throw AppError.forbidden }
        let loaded = try await table(tableId, actor, on: db)
        guard let discrepancy = loaded.table.discrepancies.first(where: { $0.key == key }), let decision = TableDecision(rawValue: raw),
              discrepancy.choices.contains(decision) else { throw SupervisionError.badDecision(key: key) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= maxLongText else { throw AppError.invalid(field: "note", messageKey: "form.tooLong", args: ["sup.note", String(maxLongText)]) }
        let row = AssessmentDecision()
        row.districtId = actor.districtId
        row.tableId = tableId
        row.discrepancyKey = key
        row.decision = decision.rawValue
        row.note = note
        row.decidedBy = actor.userId
        row.decidedAt = WallClock.now()
        try await db.writeTransaction { tx in
            try await row.create(on: tx)
            try await tx.audit(actor, districtId: actor.districtId, schoolId: nil, action: "supervision.table.decide", entity: AssessmentTableRecord.schema,
                               entityId: tableId, detail: ["discrepancy": key, "decision": decision.rawValue,
                                                           "before": loaded.decisions[key]?.decision ?? ""])
        }
    }

    struct RatingInput: Sendable {
        let code: String
        let level: Int?
        let achievements: [String: Int]?
        let note: String
    }

    /// An assessor's ratings of one school for a term, merged with what was rated before: checked against the table and
    /// its scheme, and refused whole if anything is wrong or the bureau has not decided what the table's numbers mean.
    static func rate(tableId: UUID, schoolId: UUID, termId: UUID, _ inputs: [RatingInput], _ actor: Actor, on db: any Database) async throws
        -> AssessmentScore {
        guard mayInspect(actor) else { throw AppError.forbidden }
        let loaded = try await table(tableId, actor, on: db)
        let school = try await school(schoolId, actor, on: db)
        guard let term = try await Term.find(termId, on: db), term.districtId == actor.districtId else { throw AppError.notFound }
        for input in inputs where input.note.count > maxLongText {
            throw AppError.invalid(field: "note", messageKey: "form.tooLong", args: ["sup.note", String(maxLongText)])
        }
        var entered = SchoolRatings()
        for input in inputs {
            if let level = input.level { entered.levels[input.code] = level }
            if let achievements = input.achievements { entered.achievements[input.code] = achievements }
            if input.level == nil && input.achievements == nil { throw SupervisionError.rating(.wrongKind(input.code)) }
        }
        do { try AssessmentScoring.check(entered, on: loaded.table) } catch { throw SupervisionError.rating(error) }
        let before = try await SupervisionQueries.ratings(tableId: tableId, termId: termId, schoolIds: [schoolId], on: db)
        var all = SupervisionQueries.schoolRatings(before)[schoolId] ?? SchoolRatings()
        all.levels.merge(entered.levels) { _, new in new }
        all.achievements.merge(entered.achievements) { _, new in new }
        let score: AssessmentScore
        do { score = try AssessmentScoring.score(all, on: loaded.table, decisions: loaded.decided) } catch { throw SupervisionError.rating(error) }
        let now = WallClock.now()
        try await db.writeTransaction { tx in
            for input in inputs {
                try await SupervisionQueries.putRating(districtId: school.districtId, schoolId: schoolId, tableId: tableId, termId: termId, code: input.code,
                                                       level: input.level, achievements: input.achievements.map(JSONText.encode), note: input.note,
                                                       by: actor.userId, at: now, on: tx)
            }
            let previous = Dictionary(before.map { ($0.code, $0.level.map(String.init) ?? $0.achievements ?? "") }) { first, _ in first }
            try await tx.audit(actor, districtId: school.districtId, schoolId: schoolId, action: "supervision.rating", entity: AssessmentTableRecord.schema,
                               entityId: tableId, detail: ["term": term.name, "total": Self.points(score.total),
                                                           "changes": inputs.map { "\($0.code): \(previous[$0.code] ?? "—") → \($0.level.map(String.init) ?? JSONText.encode($0.achievements))" }
                                                               .joined(separator: "; ")])
        }
        return score
    }

    /// Points as shown: two decimals at most, no trailing zeros.
    static func points(_ value: Double) -> String {
        let text = String(format: "%.2f", (value * 100).rounded() / 100)
        return text.hasSuffix(".00") ? String(text.dropLast(3)) : text.hasSuffix("0") ? String(text.dropLast()) : text
    }

    struct Standing: Sendable {
        let schoolId: UUID
        let schoolName: String
        let score: AssessmentScore?
        let previous: AssessmentScore?
    }

    /// Every school's total on a table for a term, with last term's, highest first (schools not yet rated last).
    static func standings(tableId: UUID, termId: UUID, _ actor: Actor, on db: any Database) async throws -> (loaded: LoadedTable, term: Term, previousTerm: Term?,
                                                                                                          standings: [Standing]) {
        try requireDistrictRole(actor)
        let loaded = try await table(tableId, actor, on: db)
        guard let term = try await Term.find(termId, on: db), term.districtId == actor.districtId else { throw AppError.notFound }
        let previousTerm = try await Term.query(on: db).filter(\.$districtId == actor.districtId).filter(\.$endsOn < term.startsOn)
            .sort(\.$endsOn, .descending).first()
        let schools = try await School.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$code).all()
        let now = try await SupervisionQueries.ratingValues(tableId: tableId, termId: termId, on: db)
        let before = if let previousTerm { try await SupervisionQueries.ratingValues(tableId: tableId, termId: previousTerm.id!, on: db) } else { [UUID: SchoolRatings]() }
        let scorer = AssessmentScoring.Scorer(loaded.table, decisions: loaded.decided)
        func score(_ ratings: SchoolRatings?) -> AssessmentScore? { ratings.flatMap { try? scorer.score($0) } }
        let standings = schools.map { Standing(schoolId: $0.id!, schoolName: $0.name, score: score(now[$0.id!]), previous: score(before[$0.id!])) }
            .sorted { ($0.score?.total ?? -1, $1.schoolName) > ($1.score?.total ?? -1, $0.schoolName) }
        return (loaded, term, previousTerm, standings)
    }

    /// One school's breakdown for a term: for the district's roles, and for the school's administrators their own.
    static func breakdown(tableId: UUID, schoolId: UUID, termId: UUID, _ actor: Actor, on db: any Database) async throws
        -> (loaded: LoadedTable, school: School, term: Term, ratings: [SupervisionQueries.RatingRow], score: AssessmentScore?) {
        guard let record = try await AssessmentTableRecord.find(tableId, on: db), record.districtId == actor.districtId else { throw AppError.notFound }
        let school = try await school(schoolId, actor, on: db)
        let loaded = try await table(tableId, actor, on: db)
        guard let term = try await Term.find(termId, on: db), term.districtId == actor.districtId else { throw AppError.notFound }
        let rows = try await SupervisionQueries.ratings(tableId: tableId, termId: termId, schoolIds: [schoolId], on: db)
        let score = SupervisionQueries.schoolRatings(rows)[schoolId].flatMap { try? AssessmentScoring.score($0, on: loaded.table, decisions: loaded.decided) }
        return (loaded, school, term, rows, score)
    }

    /// The term an assessment is for when none is named: the one holding today, else the latest begun.
    static func currentTerm(_ actor: Actor, on db: any Database) async throws -> Term {
        let today = try await today(actor, on: db)
        let terms = try await Term.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$startsOn).all()
        guard let term = terms.first(where: { $0.startsOn <= today.iso && $0.endsOn >= today.iso }) ?? terms.last(where: { $0.startsOn <= today.iso })
            ?? terms.first else { throw AppError.notFound }
        return term
    }
}
