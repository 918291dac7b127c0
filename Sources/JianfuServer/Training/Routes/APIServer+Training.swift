import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func listPublicTrainingInstitutions(_ input: Operations.ListPublicTrainingInstitutions.Input) async throws
        -> Operations.ListPublicTrainingInstitutions.Output {
        typealias Item = Operations.ListPublicTrainingInstitutions.Output.Ok.Body.JsonPayloadPayload
        let request = try request
        guard request.application.trainingLists.admit(request.throttleAddress) else { throw AppError.tooManyAttempts }
        let district = try await PublicTrainingLists.district(code: input.query.district, on: request.db)
        let lists = try await request.application.trainingLists.lists(district.id!, on: request.db)
        let wanted = input.query.list.flatMap { PublicListing(rawValue: $0.rawValue) }
        return .ok(.init(body: .json(lists.entries.filter { wanted == nil || $0.list == wanted }.compactMap { entry in
            guard let kind = Item.KindPayload(rawValue: entry.kind), let mode = Item.ModePayload(rawValue: entry.mode),
                  let status = Item.StatusPayload(rawValue: entry.status), let list = Item.ListPayload(rawValue: entry.list.rawValue) else { return nil }
            return Item(id: entry.id.uuidString, name: entry.name, creditCode: entry.creditCode, kind: kind, mode: mode, status: status, list: list,
                        since: entry.since, reason: entry.reason)
        })))
    }

    func registerTrainingInstitution(_ input: Operations.RegisterTrainingInstitution.Input) async throws -> Operations.RegisterTrainingInstitution.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let row = try await TrainingService.register(.init(
            name: body.name, creditCode: body.creditCode, kind: body.kind.rawValue, mode: body.mode.rawValue, address: body.address ?? "",
            insuranceExpiresOn: body.insuranceExpiresOn, staffCount: body.staffCount ?? 0, qualifiedStaffCount: body.qualifiedStaffCount ?? 0,
            custody: body.custody?.rawValue ?? FeeCustody.none.rawValue, feesPublished: body.feesPublished ?? false, approvedOn: body.approvedOn),
            actor, policies: app.policies, on: request.db)
        app.trainingLists.invalidate(row.districtId)
        return .created(.init(body: .json(.init(id: row.id!.uuidString, status: .init(rawValue: row.status)!))))
    }

    func addTrainingCourse(_ input: Operations.AddTrainingCourse.Input) async throws -> Operations.AddTrainingCourse.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let district = try await TrainingService.district(actor, on: request.db)
        let today = WallClock.today(in: district.zone).iso
        let yuan = { (value: Double) in String(format: "%.2f", value) }
        let (row, violations) = try await TrainingService.addCourse(try Self.id(input.path.id), .init(
            name: body.name, subject: body.subject, mode: body.mode.rawValue, lessonMinutes: body.lessonMinutes, classSize: body.classSize ?? 1,
            price: yuan(body.pricePerLesson ?? 0), startsOn: body.startsOn ?? today, endsOn: body.endsOn ?? body.startsOn ?? today,
            sessions: body.sessions.map { .init(weekday: $0.weekday, start: $0.start, end: $0.end) },
            packages: (body.packages ?? []).map { .init(months: $0.months, lessons: $0.lessons, amount: yuan($0.amount)) }),
            actor, policies: app.policies, on: request.db)
        let language = request.language
        return .created(.init(body: .json(.init(
            id: row.id!.uuidString, kind: .init(rawValue: row.kind)!, contentOf: row.contentOf,
            violations: violations.map { .init(ruleId: $0.rule, message: Strings.text($0.code, language, $0.args)) }))))
    }
}
