import Fluent
import Foundation
import JianfuCore

/// A school's 综合素质评价 chain: whether a group's peer evaluation and the class's overall evaluation are held.
final class EvaluationChainRow: Model, @unchecked Sendable {
    static let schema = "evaluation_chains"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "group_step") var groupStep: Bool
    @Field(key: "class_step") var classStep: Bool
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// A factual record (写实记录) in one of the five dimensions, entered for the pupil by their guardian, with its evidence.
final class QualityRecord: Model, @unchecked Sendable {
    static let schema = "quality_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "dimension") var dimension: String
    @Field(key: "occurred_on") var occurredOn: String
    @Field(key: "fact") var fact: String
    @Field(key: "evidence") var evidence: String
    @Field(key: "entered_by") var enteredBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A pupil's monthly summary (月小结), `yyyy-MM`.
final class QualitySummary: Model, @unchecked Sendable {
    static let schema = "quality_summaries"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "month") var month: String
    @Field(key: "text") var text: String
    @Field(key: "written_by") var writtenBy: UUID
    @Field(key: "written_at") var writtenAt: Date

    init() {}
}

/// A pupil's term evaluation as it passes the chain (`EvaluationStage`): the pupil's term summary (学期总结, the self
/// evaluation), the group's and the class's evaluations, the school's note; sealed after the class's display.
final class QualityEvaluation: Model, @unchecked Sendable {
    static let schema = "quality_evaluations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "student_id") var studentId: UUID
    @Field(key: "stage") var stage: String
    @Field(key: "self_text") var selfText: String
    @Field(key: "group_text") var groupText: String
    @Field(key: "class_text") var classText: String
    @Field(key: "school_note") var schoolNote: String
    /// Why a reviewer sent it back to the pupil, shown until it is submitted again.
    @Field(key: "returned_note") var returnedNote: String
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "sealed_at") var sealedAt: Date?

    init() {}

    /// What the step wrote: the pupil's term summary, the group's and the class's evaluations, the school's note.
    func text(of step: EvaluationStage) -> String {
        switch step {
        case .selfReview: selfText
        case .group: groupText
        case .classReview: classText
        default: schoolNote
        }
    }
}

/// A class's public display (公示) of its term evaluations.
final class QualityDisplay: Model, @unchecked Sendable {
    static let schema = "quality_displays"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "term_id") var termId: UUID
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "working_days") var workingDays: Int
    @Field(key: "started_by") var startedBy: UUID
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "sealed_by") var sealedBy: UUID?
    @OptionalField(key: "sealed_at") var sealedAt: Date?

    init() {}
}

/// A guardian's objection to a displayed evaluation, and the school's answer.
final class QualityObjection: Model, @unchecked Sendable {
    static let schema = "quality_objections"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "display_id") var displayId: UUID
    @Field(key: "evaluation_id") var evaluationId: UUID
    @Field(key: "raised_by") var raisedBy: UUID
    @Field(key: "raised_at") var raisedAt: Date
    @Field(key: "text") var text: String
    @Field(key: "answer") var answer: String
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @OptionalField(key: "answered_at") var answeredAt: Date?

    init() {}
}

/// A note added to a sealed evaluation: the only change a sealed record takes.
final class QualityAnnotation: Model, @unchecked Sendable {
    static let schema = "quality_annotations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "evaluation_id") var evaluationId: UUID
    @Field(key: "text") var text: String
    @Field(key: "written_by") var writtenBy: UUID
    @Field(key: "written_at") var writtenAt: Date

    init() {}
}
