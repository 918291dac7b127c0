/// A domain's texts: key → (Chinese, English).
typealias StringTable = [String: (zh: String, en: String)]

/// What people read, in Chinese and English. `{0}`, `{1}` … are filled in order.
enum Strings {
    static func text(_ key: String, _ language: Language, _ args: [String] = []) -> String {
        guard let pair = table[key] else { return key }
        var text = language == .en ? pair.en : pair.zh
        for (i, arg) in args.enumerated() {
            text = text.replacingOccurrences(of: "{\(i)}", with: arg)
        }
        return text
    }

    /// Arguments that are keys of the table (field labels) are translated too.
    /// A message argument: a key is translated, `key|a|b` is translated with its own arguments, anything else is shown as it is.
    static func labelOrValue(_ arg: String, _ language: Language) -> String {
        if table[arg] != nil { return text(arg, language) }
        let parts = arg.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, table[parts[0]] != nil { return text(parts[0], language, Array(parts.dropFirst())) }
        return arg
    }

    /// Every domain's texts in one table, built once.
    static let table: StringTable = Domains.strings
}
