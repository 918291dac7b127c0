import Fluent
import Foundation
import JianfuCore
import Vapor

/// 测试备案 pages: file a test, the term's register against the limits, one test with its
/// results entry, level distribution and specification table, and a parent's view of their child's levels.
enum AssessmentPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(AssessmentsPaths.tests, use: list)
        routes.post(AssessmentsPaths.tests, use: file)
        routes.get(AssessmentsPaths.test, use: show)
        routes.post(AssessmentsPaths.testResults, use: saveResults)
        routes.post(AssessmentsPaths.testSpecification, use: saveSpecification)
        routes.post(AssessmentsPaths.testWithdraw, use: withdraw)
    }


    struct TestForm: Content {
        var classId: String?
        var wholeGrade: String?
        var subjectId: String?
        var kind: String?
        var paper: String?
        var date: String?
        var durationMinutes: String?
        var fullMarks: String?
        var title: String?
        var organiser: String?
        var paperSource: String?
    }

    struct ListPage: Encodable {
        let layout: Layout
        let canFile: Bool
        let classOptions: [FormOption]
        let subjectOptions: [FormOption]
        let kinds: [FormOption]
        let organisers: [FormOption]
        let paperSources: [FormOption]
        let form: TestForm
        let paperChecked: Bool
        let scopeTitle: String?
        let tests: [TestLine]
        let limits: [LimitLine]
        let refusals: [RefusalLine]
        let schools: [SchoolLine]
        let children: [ChildBlock]
        let notice: String?
        let warnings: [String]
        let error: String?
    }

    struct TestLine: Encodable {
        let href: String
        let date: String
        let school: String
        let className: String
        let subject: String
        let kind: String
        let paper: Bool
        let withdrawn: Bool
        let warned: Bool
        let specificationMissing: Bool
        let filedBy: String
    }

    struct LimitLine: Encodable {
        let className: String
        let subject: String
        let finals: String
        let midterms: String
        let mocks: String
        let others: Int
        let over: Bool
    }

    struct RefusalLine: Encodable {
        let at: String
        let school: String
        let className: String
        let subject: String
        let kind: String
        let date: String
        let rule: String
        let who: String
    }

    struct SchoolLine: Encodable {
        let href: String
        let name: String
        let tests: Int
        let warned: Int
        let refused: Int
        let finalsWithoutSpecification: Int
    }

    struct ChildBlock: Encodable {
        let name: String
        let className: String
        let results: [ChildResult]
    }

    struct ChildResult: Encodable {
        let href: String
        let date: String
        let subject: String
        let kind: String
        let level: String?
    }

    // MARK: the register

    @Sendable static func list(_ req: Request) async throws -> View {
        try await render(req, form: TestForm(), notice: nil, warnings: [], error: nil)
    }

    static func render(_ req: Request, form: TestForm, notice: String?, warnings: [String], error: String?) async throws -> View {
        let actor = try req.requireActor()
        let language = req.language
        guard let district = try await District.find(actor.districtId, on: req.db) else { throw AppError.notFound }
        let profile = try req.application.policies.profile(for: district)
        let today = WallClock.today(in: district.zone)
        let calendar = try await CalendarQueries.calendar(districtId: district.id!, around: today, on: req.db)
        let term = TestTerm(startsOn: calendar.startsOn, endsOn: calendar.endsOn)
        let termStart = calendar.startsOn.iso, termEnd = calendar.endsOn.iso
        let termStartInstant = LocalTime.start(of: calendar.startsOn, in: district.zone)

        let choices = try await fileChoices(actor, on: req.db)
        let chosenClass = form.classId.flatMap(UUID.init(uuidString:))
        let chosenSubject = form.subjectId.flatMap(UUID.init(uuidString:))
        let classOptions = choices.classes.map { FormOption(value: $0.id.uuidString, label: $0.label(language), selected: $0.id == chosenClass) }
        let subjectOptions = choices.subjects.map {
            FormOption(value: $0.id!.uuidString, label: language == .en ? $0.nameEn : $0.name, selected: $0.id == chosenSubject)
        }
        let kinds = TestKind.allCases.map { FormOption(value: $0.rawValue, label: req.t("testKind." + $0.rawValue), selected: $0.rawValue == (form.kind ?? "final")) }

        // Which schools' register this person reads: their own, or for the bureau the school they picked.
        let pickedSchool = (try? req.query.get(String.self, at: "school")).flatMap(UUID.init(uuidString:))
        var schoolIds: [UUID]? = nil
        var classIds: [UUID]? = nil
        var scopeTitle: String? = nil
        var schools: [SchoolLine] = []
        if actor.isDistrictWide {
            if let pickedSchool, let school = try await School.find(pickedSchool, on: req.db), school.districtId == actor.districtId {
                schoolIds = [pickedSchool]
                scopeTitle = school.name
            } else {
                let refused = try await AssessmentQueries.refusalCounts(districtId: district.id!, since: termStartInstant, on: req.db)
                schools = try await AssessmentQueries.schoolSummary(districtId: district.id!, from: termStart, through: termEnd,
                                                              specificationFromGrade: profile.tests.specification.fromGrade, on: req.db).map {
                    SchoolLine(href: AssessmentsPaths.tests.path + "?school=\($0.school_id.uuidString.lowercased())", name: $0.school_name, tests: $0.tests,
                               warned: $0.warned, refused: refused[$0.school_id] ?? 0, finalsWithoutSpecification: $0.finals_without_specification)
                }
            }
        } else if !actor.adminSchoolIds.isEmpty {
            schoolIds = Array(actor.adminSchoolIds)
        } else if !actor.teaching.isEmpty {
            classIds = Array(Set(actor.teaching.map(\.classId)))
        }
        var tests: [TestLine] = []
        var limits: [LimitLine] = []
        var refusals: [RefusalLine] = []
        if schoolIds != nil || classIds != nil {
            var rows = try await AssessmentQueries.tests(districtId: district.id!, schoolIds: schoolIds, classIds: classIds, from: termStart, through: termEnd, on: req.db)
            if schoolIds == nil {
                let taught = Set(actor.teaching.map { "\($0.classId)\($0.subjectId)" })
                rows = rows.filter { taught.contains("\($0.class_id)\($0.subject_id)") }
            }
            let system = try district.system
            tests = rows.map { row in
                TestLine(href: AssessmentsPaths.test.path(row.id), date: row.held_on, school: row.school_name,
                         className: ClassNames.name(row.grade_number, row.class_number, language),
                         subject: language == .en ? row.subject_name_en : row.subject_name, kind: req.t("testKind." + row.kind), paper: row.paper,
                         withdrawn: row.status == SchoolTest.Status.withdrawn.rawValue, warned: row.warnings != "[]",
                         specificationMissing: profile.tests.specification.applies(kind: TestKind(rawValue: row.kind), paper: row.paper, grade: row.grade_number)
                            && !row.has_specification && row.status == SchoolTest.Status.filed.rawValue,
                         filedBy: row.filed_by_name)
            }
            limits = limitLines(rows.filter { $0.status == SchoolTest.Status.filed.rawValue }, profile: profile, system: system, term: term, language: language)
            if schoolIds != nil {
                refusals = try await AssessmentQueries.refusals(districtId: district.id!, schoolIds: schoolIds, since: termStartInstant, on: req.db).map {
                    RefusalLine(at: LocalTime.minute($0.at, zone: district.zone), school: $0.school_name,
                                className: ClassNames.name($0.grade_number, $0.class_number, language),
                                subject: language == .en ? $0.subject_name_en : $0.subject_name, kind: req.t("testKind." + $0.kind), date: $0.held_on,
                                rule: "\($0.rule_id) · " + req.t("key." + $0.rule_key), who: $0.actor_name)
                }
            }
        }
        let children = try await childBlocks(actor, profile: profile, from: termStart, through: termEnd, req)
        var shown = form
        shown.date = form.date ?? today.iso
        shown.durationMinutes = form.durationMinutes ?? ""
        shown.fullMarks = form.fullMarks ?? "100"
        let page = ListPage(layout: Layout(req, title: req.t("tests.heading")), canFile: !choices.classes.isEmpty, classOptions: classOptions,
                            subjectOptions: subjectOptions, kinds: kinds,
                            organisers: TestOrganiser.allCases.map {
                                FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == (form.organiser ?? TestOrganiser.school.rawValue))
                            },
                            // A bought paper is not offered: it is refused (EX-13), and the API says why.
                            paperSources: [FormOption(value: "", label: req.t("paperSource.unstated"), selected: (form.paperSource ?? "").isEmpty)]
                                + [PaperSource.school, .authorityBank].map {
                                    FormOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == form.paperSource)
                                },
                            form: shown, paperChecked: form.kind == nil || form.paper != nil,
                            scopeTitle: scopeTitle, tests: tests, limits: limits, refusals: refusals, schools: schools, children: children,
                            notice: notice, warnings: warnings, error: error)
        return try await req.view.render("assessments/tests", page)
    }

    /// Each class and subject's tests this term against what the profile allows.
    static func limitLines(_ rows: [AssessmentQueries.TestRow], profile: PolicyProfile, system: SchoolSystem, term: TestTerm, language: Language) -> [LimitLine] {
        struct Key: Hashable { let classId: UUID; let subjectId: UUID }
        let groups = Dictionary(grouping: rows) { Key(classId: $0.class_id, subjectId: $0.subject_id) }
        return groups.values.compactMap(\.first).sorted { ($0.grade_number, $0.class_number, $0.subject_name) < ($1.grade_number, $1.class_number, $1.subject_name) }
            .map { first in
                let tests = groups[Key(classId: first.class_id, subjectId: first.subject_id)] ?? []
                let limits = TestLimits(profile: profile, system: system, grade: first.grade_number)
                var over = false
                func share(_ kind: TestKind) -> String {
                    let count = tests.filter { $0.kind == kind.rawValue }.count
                    let limit = limits.limitRule(of: kind, term: term)?.limit ?? 0
                    if count > limit { over = true }
                    return "\(count) / \(limit)"
                }
                let finals = share(.final), midterms = share(.midterm), mocks = share(.mock)
                return LimitLine(className: ClassNames.name(first.grade_number, first.class_number, language),
                                 subject: language == .en ? first.subject_name_en : first.subject_name, finals: finals, midterms: midterms, mocks: mocks,
                                 others: tests.filter { TestKind(rawValue: $0.kind)?.isOtherTest == true || $0.kind == TestKind.nonPaper.rawValue }.count,
                                 over: over)
            }
    }

    static func childBlocks(_ actor: Actor, profile: PolicyProfile, from: String, through: String, _ req: Request) async throws -> [ChildBlock] {
        guard !actor.children.isEmpty else { return [] }
        let language = req.language
        var blocks: [ChildBlock] = []
        for child in try await SchoolQueries.children(guardianId: actor.userId, on: req.db) {
            let (results, _) = try await AssessmentService.pupilResults(child.student_id, actor, on: req.db)
            let levels = Dictionary(results.map { ($0.test_id, $0.level) }, uniquingKeysWith: { first, _ in first })
            let tests = try await AssessmentQueries.tests(districtId: actor.districtId, schoolIds: nil, classIds: [child.class_id], from: from, through: through, on: req.db)
            blocks.append(ChildBlock(
                name: child.name, className: "\(child.school_name) " + ClassNames.name(child.grade_number, child.class_number, language),
                results: tests.filter { $0.status == SchoolTest.Status.filed.rawValue }.map { row in
                    ChildResult(href: AssessmentsPaths.test.path(row.id), date: row.held_on, subject: language == .en ? row.subject_name_en : row.subject_name,
                                kind: req.t("testKind." + row.kind),
                                level: levels[row.id].flatMap { profile.tests.levelScheme.level(code: $0) }.map { language == .en ? $0.en : $0.zh })
                }))
        }
        return blocks
    }

    struct FileChoices {
        struct ClassChoice {
            let id: UUID
            let gradeNumber: Int
            let number: Int
            let schoolId: UUID
            let schoolName: String

            func label(_ language: Language) -> String { "\(schoolName) " + ClassNames.name(gradeNumber, number, language) }
        }
        let classes: [ClassChoice]
        let subjects: [Subject]
    }

    /// The classes and subjects a person may file for: what they teach, or their whole school for its administrators.
    static func fileChoices(_ actor: Actor, on db: any Database) async throws -> FileChoices {
        var classes: [FileChoices.ClassChoice] = []
        var subjectIds = Set<UUID>()
        var seen = Set<UUID>()
        for row in try await SchoolQueries.teaching(teacherId: actor.userId, on: db) {
            subjectIds.insert(row.subject_id)
            if seen.insert(row.class_id).inserted {
                classes.append(.init(id: row.class_id, gradeNumber: row.grade_number, number: row.class_number, schoolId: row.school_id, schoolName: row.school_name))
            }
        }
        var allSubjects = false
        for schoolId in actor.adminSchoolIds.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let school = try await School.find(schoolId, on: db) else { continue }
            allSubjects = true
            for c in try await SchoolClass.query(on: db).filter(\.$schoolId == schoolId).sort(\.$gradeNumber).sort(\.$number).all()
            where seen.insert(c.id!).inserted {
                classes.append(.init(id: c.id!, gradeNumber: c.gradeNumber, number: c.number, schoolId: schoolId, schoolName: school.name))
            }
        }
        let subjects = try await Subject.query(on: db).filter(\.$districtId == actor.districtId).sort(\.$name).all()
            .filter { allSubjects || subjectIds.contains($0.id!) }
        return FileChoices(classes: classes.sorted { ($0.schoolName, $0.gradeNumber, $0.number) < ($1.schoolName, $1.gradeNumber, $1.number) }, subjects: subjects)
    }

    @Sendable static func file(_ req: Request) async throws -> Response {
        let actor = try req.requireActor()
        // Tests are filed by those who teach and by the academic office; anyone else is refused before the form is read.
        guard !actor.teaching.isEmpty || !actor.adminSchoolIds.isEmpty else { throw AppError.forbidden }
        let form = try req.content.decode(TestForm.self)
        return try await FormResponse.handle(req, {
            guard let classId = form.classId.flatMap(UUID.init(uuidString:)) else {
                throw AppError.invalid(field: "classId", messageKey: "form.required", args: ["tests.class"])
            }
            guard let subjectId = form.subjectId.flatMap(UUID.init(uuidString:)) else {
                throw AppError.invalid(field: "subjectId", messageKey: "form.required", args: ["file.subject"])
            }
            let duration = try Validate.wholeNumber(form.durationMinutes, field: "durationMinutes", label: "tests.duration")
            let fullMarks = try (form.fullMarks ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? nil
                : Validate.wholeNumber(form.fullMarks, field: "fullMarks", label: "tests.fullMarks")
            var classIds = [classId]
            if form.wholeGrade != nil {
                classIds = try await parallelClasses(of: classId, subjectId: subjectId, actor, on: req.db)
            }
            let filed = try await AssessmentService.file(
                .init(classIds: classIds, subjectId: subjectId, kind: form.kind ?? "", paper: form.paper != nil, heldOn: form.date ?? "",
                      durationMinutes: duration, fullMarks: fullMarks, title: form.title, organiser: form.organiser, paperSource: form.paperSource),
                actor, policies: req.application.policies, on: req.db)
            let warnings = filed.warnings.map { AssessmentService.warningText(key: $0.key, rule: $0.rule, req.language) }
            return try await render(req, form: TestForm(), notice: req.t("tests.filed", String(filed.ids.count)), warnings: warnings, error: nil)
                .encodeResponse(for: req)
        }, rerender: { try await render(req, form: form, notice: nil, warnings: [], error: $0) })
    }

    /// A whole grade: every class of the grade in that school the person may file the subject for.
    static func parallelClasses(of classId: UUID, subjectId: UUID, _ actor: Actor, on db: any Database) async throws -> [UUID] {
        guard let schoolClass = try await SchoolClass.find(classId, on: db) else { throw AppError.notFound }
        let grade = try await SchoolClass.query(on: db).filter(\.$schoolId == schoolClass.schoolId).filter(\.$gradeNumber == schoolClass.gradeNumber).all()
        if actor.adminSchoolIds.contains(schoolClass.schoolId) { return grade.compactMap(\.id) }
        let taught = Set(actor.teaching.filter { $0.subjectId == subjectId }.map(\.classId))
        return grade.compactMap(\.id).filter { taught.contains($0) || $0 == classId }
    }
}
