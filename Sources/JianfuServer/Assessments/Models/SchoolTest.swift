import Fluent
import Foundation
import JianfuCore

/// A test filed for one class before it is held (测试备案).
final class SchoolTest: Model, @unchecked Sendable {
    static let schema = "school_tests"

    enum Status: String, Sendable {
        case filed
        case withdrawn
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "subject_id") var subjectId: UUID
    @Field(key: "filed_by") var filedBy: UUID
    /// One filing for several classes shares this id.
    @Field(key: "filing_id") var filingId: UUID
    @Field(key: "grade_number") var gradeNumber: Int
    @Field(key: "kind") var kind: String
    @Field(key: "paper") var paper: Bool
    @Field(key: "held_on") var heldOn: String
    @Field(key: "duration_minutes") var durationMinutes: Int
    @Field(key: "full_marks") var fullMarks: Int
    @Field(key: "title") var title: String
    /// Who sets and holds it (`TestOrganiser`); nil for tests filed before Jianfu asked, taken as the school's.
    @OptionalField(key: "organiser") var organiser: String?
    /// Where the paper comes from (`PaperSource`); nil where the filer did not say.
    @OptionalField(key: "paper_source") var paperSource: String?
    @Field(key: "status") var status: String
    /// Guideline rules the test breaks, as a JSON list of profile keys: shown wherever the test is.
    @Field(key: "warnings") var warnings: String
    /// The two-way specification table, as JSON.
    @OptionalField(key: "specification") var specification: String?
    @OptionalField(key: "withdrawn_reason") var withdrawnReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var planned: PlannedTest? {
        guard let kind = TestKind(rawValue: kind), let date = LocalDate(iso: heldOn) else { return nil }
        return PlannedTest(kind: kind, paper: paper, heldOn: date, title: title, organiser: organiser.flatMap(TestOrganiser.init) ?? .school,
                           paperSource: paperSource.flatMap(PaperSource.init))
    }

    var warningKeys: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(warnings.utf8))) ?? []
    }

    var specificationTable: SpecificationTable? {
        specification.flatMap { try? JSONDecoder().decode(SpecificationTable.self, from: Data($0.utf8)) }
    }
}

/// One pupil's result in a test: a score where the paper has one, and always its level.
final class TestResult: Model, @unchecked Sendable {
    static let schema = "test_results"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "test_id") var testId: UUID
    @Field(key: "student_id") var studentId: UUID
    @OptionalField(key: "score") var score: Double?
    @Field(key: "level") var level: String
    @Field(key: "entered_by") var enteredBy: UUID
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A filing the rules refused, kept so the academic office and the bureau see the attempts.
final class TestRefusal: Model, @unchecked Sendable {
    static let schema = "test_refusals"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "subject_id") var subjectId: UUID
    @Field(key: "actor_id") var actorId: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "paper") var paper: Bool
    @Field(key: "held_on") var heldOn: String
    @Field(key: "rule_key") var ruleKey: String
    @Field(key: "rule_id") var ruleId: String
    @Field(key: "at") var at: Date

    init() {}
}
