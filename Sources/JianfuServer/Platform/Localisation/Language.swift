import Vapor

/// The language a person reads. Pages: Chinese by default, English by a switch that sticks (a cookie),
/// whatever the browser's own language. API callers: `Accept-Language`, Chinese when absent.
enum Language: String, Sendable, Codable {
    case zh
    case en

    static let cookieName = "jianfu-lang"

    var htmlTag: String { self == .zh ? "zh-CN" : "en" }
    var isEnglish: Bool { self == .en }
}

extension Request {
    /// Read once a request: a page asks for it for every string it shows.
    var language: Language {
        if let known = storage[LanguageKey.self] { return known }
        let found = chosenLanguage
        storage[LanguageKey.self] = found
        return found
    }

    private struct LanguageKey: StorageKey { typealias Value = Language }

    private var chosenLanguage: Language {
        if let cookie = cookies[Language.cookieName]?.string, let language = Language(rawValue: cookie) {
            return language
        }
        guard url.path.hasPrefix("/api/") else { return .zh }
        let accept = headers.first(name: .acceptLanguage)?.lowercased() ?? ""
        return accept.hasPrefix("en") ? .en : .zh
    }

    func t(_ key: String, _ args: String...) -> String {
        Strings.text(key, language, args)
    }
}
