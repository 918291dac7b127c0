import Vapor

/// What every page's frame shows: language, the person, their menu, the form token.
struct Layout: Encodable {
    struct NavLink: Encodable {
        let href: String
        let label: String
        let current: Bool
    }

    let lang: String
    let title: String
    let appName: String
    let userName: String?
    let nav: [NavLink]
    let csrf: String
    let otherLanguageLabel: String
    let otherLanguageHref: String
    /// District roles see the district-wide links (the half-monthly report).
    let isDistrictWide: Bool

    init(_ request: Request, title: String) {
        let language = request.language
        lang = language.htmlTag
        self.title = title
        appName = Strings.text("app.name", language)
        userName = request.actor?.displayName
        isDistrictWide = request.actor?.isDistrictWide ?? false
        csrf = CSRF.token(for: request)
        let other: Language = language == .zh ? .en : .zh
        otherLanguageLabel = other == .en ? "English" : "中文"
        let back = request.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"
        otherLanguageHref = AccountsPaths.language.path + "?to=\(other.rawValue)&back=\(back)"
        let items = request.actor.map { actor in Domains.navigation.filter { $0.isShown(actor) } } ?? []
        let path = request.url.path
        // The entry whose path is the longest prefix of the page's is the current one: /supervision/routines is 教学常规's,
        // not also 督导评估's.
        let current = items.filter { $0.path == "/" ? path == "/" : path == $0.path || path.hasPrefix($0.path + "/") }.max { $0.path.count < $1.path.count }
        nav = items.map { item in
            NavLink(href: item.path, label: Strings.text(item.labelKey, language), current: item.path == current?.path)
        }
    }
}
