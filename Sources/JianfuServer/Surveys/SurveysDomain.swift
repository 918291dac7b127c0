import Fluent
import JianfuCore

/// The survey engine, shared by the modules: questionnaires as data put to an audience, one response each, anonymous
/// or named, results with response rates and a CSV.
enum SurveysDomain: Domain {
    static func routes(_ routes: DomainRoutes) {
        SurveyPages.register(routes.signedIn)
    }

    static let navigation: [NavigationItem] = [
        NavigationItem(order: 47, path: SurveyPaths.index.path, labelKey: "nav.surveys") { _ in true },
    ]

    static let migrations: [NumberedMigration] = [
        // 019: surveys, their responses, and who has answered
        NumberedMigration(19, CreateSurveys()),
        // 021: one questionnaire per topic, term and respondents, so a term's satisfaction survey is put once
        NumberedMigration(21, AddTopicUniqueIndex()),
    ]

    static let survey = #"{"title":"家长满意度","schoolId":"{school}","respondents":"parents","scope":"school","anonymous":true,"opensOn":"2026-11-20","closesOn":"2026-12-10","questions":[{"id":"overall","kind":"scale","text":"总体满意度"}]}"#

    // Anyone signed in sees the surveys put to them; a survey's results are for the district's roles and the school's
    // administrators; only those in its audience answer (the demo's surveys are put to 第一实验小学's families).
    static let access: [RouteAccess] = [
        RouteAccess("GET /surveys", .signedIn),
        RouteAccess("GET /surveys/:id", [.bureau, .inspector, .principal, .parent]),
        RouteAccess("POST /surveys/:id", [.parent], form: ["q_overall": "5"]),
        RouteAccess("GET /surveys/:id/results", [.bureau, .inspector, .principal]),
        RouteAccess("GET /surveys/:id/results.csv", [.bureau, .inspector, .principal]),
        RouteAccess("POST /api/v1/surveys", [.bureau, .principal], json: survey),
        RouteAccess("GET /api/v1/surveys", .signedIn),
        RouteAccess("GET /api/v1/surveys/:id", [.bureau, .inspector, .principal, .parent]),
        RouteAccess("POST /api/v1/surveys/:id/responses", [.parent], json: #"{"answers":{"overall":5}}"#),
        RouteAccess("GET /api/v1/surveys/:id/results", [.bureau, .inspector, .principal]),
    ]
}
