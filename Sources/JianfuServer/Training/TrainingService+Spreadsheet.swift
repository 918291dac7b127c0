import Fluent
import Foundation
import JianfuCore

/// The register as a spreadsheet: exported as CSV Excel opens (UTF-8 with a BOM), imported from what Excel saves
/// (UTF-8 or GB18030). An import is all or nothing: every line's problem is named, and one problem writes no line.
extension TrainingService {
    /// The columns, by their string keys, in the order of the file.
    static let columns = ["training.name", "training.creditCode", "training.kindLabel", "training.modeLabel", "training.statusLabel", "training.since",
                          "training.address", "training.insurance", "training.staff", "training.qualified", "training.custodyLabel",
                          "training.feesPublished", "training.listingLabel", "training.reason"]
    /// What an import reads; the others (status, listing) change only through their steps.
    static let importColumns = ["training.name", "training.creditCode", "training.kindLabel", "training.modeLabel", "training.address",
                                "training.insurance", "training.staff", "training.qualified", "training.custodyLabel", "training.feesPublished",
                                "training.approvedOn"]

    static func exportRows(districtId: UUID, language: Language, on db: any Database) async throws -> [[String]] {
        let rows = try await TrainingQueries.institutions(districtId: districtId, on: db)
        let t = { (key: String) in Strings.text(key, language) }
        return [columns.map(t)] + rows.map { row in
            [row.name, row.credit_code, t("training.kind." + row.kind), t("training.mode." + row.mode), t("training.status." + row.status), row.status_since,
             row.address, row.insurance_expires_on ?? "", String(row.staff_count), String(row.qualified_staff_count), t("training.custody." + row.custody),
             t(row.fees_published ? "training.yes" : "training.no"), row.listing.map { t("training.list." + $0) } ?? "", row.listing_reason]
        }
    }

    struct ImportProblem: Sendable {
        let line: Int
        let message: String
    }

    /// A value as written in either language's label, or the code itself.
    static func code<T: Labelled>(_ type: T.Type, _ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespaces)
        return T.allCases.first { $0.rawValue == value || Strings.text($0.labelKey, .zh) == value || Strings.text($0.labelKey, .en) == value }?.rawValue
    }

    /// Imports the file's institutions, or names every line's problem and imports none.
    static func importRegister(_ data: Data, _ actor: Actor, policies: PolicyStore, language: Language, on db: any Database) async throws
        -> (imported: Int, problems: [ImportProblem]) {
        try requireManage(actor)
        let district = try await district(actor, on: db)
        let rules = try policies.profile(for: district).training
        let text: String
        do { text = try SpreadsheetText.decode(data).text } catch { throw AppError.invalid(field: "file", messageKey: "training.e.unreadable") }
        let table = CSVTable(text: text)
        let headers = table.header.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ key: String) -> Int? {
            headers.firstIndex { $0 == Strings.text(key, .zh) || $0 == Strings.text(key, .en) }
        }
        let required = ["training.name", "training.creditCode", "training.kindLabel", "training.modeLabel"]
        let missing = required.filter { column($0) == nil }
        guard missing.isEmpty else {
            throw AppError.invalid(field: "file", messageKey: "training.e.columns", args: [missing.map { Strings.text($0, language) }.joined(separator: "、")])
        }
        let existing = Set(try await TrainingInstitution.query(on: db).filter(\.$districtId == district.id!).all(\.$creditCode))
        var problems: [ImportProblem] = []
        var prepared: [Prepared] = []
        var seen: [String: Int] = [:]
        for record in table.records where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func value(_ key: String) -> String {
                column(key).flatMap { $0 < record.fields.count ? record.fields[$0].trimmingCharacters(in: .whitespaces) : nil } ?? ""
            }
            let kind = value("training.kindLabel"), mode = value("training.modeLabel"), custody = value("training.custodyLabel")
            let new = NewInstitution(
                name: value("training.name"), creditCode: value("training.creditCode"), kind: code(TrainingKind.self, kind) ?? kind,
                mode: code(TrainingMode.self, mode) ?? mode, address: value("training.address"), insuranceExpiresOn: value("training.insurance"),
                staffCount: Int(value("training.staff")) ?? 0, qualifiedStaffCount: Int(value("training.qualified")) ?? 0,
                custody: custody.isEmpty ? FeeCustody.none.rawValue : code(FeeCustody.self, custody) ?? custody,
                feesPublished: ["是", "yes", "true", "1", "✓"].contains(value("training.feesPublished").lowercased()), approvedOn: value("training.approvedOn"))
            do {
                let made = try prepare(new, district: district, rules: rules, actor)
                if existing.contains(made.row.creditCode) { throw TrainingError.duplicateCreditCode(made.row.creditCode) }
                if let first = seen[made.row.creditCode] {
                    problems.append(ImportProblem(line: record.line, message: Strings.text("training.e.sameCode", language, [String(first)])))
                    continue
                }
                seen[made.row.creditCode] = record.line
                prepared.append(made)
            } catch let error as any UserFacingError {
                problems.append(ImportProblem(line: record.line, message: error.message(language)))
            }
        }
        guard problems.isEmpty else { return (0, problems) }
        let rows = prepared
        try await db.writeTransaction { tx in
            for made in rows { try await insert(made, actor, tx) }
        }
        return (rows.count, [])
    }
}
