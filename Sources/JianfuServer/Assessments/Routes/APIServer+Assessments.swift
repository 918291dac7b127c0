import Fluent
import Foundation
import JianfuCore
import OpenAPIRuntime
import Vapor

extension APIServer {
    func fileTests(_ input: Operations.FileTests.Input) async throws -> Operations.FileTests.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        guard let subjectId = UUID(uuidString: body.subjectId) else { throw AppError.invalid(field: "subjectId", messageKey: "tests.badSubject") }
        let filed = try await AssessmentService.file(
            .init(classIds: try body.classIds.map(Self.id), subjectId: subjectId, kind: body.kind.rawValue, paper: body.paper, heldOn: body.date,
                  durationMinutes: body.durationMinutes, fullMarks: body.fullMarks, title: body.title, organiser: body.organiser?.rawValue,
                  paperSource: body.paperSource?.rawValue),
            actor, policies: app.policies, on: request.db)
        let language = request.language
        return .created(.init(body: .json(.init(
            ids: filed.ids.map(\.uuidString),
            warnings: filed.warnings.map {
                .init(ruleId: $0.rule.rule, rule: $0.rule.wording, source: $0.rule.source,
                      message: AssessmentService.warningText(key: $0.key, rule: $0.rule, language))
            }))))
    }

    func listTests(_ input: Operations.ListTests.Input) async throws -> Operations.ListTests.Output {
        let (actor, request) = try actor()
        let tests = try await AssessmentService.classTests(try Self.id(input.query.classId), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(tests.map { Self.test($0, language: request.language) })))
    }

    func getTest(_ input: Operations.GetTest.Input) async throws -> Operations.GetTest.Output {
        let (actor, request) = try actor()
        let view = try await AssessmentService.testView(try Self.id(input.path.id), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.test(view, language: request.language))))
    }

    func withdrawTest(_ input: Operations.WithdrawTest.Input) async throws -> Operations.WithdrawTest.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let id = try Self.id(input.path.id)
        _ = try await AssessmentService.withdraw(id, reason: body.reason, actor, on: request.db)
        let view = try await AssessmentService.testView(id, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.test(view, language: request.language))))
    }

    func enterTestResults(_ input: Operations.EnterTestResults.Input) async throws -> Operations.EnterTestResults.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let lines = try body.results.enumerated().map { index, line in
            guard let id = UUID(uuidString: line.pupilId) else {
                throw AssessmentError.pupilNotInClass(line: index + 1)
            }
            return AssessmentService.ResultLine(studentId: id, score: line.score, level: line.level)
        }
        let distribution = try await AssessmentService.enterResults(try Self.id(input.path.id), lines: lines, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.distribution(distribution, language: request.language))))
    }

    func getTestDistribution(_ input: Operations.GetTestDistribution.Input) async throws -> Operations.GetTestDistribution.Output {
        let (actor, request) = try actor()
        let distribution = try await AssessmentService.distribution(try Self.id(input.path.id), actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.distribution(distribution, language: request.language))))
    }

    func attachTestSpecification(_ input: Operations.AttachTestSpecification.Input) async throws -> Operations.AttachTestSpecification.Output {
        let (actor, request) = try actor()
        guard case .json(let body) = input.body else { throw AppError.invalid(field: "body", messageKey: "error.badRequest") }
        let table = SpecificationTable(rows: body.rows.map { .init(point: $0.point, cells: $0.cells, total: $0.total) }, total: body.total)
        let id = try Self.id(input.path.id)
        _ = try await AssessmentService.attachSpecification(id, table: table, actor, policies: app.policies, on: request.db)
        let view = try await AssessmentService.testView(id, actor, policies: app.policies, on: request.db)
        return .ok(.init(body: .json(Self.test(view, language: request.language))))
    }

    func getPupilTestResults(_ input: Operations.GetPupilTestResults.Input) async throws -> Operations.GetPupilTestResults.Output {
        let (actor, request) = try actor()
        let studentId = try Self.id(input.path.id)
        let (results, withScores) = try await AssessmentService.pupilResults(studentId, actor, on: request.db)
        let scheme = try await AssessmentService.levelScheme(ofPupil: studentId, policies: app.policies, on: request.db)
        let language = request.language
        return .ok(.init(body: .json(results.map {
            .init(testId: $0.test_id.uuidString, subjectName: language == .en ? $0.subject_name_en : $0.subject_name,
                  kind: .init(rawValue: $0.kind) ?? .final, date: $0.held_on, title: $0.title, level: $0.level,
                  levelName: scheme.level(code: $0.level).map { language == .en ? $0.en : $0.zh } ?? $0.level,
                  score: withScores ? $0.score : nil)
        })))
    }

    static func test(_ view: AssessmentService.TestView, language: Language) -> Components.Schemas.Test {
        let test = view.test
        return .init(id: test.id!.uuidString, classId: test.classId.uuidString, className: ClassNames.name(view.gradeNumber, view.classNumber, language),
                     subjectId: test.subjectId.uuidString, subjectName: language == .en ? view.subjectNameEn : view.subjectName,
                     kind: .init(rawValue: test.kind) ?? .final, paper: test.paper, date: test.heldOn, durationMinutes: test.durationMinutes,
                     fullMarks: test.fullMarks, title: test.title, organiser: test.organiser.flatMap { .init(rawValue: $0) } ?? .school,
                     paperSource: test.paperSource.flatMap { .init(rawValue: $0) }, status: .init(rawValue: test.status) ?? .filed, withdrawnReason: test.withdrawnReason,
                     warnings: AssessmentService.warningTexts(of: test, profile: view.profile, language), hasSpecification: test.specification != nil)
    }

    static func distribution(_ distribution: AssessmentService.Distribution, language: Language) -> Components.Schemas.LevelDistribution {
        .init(testId: distribution.testId.uuidString, entered: distribution.entered, pupils: distribution.pupils,
              levels: distribution.levels.map { .init(code: $0.level.code, name: language == .en ? $0.level.en : $0.level.zh, count: $0.count) })
    }
}
