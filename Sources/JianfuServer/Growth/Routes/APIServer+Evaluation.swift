import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func getQualityEvaluation(_ input: Operations.GetQualityEvaluation.Input) async throws -> Operations.GetQualityEvaluation.Output {
        typealias Body = Operations.GetQualityEvaluation.Output.Ok.Body.JsonPayload
        let (actor, request) = try actor()
        let pupil = try await EvaluationService.pupil(try Self.id(input.path.id), actor, policies: app.policies, on: request.db)
        let evaluation = pupil.evaluation
        let steps: Body.StepsPayload = pupil.chain.steps.compactMap { step in
            Body.StepsPayloadPayload.StepPayload(rawValue: step.rawValue).map { .init(step: $0, text: evaluation?.text(of: step) ?? "") }
        }
        let phase: Body.DisplayPayload.PhasePayload = switch pupil.displayPhase {
        case .notStarted: .notStarted
        case .open: .open
        case .ended: .ended
        case .sealed: .sealed
        }
        return .ok(.init(body: .json(Body(
            studentId: pupil.access.student.id!.uuidString, termId: pupil.period.term.id!.uuidString, stage: Body.StagePayload(rawValue: pupil.stage.rawValue)!,
            chain: pupil.chain.steps.compactMap { Body.ChainPayloadPayload(rawValue: $0.rawValue) },
            returnedNote: evaluation.flatMap { $0.returnedNote.isEmpty ? nil : $0.returnedNote }, steps: steps,
            records: pupil.records.compactMap { row in
                Body.RecordsPayloadPayload.DimensionPayload(rawValue: row.dimension).map {
                    .init(id: row.id!.uuidString, dimension: $0, date: row.occurredOn, fact: row.fact, evidence: row.evidence,
                          files: (pupil.files[row.id!] ?? []).map(Self.attachment))
                }
            },
            monthlySummaries: pupil.dueMonths.map { month in .init(month: month, text: pupil.summaries.first { $0.month == month }?.text) },
            display: .init(phase: phase, startsOn: pupil.display?.startsOn, endsOn: pupil.display?.endsOn)))))
    }

    func addQualityRecord(_ input: Operations.AddQualityRecord.Input) async throws -> Operations.AddQualityRecord.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let files: [AttachmentService.Prepared] = try body.file.map { file in
            guard let data = Data(base64Encoded: file.content, options: .ignoreUnknownCharacters) else {
                throw AppError.invalid(field: "file", messageKey: "file.notBase64")
            }
            return [try AttachmentService.prepare(data, fileName: file.fileName, store: app.attachments)]
        } ?? []
        let row = try await EvaluationService.addRecord(studentId: try Self.id(input.path.id), .init(dimension: body.dimension.rawValue, date: body.date,
                                                                                                      fact: body.fact, evidence: body.evidence ?? ""),
                                                        files: files, actor, policies: app.policies, on: request.db)
        return .created(.init(body: .json(.init(id: row.id!.uuidString))))
    }
}
