import Foundation

/// Every page of the site, used both to register routes and to build links, so a
/// renamed route cannot leave a dead link behind.
enum SiteURL: Sendable {
    case home
    case signIn
    case signOut
    case language
    case schools
    case schoolNew
    case school(UUID)
    case schoolClass(UUID)
    case people
    case personNew
    case personPassword(UUID)
    case personRole
    case importRoster
    case importTemplate(String)
    case policy
    case terms
    case termDays
    case homeworkFile
    case reviewQueue
    case homeworkEntry(UUID)
    case homeworkReview(UUID)
    case homeworkResubmit(UUID)
    case homeworkWithdraw(UUID)
    case classHomework(UUID)
    case classFeedback(UUID)
    case schoolSettings(UUID)
    case calendarFeed(String)
    case tests
    case test(UUID)
    case testResults(UUID)
    case testSpecification(UUID)
    case testWithdraw(UUID)
    case dashboard
    case dashboardSchool(UUID)
    case dashboardClass(UUID)
    case halfMonthly
    case audit
    case classRosterExport(UUID)
    case classPupilErase(UUID)
    case accountPassword

    var path: String {
        switch self {
        case .home: "/"
        case .signIn: "/sign-in"
        case .signOut: "/sign-out"
        case .language: "/language"
        case .schools: "/schools"
        case .schoolNew: "/schools/new"
        case .school(let id): "/schools/\(id.uuidString.lowercased())"
        case .schoolClass(let id): "/classes/\(id.uuidString.lowercased())"
        case .people: "/people"
        case .personNew: "/people/new"
        case .personPassword(let id): "/people/\(id.uuidString.lowercased())/password"
        case .personRole: "/people/roles"
        case .importRoster: "/import"
        case .importTemplate(let kind): "/import/templates/\(kind).csv"
        case .policy: "/policy"
        case .terms: "/terms"
        case .termDays: "/terms/days"
        case .homeworkFile: "/homework/file"
        case .reviewQueue: "/homework/review"
        case .homeworkEntry(let id): "/homework/\(id.uuidString.lowercased())"
        case .homeworkReview(let id): "/homework/\(id.uuidString.lowercased())/review"
        case .homeworkResubmit(let id): "/homework/\(id.uuidString.lowercased())/resubmit"
        case .homeworkWithdraw(let id): "/homework/\(id.uuidString.lowercased())/withdraw"
        case .classHomework(let id): "/classes/\(id.uuidString.lowercased())/homework"
        case .classFeedback(let id): "/classes/\(id.uuidString.lowercased())/feedback"
        case .schoolSettings(let id): "/schools/\(id.uuidString.lowercased())/settings"
        case .calendarFeed(let token): "/feeds/\(token).ics"
        case .tests: "/tests"
        case .test(let id): "/tests/\(id.uuidString.lowercased())"
        case .testResults(let id): "/tests/\(id.uuidString.lowercased())/results"
        case .testSpecification(let id): "/tests/\(id.uuidString.lowercased())/specification"
        case .testWithdraw(let id): "/tests/\(id.uuidString.lowercased())/withdraw"
        case .dashboard: "/dashboard"
        case .dashboardSchool(let id): "/dashboard/schools/\(id.uuidString.lowercased())"
        case .dashboardClass(let id): "/dashboard/classes/\(id.uuidString.lowercased())"
        case .halfMonthly: "/dashboard/half-monthly"
        case .audit: "/audit"
        case .classRosterExport(let id): "/classes/\(id.uuidString.lowercased())/roster.csv"
        case .classPupilErase(let id): "/classes/\(id.uuidString.lowercased())/erase"
        case .accountPassword: "/account/password"
        }
    }

    /// Route path components, with `:id` where a link has an id.
    var pattern: [String] {
        switch self {
        case .school: ["schools", ":id"]
        case .schoolClass: ["classes", ":id"]
        case .personPassword: ["people", ":id", "password"]
        case .importTemplate: ["import", "templates", ":file"]
        case .homeworkEntry: ["homework", ":id"]
        case .homeworkReview: ["homework", ":id", "review"]
        case .homeworkResubmit: ["homework", ":id", "resubmit"]
        case .homeworkWithdraw: ["homework", ":id", "withdraw"]
        case .classHomework: ["classes", ":id", "homework"]
        case .classFeedback: ["classes", ":id", "feedback"]
        case .schoolSettings: ["schools", ":id", "settings"]
        case .calendarFeed: ["feeds", ":file"]
        case .test: ["tests", ":id"]
        case .testResults: ["tests", ":id", "results"]
        case .testSpecification: ["tests", ":id", "specification"]
        case .testWithdraw: ["tests", ":id", "withdraw"]
        case .dashboardSchool: ["dashboard", "schools", ":id"]
        case .dashboardClass: ["dashboard", "classes", ":id"]
        case .classRosterExport: ["classes", ":id", "roster.csv"]
        case .classPupilErase: ["classes", ":id", "erase"]
        default: path.split(separator: "/").map(String.init)
        }
    }
}

import Vapor

extension RoutesBuilder {
    @discardableResult
    func get<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        get(url.pattern.map(PathComponent.init(stringLiteral:)), use: handler)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(_ url: SiteURL, use handler: @Sendable @escaping (Request) async throws -> R) -> Route {
        post(url.pattern.map(PathComponent.init(stringLiteral:)), use: handler)
    }
}

extension Request {
    /// The `:id` of a route as a UUID; anything else is a 404, as an unknown record would be.
    func idParameter(_ name: String = "id") throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}
