import Fluent
import Foundation
import JianfuCore
import Vapor

/// One test: what was filed, its warnings, the class's level distribution, the
/// results entry for the staff who handle them, and the paper's specification table.
extension AssessmentPages {
    struct TestPage: Encodable {
        let layout: Layout
        let id: String
        let title: String
        let facts: [Fact]
        let withdrawn: Bool
        let warnings: [String]
        let ownLevels: [Fact]
        let distribution: [Bar]
        let entered: Int
        let pupils: Int
        let canEnter: Bool
        let sheet: [SheetRow]
        let levelOptions: [FormOption]
        let takesSpecification: Bool
        let canEditSpecification: Bool
        let cognitiveLevels: [String]
        let specificationRows: [SpecRow]
        let specificationTotal: String
        let columnTotals: [String]
        let canWithdraw: Bool
        let notice: String?
        let error: String?
    }

    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct Bar: Encodable {
        let code: String
        let name: String
        let count: Int
        let percent: Int
    }

    struct SheetRow: Encodable {
        let id: String
        let number: String
        let name: String
        let score: String
        let level: String
        let levelName: String
    }

    struct SpecRow: Encodable {
        let index: Int
        let point: String
        let cells: [Cell]
        let total: String
    }

    struct Cell: Encodable {
        let column: Int
        let value: String
    }

    static let blankSpecificationRows = 3

    @Sendable static func show(_ req: Request) async throws -> View {
        try await renderTest(req, notice: nil, error: nil)
    }

    static func renderTest(_ req: Request, notice: String?, error: String?, entered: [String: String]? = nil) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        let id = try req.idParameter()
        let view = try await AssessmentService.testView(id, actor, policies: req.application.policies, on: req.db)
        let test = view.test
        guard let schoolClass = try await SchoolClass.find(test.classId, on: req.db), let school = try await School.find(test.schoolId, on: req.db) else {
            throw AppError.notFound
        }
        let scheme = view.profile.tests.levelScheme
        func levelName(_ code: String?) -> String {
            code.flatMap(scheme.level(code:)).map { language == .en ? $0.en : $0.zh } ?? ""
        }
        let filer = try await User.find(test.filedBy, on: req.db)
        let className = ClassNames.name(view.gradeNumber, view.classNumber, language)
        let subject = language == .en ? view.subjectNameEn : view.subjectName
        var facts = [
            Fact(label: req.t("tests.school"), value: school.name),
            Fact(label: req.t("tests.date"), value: test.heldOn),
            Fact(label: req.t("tests.kind"), value: req.t("testKind." + test.kind) + " · " + req.t(test.paper ? "tests.paper" : "tests.notPaper")),
            Fact(label: req.t("tests.duration"), value: "\(test.durationMinutes) " + req.t("unit.minutes")),
            Fact(label: req.t("tests.fullMarks"), value: String(test.fullMarks)),
            Fact(label: req.t("tests.filedBy"), value: filer?.displayName ?? "—"),
        ]
        if !test.title.isEmpty { facts.insert(Fact(label: req.t("tests.title"), value: test.title), at: 0) }
        if let reason = test.withdrawnReason { facts.append(Fact(label: req.t("tests.withdrawnReason"), value: reason)) }

        let distribution = try await AssessmentService.distribution(of: test, scheme: scheme, on: req.db)
        let bars = distribution.levels.map {
            Bar(code: $0.level.code, name: language == .en ? $0.level.en : $0.level.zh, count: $0.count,
                percent: distribution.entered > 0 ? $0.count * 100 / distribution.entered : 0)
        }
        var ownLevels: [Fact] = []
        for child in actor.children where child.classId == test.classId {
            let (results, _) = try await AssessmentService.pupilResults(child.studentId, actor, on: req.db)
            let student = try await Student.find(child.studentId, on: req.db)
            ownLevels.append(Fact(label: student?.name ?? "", value: results.first { $0.test_id == id }.map { levelName($0.level) } ?? req.t("tests.noLevelYet")))
        }
        let canEnter = AssessmentService.mayHandleResults(of: test, in: schoolClass, actor) && test.status == SchoolTest.Status.filed.rawValue
        let sheet: [SheetRow] = canEnter ? try await AssessmentService.entrySheet(id, actor, on: req.db).map { row in
            let key = row.student_id.uuidString
            return SheetRow(id: key, number: row.student_number, name: row.name,
                            score: entered?["score." + key] ?? row.score.map(Self.points) ?? "",
                            level: entered?["level." + key] ?? (row.score == nil ? row.level ?? "" : ""), levelName: levelName(row.level))
        } : []
        let rule = view.profile.tests.specification
        let takesSpecification = rule.applies(kind: TestKind(rawValue: test.kind), paper: test.paper, grade: test.gradeNumber)
        let canEditSpecification = takesSpecification && test.status == SchoolTest.Status.filed.rawValue
            && (test.filedBy == actor.userId || AssessmentService.mayHandleResults(of: test, in: schoolClass, actor))
        let table = test.specificationTable
        let width = rule.cognitiveLevels.count
        var rows: [SpecRow] = (table?.rows ?? []).enumerated().map { index, row in
            SpecRow(index: index, point: row.point, cells: row.cells.enumerated().map { Cell(column: $0, value: points($1)) }, total: points(row.total))
        }
        if let entered {
            rows = (0..<(rows.count + blankSpecificationRows)).map { index in
                SpecRow(index: index, point: entered["point.\(index)"] ?? "",
                        cells: (0..<width).map { Cell(column: $0, value: entered["cell.\(index).\($0)"] ?? "") }, total: entered["total.\(index)"] ?? "")
            }
        } else if canEditSpecification {
            rows += (rows.count..<(rows.count + blankSpecificationRows)).map { index in
                SpecRow(index: index, point: "", cells: (0..<width).map { Cell(column: $0, value: "") }, total: "")
            }
        }
        let page = TestPage(
            layout: Layout(req, title: req.t("tests.one")), id: id.uuidString.lowercased(),
            title: "\(className) · \(subject) · " + req.t("testKind." + test.kind), facts: facts,
            withdrawn: test.status == SchoolTest.Status.withdrawn.rawValue,
            warnings: AssessmentService.warningTexts(of: test, profile: view.profile, language), ownLevels: ownLevels,
            distribution: bars, entered: distribution.entered, pupils: distribution.pupils, canEnter: canEnter, sheet: sheet,
            levelOptions: [FormOption(value: "", label: "—", selected: false)]
                + scheme.levels.map { FormOption(value: $0.code, label: "\($0.code) " + (language == .en ? $0.en : $0.zh), selected: false) },
            takesSpecification: takesSpecification, canEditSpecification: canEditSpecification,
            cognitiveLevels: rule.cognitiveLevels.map { language == .en ? $0.en : $0.zh }, specificationRows: rows,
            specificationTotal: entered?["total"] ?? table.map { points($0.total) } ?? "",
            columnTotals: table?.columnTotals.map(points) ?? [],
            canWithdraw: test.status == SchoolTest.Status.filed.rawValue && (test.filedBy == actor.userId || actor.adminSchoolIds.contains(test.schoolId)),
            notice: notice, error: error)
        return try await req.view.render("assessments/test", page)
    }

    /// Points as a teacher writes them: 12, 7.5.
    static func points(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    @Sendable static func saveResults(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let fields = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            var lines: [AssessmentService.ResultLine] = []
            for row in try await AssessmentService.entrySheet(id, actor, on: req.db) {
                let key = row.student_id.uuidString
                let scoreText = (fields["score." + key] ?? "").trimmingCharacters(in: .whitespaces)
                let level = (fields["level." + key] ?? "").trimmingCharacters(in: .whitespaces)
                if scoreText.isEmpty && level.isEmpty { continue }
                let label = "\(row.name)（\(row.student_number)）"
                var score: Double? = nil
                if !scoreText.isEmpty {
                    guard let value = Double(scoreText) else {
                        throw AssessmentError.scoreNotNumber(pupil: label)
                    }
                    score = value
                }
                lines.append(.init(studentId: row.student_id, score: score, level: score == nil ? level : (level.isEmpty ? nil : level), label: label))
            }
            let distribution = try await AssessmentService.enterResults(id, lines: lines, actor, policies: req.application.policies, on: req.db)
            return try await renderTest(req, notice: req.t("tests.resultsSaved", String(distribution.entered), String(distribution.pupils)), error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await renderTest(req, notice: nil, error: $0, entered: fields) })
    }

    @Sendable static func saveSpecification(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        let fields = try req.content.decode([String: String].self)
        return try await FormResponse.handle(req, {
            func value(_ key: String, row: Int) throws -> Double {
                let text = (fields[key] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return 0 }
                guard let number = Double(text), number.isFinite else {
                    throw AssessmentError.specificationNotNumber(row: row)
                }
                return number
            }
            var rows: [SpecificationTable.Row] = []
            var index = 0
            while fields["point.\(index)"] != nil {
                let point = (fields["point.\(index)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                let cellKeys = fields.keys.filter { $0.hasPrefix("cell.\(index).") }.count
                let cells = try (0..<cellKeys).map { try value("cell.\(index).\($0)", row: index + 1) }
                let total = try value("total.\(index)", row: index + 1)
                if !point.isEmpty || cells.contains(where: { $0 != 0 }) || total != 0 {
                    rows.append(.init(point: point, cells: cells, total: total))
                }
                index += 1
            }
            _ = try await AssessmentService.attachSpecification(id, table: SpecificationTable(rows: rows, total: try value("total", row: 0)), actor,
                                                          policies: req.application.policies, on: req.db)
            return try await renderTest(req, notice: req.t("tests.specificationSaved"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderTest(req, notice: nil, error: $0, entered: fields) })
    }

    @Sendable static func withdraw(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let id = try req.idParameter()
        struct Form: Content { var reason: String? }
        let form = try req.content.decode(Form.self)
        return try await FormResponse.handle(req, {
            _ = try await AssessmentService.withdraw(id, reason: form.reason ?? "", actor, on: req.db)
            return try await renderTest(req, notice: req.t("tests.withdrawn"), error: nil).encodeResponse(for: req)
        }, rerender: { try await renderTest(req, notice: nil, error: $0) })
    }
}
