import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func getSchoolAfterSchoolStipends(_ input: Operations.GetSchoolAfterSchoolStipends.Input) async throws
        -> Operations.GetSchoolAfterSchoolStipends.Output {
        let (actor, request) = try actor()
        let month = try await AfterSchoolService.stipends(schoolId: try Self.id(input.path.id), month: input.query.month, actor,
                                                          policies: app.policies, on: request.db)
        let staff = month.lines.map { line in
            Components.Schemas.AfterSchoolStipends.StaffPayloadPayload(
                name: line.staffName, staffKind: .init(rawValue: line.staffKind.rawValue)!, programs: line.programs, sessions: line.sessions,
                minutes: line.minutes, owedYuan: line.owedFen.map { Stipends.yuan(fen: $0) })
        }
        return .ok(.init(body: .json(.init(
            schoolId: month.school.id!.uuidString, month: month.month.text, rates: Self.rates(month.rates, month.rule), staff: staff,
            totalOwedYuan: month.rates.isSet ? Stipends.yuan(fen: month.lines.compactMap(\.owedFen).reduce(0, +)) : nil))))
    }

    func getDistrictAfterSchoolStipends(_ input: Operations.GetDistrictAfterSchoolStipends.Input) async throws
        -> Operations.GetDistrictAfterSchoolStipends.Output {
        let (actor, request) = try actor()
        let month = try await AfterSchoolService.districtStipends(month: input.query.month, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(.init(month: month.month.text, rates: Self.rates(month.rates, month.rule), schools: month.schools.map {
            .init(schoolId: $0.schoolId.uuidString, schoolName: $0.schoolName, staff: $0.staff, sessions: $0.sessions, minutes: $0.minutes,
                  owedYuan: month.rates.isSet ? Stipends.yuan(fen: $0.owedFen) : nil)
        }))))
    }

    static func rates(_ rates: StipendRates, _ rule: RuledValue) -> Components.Schemas.AfterSchoolStipendRates {
        .init(perHourYuan: rates.perHourYuan, perSessionYuan: rates.perSessionYuan, ruleId: rule.rule)
    }
}
