import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

/// Filing tests against the frequency rules, withdrawing them, and the
/// specification table of an end-of-term paper; the pages and the API both call here.
enum AssessmentService {
    static let maxTitleLength = 100
    static let maxFullMarks = 1000
    static let maxReasonLength = 500
    /// A test longer than a day is not a test but a typing mistake.
    static let maxDurationMinutes = 24 * 60

    struct Filing: Sendable {
        var classIds: [UUID]
        var subjectId: UUID
        var kind: String
        var paper: Bool
        var heldOn: String
        var durationMinutes: Int
        var fullMarks: Int?
        var title: String?
        var organiser: String?
        var paperSource: String?
    }

    struct Filed: Sendable {
        let ids: [UUID]
        let warnings: [TestLimitFinding]
    }

    /// Thrown inside the filing transaction so that the refusal is recorded after the rollback.
    private struct Refused: Error {
        let finding: TestLimitFinding
        let context: ClassContext
    }

    static func file(_ filing: Filing, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> Filed {
        guard !filing.classIds.isEmpty else { throw AppError.invalid(field: "classIds", messageKey: "homework.noClass") }
        let classIds = Array(Set(filing.classIds))
        var contexts: [ClassContext] = []
        for id in classIds {
            guard let context = try await ClassContext.load(id, policies: policies, on: db), context.schoolClass.districtId == actor.districtId,
                  actor.canSeeRoster(of: context.scope) || actor.isGuardian(in: id) else {
                throw AppError.notFound
            }
            guard mayFile(in: context, subjectId: filing.subjectId, actor) else {
                throw AssessmentError.notTeaching
            }
            contexts.append(context)
        }
        guard let subject = try await Subject.find(filing.subjectId, on: db), subject.districtId == actor.districtId else {
            throw AppError.invalid(field: "subjectId", messageKey: "tests.badSubject")
        }
        for context in contexts where !(subject.firstGrade...subject.lastGrade).contains(context.schoolClass.gradeNumber) {
            throw AppError.invalid(field: "subjectId", messageKey: "tests.badSubject")
        }
        let planned = try validated(filing)
        guard let calendar = try await CalendarQueries.calendar(districtId: actor.districtId, containing: planned.heldOn, on: db) else {
            throw AssessmentError.outsideTerm(planned.heldOn)
        }
        guard calendar.isTeachingDay(planned.heldOn) else {
            throw AssessmentError.notTeachingDay(planned.heldOn)
        }
        // A test is filed before it is held (备案 comes first); the day itself still counts, filed that morning.
        guard planned.heldOn >= contexts[0].today() else {
            throw AssessmentError.alreadyHeld(planned.heldOn)
        }
        let term = TestTerm(startsOn: calendar.startsOn, endsOn: calendar.endsOn)
        let title = filing.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let fullMarks = filing.fullMarks ?? 100
        let filingId = UUID()
        let toFile = contexts
        do {
            return try await WriteLock.transaction(on: db, locking: "school_classes", ids: classIds) { tx in
                var ids: [UUID] = []
                var warnings: [TestLimitFinding] = []
                for context in toFile {
                    let existing = try await filedTests(classId: context.schoolClass.id!, subjectId: filing.subjectId, term: term, on: tx)
                    let check = TestLimits(profile: context.profile, system: context.system, grade: context.schoolClass.gradeNumber)
                        .check(planned, existing: existing, term: term)
                    if let refusal = check.refusal { throw Refused(finding: refusal, context: context) }
                    let test = SchoolTest()
                    test.districtId = context.district.id!
                    test.schoolId = context.school.id!
                    test.classId = context.schoolClass.id!
                    test.subjectId = filing.subjectId
                    test.filedBy = actor.userId
                    test.filingId = filingId
                    test.gradeNumber = context.schoolClass.gradeNumber
                    test.kind = planned.kind.rawValue
                    test.paper = planned.paper
                    test.heldOn = planned.heldOn.iso
                    test.durationMinutes = filing.durationMinutes
                    test.fullMarks = fullMarks
                    test.title = title
                    test.organiser = planned.organiser.rawValue
                    test.paperSource = planned.paperSource?.rawValue
                    test.status = SchoolTest.Status.filed.rawValue
                    test.warnings = json(check.warnings.map(\.key))
                    try await test.create(on: tx)
                    try await tx.audit(actor, districtId: test.districtId, schoolId: test.schoolId, action: "test.file", entity: "school_test",
                                       entityId: test.id, detail: ["classId": test.classId.uuidString, "kind": test.kind, "heldOn": test.heldOn,
                                                                   "paper": String(test.paper), "warnings": test.warnings])
                    ids.append(test.id!)
                    for warning in check.warnings where !warnings.contains(where: { $0.key == warning.key }) { warnings.append(warning) }
                }
                return Filed(ids: ids, warnings: warnings)
            }
        } catch let refused as Refused {
            try await record(refused, planned: planned, subjectId: filing.subjectId, actor, on: db)
            throw limitError(refused.finding, schoolClass: refused.context.schoolClass)
        }
    }

    static func mayFile(in context: ClassContext, subjectId: UUID, _ actor: Actor) -> Bool {
        actor.teaching.contains { $0.classId == context.schoolClass.id && $0.subjectId == subjectId }
            || actor.adminSchoolIds.contains(context.school.id!)
    }

    /// Checks every field of a filing; each bad field is a clear 4xx.
    static func validated(_ filing: Filing) throws -> PlannedTest {
        guard let kind = TestKind(rawValue: filing.kind) else { throw AppError.invalid(field: "kind", messageKey: "tests.badKind") }
        guard let date = LocalDate(iso: filing.heldOn) else {
            throw AppError.invalid(field: "date", messageKey: "homework.badDate", args: ["tests.date"])
        }
        if kind == .nonPaper && filing.paper { throw AppError.invalid(field: "paper", messageKey: "tests.nonPaperOnPaper") }
        guard filing.durationMinutes >= 1, filing.durationMinutes <= maxDurationMinutes else {
            throw AssessmentError.invalidDuration(max: maxDurationMinutes)
        }
        if let marks = filing.fullMarks, marks < 1 || marks > maxFullMarks {
            throw AppError.invalid(field: "fullMarks", messageKey: "tests.badFullMarks", args: [String(maxFullMarks)])
        }
        let title = filing.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if title.count > maxTitleLength { throw AppError.invalid(field: "title", messageKey: "form.tooLong", args: ["tests.title", String(maxTitleLength)]) }
        guard let organiser = TestOrganiser(rawValue: filing.organiser?.nilIfEmpty ?? TestOrganiser.school.rawValue) else {
            throw AppError.invalid(field: "organiser", messageKey: "tests.badOrganiser")
        }
        let source = try filing.paperSource?.nilIfEmpty.map { raw in
            guard let source = PaperSource(rawValue: raw) else { throw AppError.invalid(field: "paperSource", messageKey: "tests.badPaperSource") }
            return source
        }
        return PlannedTest(kind: kind, paper: filing.paper, heldOn: date, title: title, organiser: organiser, paperSource: source)
    }

    /// The class's tests of a subject still on file in the term.
    static func filedTests(classId: UUID, subjectId: UUID, term: TestTerm, on db: any Database) async throws -> [PlannedTest] {
        try await SchoolTest.query(on: db).filter(\.$classId == classId).filter(\.$subjectId == subjectId)
            .filter(\.$status == SchoolTest.Status.filed.rawValue)
            .filter(\.$heldOn >= term.startsOn.iso).filter(\.$heldOn <= term.endsOn.iso)
            .all().compactMap(\.planned)
    }

    private static func record(_ refused: Refused, planned: PlannedTest, subjectId: UUID, _ actor: Actor, on db: any Database) async throws {
        let refusal = TestRefusal()
        refusal.districtId = refused.context.district.id!
        refusal.schoolId = refused.context.school.id!
        refusal.classId = refused.context.schoolClass.id!
        refusal.subjectId = subjectId
        refusal.actorId = actor.userId
        refusal.kind = planned.kind.rawValue
        refusal.paper = planned.paper
        refusal.heldOn = planned.heldOn.iso
        refusal.ruleKey = refused.finding.key
        refusal.ruleId = refused.finding.rule.rule
        refusal.at = WallClock.now()
        try await db.writeTransaction { tx in
            try await refusal.create(on: tx)
            try await tx.audit(actor, districtId: refusal.districtId, schoolId: refusal.schoolId, action: "test.refused", entity: "test_refusal",
                               entityId: refusal.id, detail: ["classId": refusal.classId.uuidString, "kind": refusal.kind, "heldOn": refusal.heldOn,
                                                              "rule": refusal.ruleId])
        }
    }

    /// The refusal quotes the rule, its wording and its source.
    static func limitError(_ finding: TestLimitFinding, schoolClass: SchoolClass) -> AssessmentError {
        .limit(finding, classId: schoolClass.id!, grade: schoolClass.gradeNumber, classNumber: schoolClass.number)
    }

    /// A guideline the test breaks, in the reader's language.
    static func warningText(key: String, rule: RuledValue, _ language: Language) -> String {
        Strings.text("tests.warning", language, [Strings.text("key." + key, language), rule.rule, rule.wording, rule.source])
    }

    /// The stored warnings of a test, in the reader's language.
    static func warningTexts(of test: SchoolTest, profile: PolicyProfile, _ language: Language) -> [String] {
        test.warningKeys.compactMap { key in
            profile.ruledValues.first { $0.key == key }.map { warningText(key: key, rule: $0.value, language) }
        }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }

    // MARK: one test

    /// The test, if the person may see it at all: staff of its class and its pupils' guardians; otherwise 404.
    static func visibleTest(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> (SchoolTest, SchoolClass) {
        guard let test = try await SchoolTest.find(id, on: db), test.districtId == actor.districtId,
              let schoolClass = try await SchoolClass.find(test.classId, on: db) else { throw AppError.notFound }
        guard actor.canSeeRoster(of: schoolClass.scope) || actor.isGuardian(in: schoolClass.id!) else { throw AppError.notFound }
        return (test, schoolClass)
    }

    /// May see and enter pupils' results: the class's teachers of the subject, its head teacher, the school's administrators.
    static func mayHandleResults(of test: SchoolTest, in schoolClass: SchoolClass, _ actor: Actor) -> Bool {
        guard test.districtId == actor.districtId else { return false }
        return actor.teaching.contains { $0.classId == test.classId && $0.subjectId == test.subjectId }
            || schoolClass.headTeacherId == actor.userId
            || actor.memberships.contains { $0.role == .headTeacher && $0.classId == test.classId }
            || actor.adminSchoolIds.contains(test.schoolId)
    }

    static func withdraw(_ id: UUID, reason raw: String, _ actor: Actor, on db: any Database) async throws -> SchoolTest {
        let (test, _) = try await visibleTest(id, actor, on: db)
        guard test.filedBy == actor.userId || actor.adminSchoolIds.contains(test.schoolId) else {
            throw AssessmentError.notYours
        }
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        try Validate.required(reason, field: "reason", label: "homework.reason", max: maxReasonLength)
        return try await db.writeTransaction { tx in
            guard let fresh = try await SchoolTest.find(id, on: tx), fresh.status == SchoolTest.Status.filed.rawValue else {
                throw AssessmentError.alreadyWithdrawn
            }
            let results = try await TestResult.query(on: tx).filter(\.$testId == id).count()
            guard results == 0 else { throw AssessmentError.hasResults }
            fresh.status = SchoolTest.Status.withdrawn.rawValue
            fresh.withdrawnReason = reason
            try await fresh.save(on: tx)
            try await tx.audit(actor, districtId: fresh.districtId, schoolId: fresh.schoolId, action: "test.withdraw", entity: "school_test",
                               entityId: fresh.id, detail: ["reason": reason, "statusBefore": SchoolTest.Status.filed.rawValue])
            return fresh
        }
    }

    // MARK: specification table

    static func attachSpecification(_ id: UUID, table: SpecificationTable, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> SchoolTest {
        let (test, schoolClass) = try await visibleTest(id, actor, on: db)
        guard test.filedBy == actor.userId || mayHandleResults(of: test, in: schoolClass, actor) else {
            throw AssessmentError.notYours
        }
        guard let context = try await ClassContext.load(test.classId, policies: policies, on: db) else { throw AppError.notFound }
        let rule = context.profile.tests.specification
        guard rule.applies(kind: TestKind(rawValue: test.kind), paper: test.paper, grade: test.gradeNumber) else {
            throw AssessmentError.specificationNotForThis(fromGrade: rule.fromGrade)
        }
        if let problem = table.problem(levels: rule.cognitiveLevels.count, fullMarks: test.fullMarks) {
            throw AssessmentError.specification(problem)
        }
        let encoded = json(table)
        return try await db.writeTransaction { tx in
            // One paper serves every class it was filed for together.
            let tests = try await SchoolTest.query(on: tx).filter(\.$filingId == test.filingId).all()
            for each in tests {
                let before = each.specification
                each.specification = encoded
                try await each.save(on: tx)
                try await tx.audit(actor, districtId: each.districtId, schoolId: each.schoolId, action: "test.specification", entity: "school_test",
                                   entityId: each.id, detail: ["before": before ?? "", "after": encoded])
            }
            return tests.first { $0.id == id } ?? test
        }
    }
}

extension AssessmentService {
    /// A test with what every view of it shows: its class, subject and the profile its warnings are read from.
    struct TestView: Sendable {
        let test: SchoolTest
        let gradeNumber: Int
        let classNumber: Int
        let subjectName: String
        let subjectNameEn: String
        let profile: PolicyProfile
    }

    static func testView(_ id: UUID, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> TestView {
        let (test, schoolClass) = try await visibleTest(id, actor, on: db)
        return try await view(test, schoolClass: schoolClass, policies: policies, on: db)
    }

    static func view(_ test: SchoolTest, schoolClass: SchoolClass, policies: PolicyStore, on db: any Database) async throws -> TestView {
        guard let subject = try await Subject.find(test.subjectId, on: db), let district = try await District.find(test.districtId, on: db) else {
            throw AppError.notFound
        }
        return TestView(test: test, gradeNumber: schoolClass.gradeNumber, classNumber: schoolClass.number, subjectName: subject.name,
                        subjectNameEn: subject.nameEn, profile: try policies.profile(for: district))
    }

    /// The class's tests of the current term (or of the term holding `date`), by date.
    static func classTests(_ classId: UUID, date: LocalDate? = nil, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> [TestView] {
        guard let context = try await ClassContext.load(classId, policies: policies, on: db),
              actor.canSeeRoster(of: context.scope) || actor.isGuardian(in: classId) else { throw AppError.notFound }
        let day = date ?? context.today()
        let calendar = try await CalendarQueries.calendar(districtId: context.district.id!, around: day, on: db)
        let tests = try await SchoolTest.query(on: db).filter(\.$classId == classId)
            .filter(\.$heldOn >= calendar.startsOn.iso).filter(\.$heldOn <= calendar.endsOn.iso)
            .sort(\.$heldOn).all()
        let subjects = Dictionary(try await Subject.query(on: db).filter(\.$districtId == context.district.id!).all().map { ($0.id!, $0) },
                                  uniquingKeysWith: { first, _ in first })
        return tests.map { test in
            TestView(test: test, gradeNumber: context.schoolClass.gradeNumber, classNumber: context.schoolClass.number,
                     subjectName: subjects[test.subjectId]?.name ?? "", subjectNameEn: subjects[test.subjectId]?.nameEn ?? "", profile: context.profile)
        }
    }

    static func levelScheme(ofPupil studentId: UUID, policies: PolicyStore, on db: any Database) async throws -> LevelScheme {
        guard let student = try await Student.find(studentId, on: db), let district = try await District.find(student.districtId, on: db) else {
            throw AppError.notFound
        }
        return try policies.profile(for: district).tests.levelScheme
    }
}
