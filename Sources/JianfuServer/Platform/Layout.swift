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
        otherLanguageHref = SiteURL.language.path + "?to=\(other.rawValue)&back=\(back)"
        var links: [(SiteURL, String)] = []
        if let actor = request.actor {
            links.append((.home, "nav.home"))
            if !actor.teaching.isEmpty { links.append((.homeworkFile, "nav.homework")) }
            if actor.memberships.contains(where: { [.schoolAdmin, .subjectLeader, .headTeacher].contains($0.role) }) {
                links.append((.reviewQueue, "nav.review"))
            }
            if actor.isDistrictWide || !actor.staffSchoolIds.isEmpty || !actor.children.isEmpty { links.append((.tests, "nav.tests")) }
            if DashboardService.schoolScope(actor)?.isEmpty != true { links.append((.dashboard, "nav.dashboard")) }
            if actor.isDistrictWide || !actor.staffSchoolIds.isEmpty { links.append((.schools, "nav.schools")) }
            if actor.isBureauAdmin || !actor.adminSchoolIds.isEmpty {
                links.append((.people, "nav.people"))
                links.append((.importRoster, "nav.import"))
            }
            if actor.isDistrictWide || !actor.adminSchoolIds.isEmpty { links.append((.terms, "nav.terms")) }
            if actor.isDistrictWide { links.append((.policy, "nav.policy")) }
            if actor.isDistrictWide || !actor.adminSchoolIds.isEmpty { links.append((.audit, "nav.audit")) }
        }
        let path = request.url.path
        nav = links.map { url, key in
            NavLink(href: url.path, label: Strings.text(key, language), current: url.path == "/" ? path == "/" : path.hasPrefix(url.path))
        }
    }
}
