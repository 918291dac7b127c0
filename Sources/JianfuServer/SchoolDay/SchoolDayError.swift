import JianfuCore
import Vapor

/// A timetable's problem on the line (of a file or a form) or at the position (of an API list) it was written on.
struct RowProblem: Sendable, Equatable {
    let line: Int
    let problem: TimetableProblem
}

/// Every refusal of the school-day domain, mapped once to its status, code and message.
enum SchoolDayError: DomainError {
    /// The timetable cannot be what the school means: nothing is saved, every problem is named.
    case refused([RowProblem])
    case noFile
    case empty
    case unreadable
    case missingColumns(String)

    var status: HTTPResponseStatus { .unprocessableEntity }

    var code: String {
        switch self {
        case .refused: "timetable_refused"
        case .noFile: "no_file"
        case .empty: "empty_timetable"
        case .unreadable: "unreadable_file"
        case .missingColumns: "missing_columns"
        }
    }

    var messageKey: String {
        switch self {
        case .refused: "tt.e.refused"
        case .noFile: "tt.e.noFile"
        case .empty: "tt.e.empty"
        case .unreadable: "tt.e.unreadable"
        case .missingColumns: "tt.e.columns"
        }
    }

    var args: [String] {
        switch self {
        case .refused(let problems): [String(problems.count)]
        case .missingColumns(let names): [names]
        default: []
        }
    }

    func message(_ language: Language) -> String {
        let head = Strings.text(messageKey, language, args.map { Strings.labelOrValue($0, language) })
        guard case .refused(let problems) = self else { return head }
        return head + " " + problems.map { TimetableText.refusal($0, language) }.joined(separator: Strings.text("tt.separator", language))
    }

    var details: [String: ErrorDetail] {
        guard case .refused(let problems) = self else { return [:] }
        return ["lines": .text(problems.map { String($0.line) }.joined(separator: ",")),
                "rules": .text(problems.map(\.problem.rule).filter { !$0.isEmpty }.joined(separator: ","))]
    }
}

/// The words of a timetable's problems.
enum TimetableText {
    static func refusal(_ row: RowProblem, _ language: Language) -> String {
        var args = row.problem.args
        if row.problem.code == "teacherClash", args.count > 2 { args[2] = weekday(Int(args[2]) ?? 0, language) }
        let text = Strings.text("tt.p." + row.problem.code, language, args)
        return row.problem.rule.isEmpty ? text : "\(row.problem.rule) \(text)"
    }

    /// A shortfall with its rule id in front, as the class page and the API show it.
    static func shortfall(_ problem: StoredProblem, _ language: Language) -> String {
        "\(problem.rule) " + message(problem, language)
    }

    static func message(_ problem: StoredProblem, _ language: Language) -> String {
        Strings.text("tt.p." + problem.code, language, problem.args.map { days($0, problem.code, language) })
    }

    /// The weekdays a problem lists ("1,3") in words ("周一、周三").
    private static func days(_ arg: String, _ code: String, _ language: Language) -> String {
        guard ["longBreakShort", "startsEarly"].contains(code), arg.allSatisfy({ $0.isNumber || $0 == "," }) else { return arg }
        return arg.split(separator: ",").map { weekday(Int($0) ?? 0, language) }.joined(separator: Strings.text("tt.listSeparator", language))
    }

    static func weekday(_ day: Int, _ language: Language) -> String {
        Strings.text("tt.weekday.\(day)", language)
    }
}
