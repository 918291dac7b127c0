import JianfuCore

/// Supervision's sentences built from the core's values, for pages and the API alike.
enum SupervisionText {
    static func discrepancy(_ d: TableDiscrepancy, _ language: Language) -> String {
        let stated = d.stated.map(SupervisionService.points) ?? "—", sum = d.sumOfParts.map(SupervisionService.points) ?? "—"
        switch d.kind {
        case .sumOfParts where d.code == "total": return Strings.text("sup.disc.total", language, [stated, sum])
        case .sumOfParts: return Strings.text("sup.disc.sum", language, [d.code, stated, sum])
        case .duplicateCode: return Strings.text("sup.disc.duplicate", language, [d.code])
        case .missingCode: return Strings.text("sup.disc.missing", language, [d.code])
        case .uncappedAchievements: return Strings.text("sup.disc.cap", language, [d.code, stated])
        }
    }

    static func decision(_ d: TableDecision, _ language: Language) -> String { Strings.text("sup.decision." + d.rawValue, language, []) }
}
