import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    static func figures(_ input: Components.Schemas.ResourceFiguresInput) -> ResourceFigures {
        let pairs: [(String, Double?)] = [("pupils", input.pupils), ("teachersAboveQualification", input.teachersAboveQualification),
                                          ("keyTeachers", input.keyTeachers), ("peArtTeachers", input.peArtTeachers), ("teachingArea", input.teachingArea),
                                          ("sportsArea", input.sportsArea), ("equipmentValue", input.equipmentValue), ("multimediaRooms", input.multimediaRooms)]
        return ResourceFigures(Dictionary(pairs.compactMap { key, value in value.map { (key, $0) } }, uniquingKeysWith: { a, _ in a }))
    }

    static func indicator(_ value: IndicatorValue, _ balance: PolicyProfile.Balance) -> Components.Schemas.BalanceIndicator {
        .init(code: value.code, name: balance.indicators.first { $0.code == value.code }?.name ?? value.code, value: value.value, threshold: value.threshold,
              unit: value.unit, met: value.met, shortfall: value.shortfall)
    }

    func recordSchoolResources(_ input: Operations.RecordSchoolResources.Input) async throws -> Operations.RecordSchoolResources.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let schoolId = try Self.id(input.path.id)
        guard let school = try await School.find(schoolId, on: request.db), school.districtId == actor.districtId,
              let district = try await District.find(school.districtId, on: request.db) else { throw AppError.notFound }
        var parts: [Stage: ResourceFigures] = [:]
        if let given = body.value2.parts {
            if let primary = given.primary { parts[.primary] = Self.figures(primary) }
            if let junior = given.junior { parts[.junior] = Self.figures(junior) }
        } else if let only = BalanceService.parts(of: school).first, BalanceService.parts(of: school).count == 1 {
            parts[only] = Self.figures(body.value1)
        }
        let standings = try await BalanceService.record(schoolId: schoolId, year: input.path.year, parts: parts, actor, policies: app.policies, on: request.db)
        let balance = try app.policies.profile(for: district).balance
        return .ok(.init(body: .json(.init(
            schoolId: schoolId.uuidString, year: input.path.year, passes: standings.allSatisfy(\.standing.passes),
            indicators: (standings.first?.standing.values ?? []).map { Self.indicator($0, balance) },
            parts: standings.map { part in
                .init(stage: part.stage == .primary ? .primary : .junior, passes: part.standing.passes,
                      indicators: part.standing.values.map { Self.indicator($0, balance) })
            }))))
    }

    func getBalance(_ input: Operations.GetBalance.Input) async throws -> Operations.GetBalance.Output {
        let (actor, request) = try actor()
        let overview = try await BalanceService.overview(year: input.path.year, actor, policies: app.policies, on: request.db)
        func stage(_ s: BalanceService.StageBalance) -> Components.Schemas.StageBalance {
            .init(cv: .init(additionalProperties: Dictionary(s.indicators.compactMap { i in i.variation.map { (i.standard.code, $0.coefficient) } },
                                                             uniquingKeysWith: { a, _ in a })),
                  limit: s.indicators.first?.limit ?? overview.balance.variation.limit(s.stage), within: s.within, schools: s.schools)
        }
        let sizes = overview.classSizes
        return .ok(.init(body: .json(.init(
            year: overview.year, primary: stage(overview.stages[0]), junior: stage(overview.stages[1]),
            schools: overview.schools.flatMap { line in
                line.parts.map { part in
                    .init(schoolId: line.school.id!.uuidString, name: line.school.name, stage: part.stage == .primary ? .primary : .junior,
                          passes: part.standing.passes, metCount: part.standing.metCount,
                          indicators: .init(additionalProperties: Dictionary(part.standing.values.map { ($0.code, Self.indicator($0, overview.balance)) },
                                                                             uniquingKeysWith: { a, _ in a })))
                }
            },
            classSizes: .init(classes: sizes.reduce(0) { $0 + $1.classes }, over: sizes.reduce(0) { $0 + ($1.counts[.over] ?? 0) },
                              large: sizes.reduce(0) { $0 + ($1.counts[.large] ?? 0) }, huge: sizes.reduce(0) { $0 + ($1.counts[.huge] ?? 0) })))))
    }
}

extension APIServer {
    func runPlacement(_ input: Operations.RunPlacement.Input) async throws -> Operations.RunPlacement.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        guard body.seed.map({ $0 >= 0 }) ?? true else { throw AppError.invalid(field: "seed", messageKey: "pl.e.seed") }
        let pupils = body.pupils.map { p in
            PlacedPupil(ref: p.ref, name: p.name, pupil: PlacementPupil(ref: p.ref, sex: p.sex == .m ? .m : .f, scores: p.scores.additionalProperties,
                                                                         specialNeeds: p.specialNeeds ?? false, together: p.together, apart: p.apart))
        }
        let run = try await PlacementService.run(schoolId: try Self.id(body.schoolId), grade: body.grade, classCount: body.classCount,
                                                 seed: body.seed.map { UInt64($0) }, tolerance: body.tolerance, pupils: pupils, actor,
                                                 policies: app.policies, on: request.db)
        let totals = Dictionary(pupils.map { ($0.ref, $0.pupil.total) }, uniquingKeysWith: { a, _ in a })
        let language = request.language
        return .created(.init(body: .json(.init(
            id: run.id!.uuidString, seed: Int64(run.seed) ?? 0,
            classes: run.classLists.map { refs in
                .init(pupils: refs, meanTotal: refs.isEmpty ? 0 : refs.reduce(0) { $0 + (totals[$1] ?? 0) } / Double(refs.count))
            },
            unmet: run.unmetList.map { Strings.text($0.key, language, $0.args) }))))
    }
}
