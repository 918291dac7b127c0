import JianfuCore

extension ServiceSessionKind: Labelled { static let labelPrefix = "as.kind." }
extension ProgramCategory: Labelled { static let labelPrefix = "as.category." }
extension ProgramStaffKind: Labelled { static let labelPrefix = "as.staffKind." }

/// The plan check's findings in the reader's language, each ending with its rule.
enum AfterSchoolText {
    static func problem(_ problem: PlanProblem, _ language: Language) -> String {
        var args: [String] = []
        if let grade = problem.grade { args.append(String(grade)) }
        if let weekday = problem.weekday { args.append("weekday.\(weekday)") }
        args += problem.figures
        let text = Strings.text("as.problem." + problem.kind.rawValue, language, args.map { Strings.labelOrValue($0, language) })
        return Strings.text("as.withRule", language, [text, problem.rule])
    }

    /// For a page: findings that differ only by grade read as one, "1、2、3年级周五…".
    static func grouped(_ problems: [PlanProblem], _ language: Language) -> [String] {
        struct Key: Hashable { let kind: PlanProblem.Kind; let weekday: Int?; let figures: [String]; let rule: String }
        var order: [Key] = []
        var grades: [Key: [Int]] = [:]
        for p in problems {
            let key = Key(kind: p.kind, weekday: p.weekday, figures: p.figures, rule: p.rule)
            if grades[key] == nil { order.append(key) }
            grades[key, default: []] += p.grade.map { [$0] } ?? []
        }
        return order.map { key in
            let list = grades[key] ?? []
            var args: [String] = list.isEmpty ? [] : [list.map(String.init).joined(separator: language == .en ? ", " : "、")]
            if let weekday = key.weekday { args.append(Strings.text("weekday.\(weekday)", language)) }
            args += key.figures
            return Strings.text("as.withRule", language, [Strings.text("as.problem." + key.kind.rawValue, language, args), key.rule])
        }
    }

    /// A register's day with its weekday, "2026-12-02 周三".
    static func day(_ date: LocalDate, _ language: Language) -> String {
        date.iso + " " + Strings.text("weekday.\(date.weekday)", language)
    }

    static func note(_ note: PlanNote, _ language: Language) -> String {
        Strings.text("as.note." + note.rawValue, language)
    }

    /// "周一、周三" from weekdays 1 and 3.
    static func weekdays(_ days: [Int], _ language: Language) -> String {
        days.sorted().map { Strings.text("weekday.\($0)", language) }.joined(separator: language == .en ? ", " : "、")
    }
}
