import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func getSchoolAfterSchoolSatisfaction(_ input: Operations.GetSchoolAfterSchoolSatisfaction.Input) async throws
        -> Operations.GetSchoolAfterSchoolSatisfaction.Output {
        let (actor, request) = try actor()
        let s = try await AfterSchoolService.satisfaction(schoolId: try Self.id(input.path.id), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.satisfaction(s))))
    }

    func startAfterSchoolSatisfaction(_ input: Operations.StartAfterSchoolSatisfaction.Input) async throws
        -> Operations.StartAfterSchoolSatisfaction.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let schoolId = try Self.id(input.path.id)
        _ = try await AfterSchoolService.startSatisfaction(schoolId: schoolId, opensOn: body.opensOn, closesOn: body.closesOn, actor, policies: app.policies,
                                                           on: request.db)
        let s = try await AfterSchoolService.satisfaction(schoolId: schoolId, actor, policies: app.policies, on: request.db)
        return .created(.init(body: .json(Self.satisfaction(s))))
    }

    func getDistrictAfterSchoolSatisfaction(_ input: Operations.GetDistrictAfterSchoolSatisfaction.Input) async throws
        -> Operations.GetDistrictAfterSchoolSatisfaction.Output {
        let (actor, request) = try actor()
        let (term, schools) = try await AfterSchoolService.districtSatisfaction(actor, on: request.db)
        return .ok(.init(body: .json(.init(termId: term.id!.uuidString, termName: term.name, schools: schools.map {
            .init(schoolId: $0.schoolId.uuidString, schoolName: $0.schoolName, families: $0.families.map(Self.satisfactionSurvey),
                  pupils: $0.pupils.map(Self.satisfactionSurvey), programSurveys: $0.programs)
        }))))
    }

    static func satisfaction(_ s: AfterSchoolService.SchoolSatisfaction) -> Components.Schemas.AfterSchoolSatisfaction {
        .init(schoolId: s.school.id!.uuidString, termId: s.term.id!.uuidString, termName: s.term.name, surveys: s.lines.map(satisfactionSurvey))
    }

    static func satisfactionSurvey(_ line: AfterSchoolService.SatisfactionLine) -> Components.Schemas.AfterSchoolSatisfactionSurvey {
        let program = line.survey.topic == AfterSchoolService.SatisfactionTopic.program.rawValue
        return .init(surveyId: line.survey.id!.uuidString, programId: program ? line.survey.topicId?.uuidString : nil, programName: line.programName,
                     respondents: line.survey.respondentKind == .pupils ? .pupils : .parents, responses: line.responses, audience: line.audience,
                     ratePercent: line.ratePercent, meanOverall: line.mean)
    }
}
