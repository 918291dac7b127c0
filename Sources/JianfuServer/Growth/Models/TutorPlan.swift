import Fluent
import Foundation
import JianfuCore

/// A school's tutor plan (全员导师制 "一校一策"): the grades whose pupils all have a tutor, and how many times a term each
/// tutor does each task for each pupil.
final class TutorPlan: Model, @unchecked Sendable {
    static let schema = "tutor_plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    /// The grades, as a JSON array of numbers.
    @Field(key: "grades") var grades: String
    /// Times a term per task, as a JSON object by `TutorTask` raw value.
    @Field(key: "tasks") var tasks: String
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var gradeNumbers: [Int] { JSONText.decode([Int].self, grades) ?? [] }

    var taskCounts: [TutorTask: Int] {
        let raw = JSONText.decode([String: Int].self, tasks) ?? [:]
        return Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in TutorTask(rawValue: key).map { ($0, value) } })
    }
}
