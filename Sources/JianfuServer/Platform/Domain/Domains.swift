import Fluent
import JianfuCore
import Vapor

/// The list of the product's domains: adding a domain is adding its line here.
enum Domains {
    static let all: [any Domain.Type] = [
        PlatformDomain.self,
        SchoolKernel.self,
        AccountsDomain.self,
        OrganisationDomain.self,
        HomeworkDomain.self,
        AssessmentsDomain.self,
        SurveysDomain.self,
        AfterSchoolDomain.self,
        SupervisionDomain.self,
        GrowthDomain.self,
        TrainingDomain.self,
        SchoolDayDomain.self,
        FiveManagementsDomain.self,
        BalanceDomain.self,
        AttachmentsDomain.self,
        DashboardsDomain.self,
        PolicyDomain.self,
        AuditDomain.self,
    ]

    /// Every domain's menu entries in their order.
    static let navigation: [NavigationItem] = all.flatMap { $0.navigation }.sorted { $0.order < $1.order }

    /// Every domain's texts; a key two domains both define is a mistake `problems()` names.
    static let strings: StringTable = all.reduce(into: [:]) { table, domain in
        table.merge(domain.strings) { first, _ in first }
    }

    static var access: [RouteAccess] { all.flatMap { $0.access } }

    static var apiMiddleware: [any Middleware] { all.flatMap { $0.apiMiddleware } }

    /// Every domain's migrations in the order of their numbers.
    static var migrations: [NumberedMigration] { all.flatMap { $0.migrations }.sorted { $0.number < $1.number } }

    /// Every domain's report figures for the district, by key.
    static func reportFigures(_ district: District, policies: PolicyStore, on db: any Database) async throws -> [String: ReportFigure] {
        var figures: [String: ReportFigure] = [:]
        for domain in all {
            for figure in try await domain.reportFigures(district, policies: policies, on: db) { figures[figure.key] = figure }
        }
        return figures
    }

    /// Every domain's blocks on the dashboards, in the order of `all`.
    static func dashboardPanels(_ district: District, language: Language, policies: PolicyStore, on db: any Database) async throws
        -> [DashboardPanels] {
        var panels: [DashboardPanels] = []
        for domain in all {
            if let made = try await domain.dashboardPanels(district, language: language, policies: policies, on: db) { panels.append(made) }
        }
        return panels
    }

    /// Every domain's facts of a school over the days, in the order of `all`.
    static func schoolFacts(_ school: School, from: LocalDate, through: LocalDate, language: Language, policies: PolicyStore, on db: any Database)
        async throws -> [SchoolFact] {
        var facts: [SchoolFact] = []
        for domain in all { facts += try await domain.schoolFacts(school, from: from, through: through, language: language, policies: policies, on: db) }
        return facts
    }

    /// Every domain's lines of a pupil's portfolio for a term, in the order of `all`.
    static func portfolio(_ student: Student, term: Term, language: Language, policies: PolicyStore, on db: any Database) async throws -> [PortfolioEntry] {
        var entries: [PortfolioEntry] = []
        for domain in all { entries += try await domain.portfolio(student, term: term, language: language, policies: policies, on: db) }
        return entries
    }

    /// Every domain's part of erasing a pupil, in the erasure's transaction.
    static func erasePupil(_ studentId: UUID, on tx: any Database) async throws {
        for domain in all { try await domain.erasePupil(studentId, on: tx) }
    }

    /// The answer of the domain that holds an attachment's owner, or nil when none narrows who reads it.
    static func mayReadAttachment(ownerEntity: String, ownerId: UUID, _ actor: Actor, on db: any Database) async throws -> Bool? {
        for domain in all {
            if let answer = try await domain.mayReadAttachment(ownerEntity: ownerEntity, ownerId: ownerId, actor, on: db) { return answer }
        }
        return nil
    }

    static func registerRoutes(_ routes: DomainRoutes) {
        for domain in all { domain.routes(routes) }
    }

    /// What stops the app at boot: two domains claiming one migration number or one string key.
    static func problems() -> [String] {
        var problems: [String] = []
        var numbers: [Int: String] = [:]
        var keys: [String: String] = [:]
        for domain in all {
            let name = String(describing: domain)
            for step in domain.migrations {
                if let other = numbers[step.number] { problems.append("migration \(step.number) is claimed by \(other) and \(name)") }
                numbers[step.number] = name
            }
            for key in domain.strings.keys.sorted() {
                if let other = keys[key] { problems.append("string \(key) is defined by \(other) and \(name)") }
                keys[key] = name
            }
        }
        return problems
    }
}
