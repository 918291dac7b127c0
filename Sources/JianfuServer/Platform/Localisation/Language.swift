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
    var language: Language {
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
