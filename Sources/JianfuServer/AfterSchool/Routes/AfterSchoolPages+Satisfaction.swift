import Fluent
import Foundation
import JianfuCore
import Vapor

/// The term's satisfaction: a school starts its questionnaires and reads them per program; the bureau reads every
/// school's, each with its response rate.
extension AfterSchoolPages {
    static func registerSatisfaction(_ routes: any RoutesBuilder) {
        routes.get(AfterSchoolPaths.schoolSatisfaction, use: schoolSatisfaction)
        routes.post(AfterSchoolPaths.schoolSatisfaction, use: startSatisfaction)
        routes.get(AfterSchoolPaths.satisfaction, use: districtSatisfaction)
    }

    struct SatisfactionPage: Encodable {
        let layout: Layout
        let heading: String
        let termName: String
        let schoolName: String?
        let schoolHref: String?
        /// The questionnaires' dates, the same for all of a school's.
        let dates: String?
        let header: [StipendCell]
        let lines: [[StipendCell]]
        let start: StartForm?
        let notice: String?
        let error: String?
    }

    struct StartForm: Encodable {
        let action: String
        let opensOn: String
        let closesOn: String
    }

    /// "4.3 / 5" or "—" before anyone answered.
    static func meanText(_ mean: Double?) -> String { mean.map { String(format: "%.1f / 5", $0) } ?? "—" }

    static func rateText(_ line: AfterSchoolService.SatisfactionLine, _ req: Request) -> String {
        SurveyPages.rate(responses: line.responses, audience: line.audience, req)
    }

    @Sendable static func schoolSatisfaction(_ req: Request) async throws -> View {
        try await renderSatisfaction(req, id: try req.parameters.require("id", as: UUID.self), form: nil, notice: nil, error: nil)
    }

    static func renderSatisfaction(_ req: Request, id: UUID, form: [String: String]?, notice: String?, error: String?) async throws -> View {
        let actor = try req.requireActor()
        let s = try await AfterSchoolService.satisfaction(schoolId: id, actor, policies: req.application.policies, on: req.db)
        let header = ["as.sat.whose", "as.sat.respondents", "sv.rate", "as.sat.mean"].enumerated()
            .map { StipendCell(req.t($0.element), num: $0.offset == 3) }
        let lines = s.lines.map { line in
            [StipendCell(line.programName.map { req.t("as.sat.program", $0) } ?? req.t("as.sat.wholeSchool"), href: SurveyPaths.results.path(line.survey.id!)),
             StipendCell(req.t("sv.respondents." + line.survey.respondents)), StipendCell(rateText(line, req)), StipendCell(meanText(line.mean), num: true)]
        }
        return try await req.view.render("after-school/satisfaction", SatisfactionPage(
            layout: Layout(req, title: req.t("as.sat.heading") + " · " + s.school.name), heading: req.t("as.sat.heading"), termName: s.term.name,
            schoolName: s.school.name, schoolHref: AfterSchoolPaths.school.path(id),
            dates: s.lines.first.map { req.t("sv.dates.heading") + "：" + SurveyPages.dates($0.survey, req) }, header: header, lines: lines,
            start: s.mayStart ? StartForm(action: AfterSchoolPaths.schoolSatisfaction.path(id), opensOn: form?["opensOn"] ?? s.today.iso,
                                          closesOn: form?["closesOn"] ?? s.today.adding(days: 14).iso) : nil,
            notice: notice, error: error))
    }

    @Sendable static func startSatisfaction(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.parameters.require("id", as: UUID.self)
        let form = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            let count = try await AfterSchoolService.startSatisfaction(schoolId: id, opensOn: form["opensOn"] ?? "", closesOn: form["closesOn"] ?? "", actor,
                                                                       policies: req.application.policies, on: req.db)
            return try await renderSatisfaction(req, id: id, form: nil, notice: req.t("as.sat.started", String(count)), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderSatisfaction(req, id: id, form: form, notice: nil, error: $0) })
    }

    @Sendable static func districtSatisfaction(_ req: Request) async throws -> View {
        let actor = try req.requireActor()
        let (term, schools) = try await AfterSchoolService.districtSatisfaction(actor, on: req.db)
        let header = ["as.school", "as.sat.familiesRate", "as.sat.familiesMean", "as.sat.pupilsRate", "as.sat.pupilsMean", "as.sat.programSurveys"]
            .enumerated().map { StipendCell(req.t($0.element), num: [2, 4, 5].contains($0.offset)) }
        let lines = schools.map { s in
            [StipendCell(s.schoolName, href: AfterSchoolPaths.schoolSatisfaction.path(s.schoolId)),
             StipendCell(s.families.map { rateText($0, req) } ?? req.t("as.sat.notStarted")), StipendCell(meanText(s.families?.mean), num: true),
             StipendCell(s.pupils.map { rateText($0, req) } ?? req.t("as.sat.notStarted")), StipendCell(meanText(s.pupils?.mean), num: true),
             StipendCell(String(s.programs), num: true)]
        }
        return try await req.view.render("after-school/satisfaction", SatisfactionPage(
            layout: Layout(req, title: req.t("as.sat.headingDistrict")), heading: req.t("as.sat.headingDistrict"), termName: term.name, schoolName: nil,
            schoolHref: nil, dates: nil, header: header, lines: lines, start: nil, notice: nil, error: nil))
    }
}
