import Fluent
import JianfuCore
import Vapor

/// A part of the product, one folder. Its one entry point brings everything the app needs to know of it: its routes,
/// its menu entries with the roles that see them, its strings, its migrations and who may use each of its routes.
/// A new domain is its folder plus one line in `Domains.all`; no other central file changes.
protocol Domain {
    /// Registers the domain's pages and other HTTP routes (API operations come from `openapi.yaml` through `APIServer`).
    static func routes(_ routes: DomainRoutes)
    static var navigation: [NavigationItem] { get }
    /// The domain's texts, each in Chinese and English.
    static var strings: StringTable { get }
    /// The domain's enums whose values are shown to people: each value needs its label in `strings`.
    static var labelled: [any Labelled.Type] { get }
    static var migrations: [NumberedMigration] { get }
    /// Who may use each of the domain's routes, walked by the access-matrix test against the running app.
    static var access: [RouteAccess] { get }
    /// Middleware on the API's routes, after the caller is known (a cache of answers shared by a scope, say).
    static var apiMiddleware: [any Middleware] { get }
    /// The domain's part of the demo district, made in the demo's transaction once its schools and people exist.
    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws
    /// The domain's day-by-day records of the demo's term so far, made when the demo is served, not for every test's district.
    static func seedDemoHistory(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws
    /// The domain's lines of the district's reports (the half-monthly report's indicators), by the report's keys.
    static func reportFigures(_ district: District, policies: PolicyStore, on db: any Database) async throws -> [ReportFigure]
    /// The domain's blocks on the 数据看板 in the reader's language: the district's and each school's, made together from
    /// the district's figures and kept a while by the dashboards; nil when the domain has nothing to show there.
    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> DashboardPanels?
    /// What the domain knows of one school over some days (over-cap class-days, refused tests, a plan falling short), in
    /// the reader's language: an inspector's visit starts from it.
    static func schoolFacts(_ school: School, from: LocalDate, through: LocalDate, language: Language, policies: PolicyStore, on db: any Database)
        async throws -> [SchoolFact]
    /// What the domain holds of one pupil for a term, for the growth portfolio (成长记录袋), in the reader's language: levels
    /// and facts, never a rank or a comparison with other pupils.
    static func portfolio(_ student: Student, term: Term, language: Language, policies: PolicyStore, on db: any Database) async throws -> [PortfolioEntry]
    /// Erases what the domain holds of a pupil that names or describes them, in the erasure's transaction (a guardian's
    /// request): counts may stay, the personal text goes.
    static func erasePupil(_ studentId: UUID, on tx: any Database) async throws
    /// Who may read a file attached to one of the domain's records, when that is narrower than the school's record keepers
    /// (a pupil's evidence: those close to the pupil, not the district): nil for an owner entity the domain does not hold.
    static func mayReadAttachment(ownerEntity: String, ownerId: UUID, _ actor: Actor, on db: any Database) async throws -> Bool?
}

/// One line of what Jianfu knows of a school, flagged where it falls short of a rule, with the page that shows it.
struct SchoolFact: Sendable, Encodable {
    let label: String
    let value: String
    let flag: Bool
    let href: String?
}

/// A few headline figures a domain shows on the dashboards, with the page that explains them.
struct DashboardPanel: Sendable, Encodable {
    struct Figure: Sendable, Encodable {
        let label: String
        let value: String
        /// Falls short of a rule: shown as a warning.
        let flag: Bool
    }

    let id: String
    let title: String
    let href: String
    let figures: [Figure]
}

/// One domain's blocks: the district's, and each school's by its id (a school with nothing to show has none).
struct DashboardPanels: Sendable {
    let district: DashboardPanel
    let schools: [UUID: DashboardPanel]
}

/// A count or a share one domain gives a report another domain draws: the report asks every domain by key.
struct ReportFigure: Sendable, Equatable {
    let key: String
    let numerator: Int
    let denominator: Int?
}

extension Domain {
    static func routes(_ routes: DomainRoutes) {}
    static var navigation: [NavigationItem] { [] }
    static var labelled: [any Labelled.Type] { [] }
    static var migrations: [NumberedMigration] { [] }
    static var access: [RouteAccess] { [] }
    static var apiMiddleware: [any Middleware] { [] }
    static func seedDemo(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {}
    static func seedDemoHistory(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {}
    static func reportFigures(_ district: District, policies: PolicyStore, on db: any Database) async throws -> [ReportFigure] { [] }
    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> DashboardPanels? { nil }
    static func schoolFacts(_ school: School, from: LocalDate, through: LocalDate, language: Language, policies: PolicyStore, on db: any Database)
        async throws -> [SchoolFact] { [] }
    static func portfolio(_ student: Student, term: Term, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> [PortfolioEntry] { [] }
    static func erasePupil(_ studentId: UUID, on tx: any Database) async throws {}
    static func mayReadAttachment(ownerEntity: String, ownerId: UUID, _ actor: Actor, on db: any Database) async throws -> Bool? { nil }
}

/// One line of a pupil's portfolio: its section (a key, and its title in the reader's language), what and how.
struct PortfolioEntry: Sendable, Encodable {
    let section: String
    let title: String
    let label: String
    let value: String
}

/// Where a domain registers its routes.
struct DomainRoutes {
    /// No session, no sign-in: feeds fetched by calendar apps, the load balancer's health check.
    let bare: any RoutesBuilder
    /// With the visitor's session and the form token, signed in or not (signing in itself).
    let visitor: any RoutesBuilder
    /// Pages for people who are signed in; anyone else is sent to the sign-in page.
    let signedIn: any RoutesBuilder
}

/// An entry of the menu: shown to those `isShown` accepts, in `order` across all domains.
struct NavigationItem: Sendable {
    let order: Int
    let path: String
    let labelKey: String
    let isShown: @Sendable (Actor) -> Bool
}

/// A migration with its number: the app runs all domains' migrations in the order of their numbers, which are unique
/// across domains (a new domain takes the next free number).
struct NumberedMigration: Sendable {
    let number: Int
    let migration: any Migration

    init(_ number: Int, _ migration: any Migration) {
        self.number = number
        self.migration = migration
    }
}
