import Fluent
import Foundation
import JianfuCore

/// One homework item filed for one class; filing to parallel classes makes one entry per class with a shared `filingId`.
final class HomeworkEntry: Model, @unchecked Sendable {
    static let schema = "homework_entries"

    enum Status: String, Codable, Sendable, CaseIterable {
        case pendingReview = "pending_review"
        case returned
        case published
        case withdrawn
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "subject_id") var subjectId: UUID
    @Field(key: "teacher_id") var teacherId: UUID
    @Field(key: "filing_id") var filingId: UUID
    @Field(key: "assigned_on") var assignedOn: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "kind") var kind: String
    @Field(key: "optional") var optional: Bool
    @OptionalField(key: "tier") var tier: String?
    @Field(key: "minutes") var minutes: Int
    @Field(key: "content") var content: String
    @Field(key: "status") var status: String
    /// The review step the entry waits at, while pending.
    @OptionalField(key: "review_step") var reviewStep: String?
    /// Filed over the cap with the school's permission: the reason inspectors see.
    @OptionalField(key: "override_reason") var overrideReason: String?
    @Field(key: "possibly_repetitive") var possiblyRepetitive: Bool
    /// The content rules that flag the text (strength `flag`), as `ContentFlags` stores them; nil when none.
    @OptionalField(key: "content_flags") var contentFlags: String?
    /// When parents may see it: the school's publication time on the day, or approval if later.
    @OptionalField(key: "visible_from") var visibleFrom: Date?
    @OptionalField(key: "withdrawn_reason") var withdrawnReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var item: HomeworkItem {
        HomeworkItem(id: id ?? UUID(), subjectId: subjectId, kind: HomeworkKind(rawValue: kind) ?? .written, optional: optional, tier: tier,
                     minutes: minutes, assignedOn: LocalDate(iso: assignedOn)!, dueOn: LocalDate(iso: dueOn)!)
    }
}

/// The rule ids that flag an entry's text, stored as one comma-separated column.
enum ContentFlags {
    static func stored(_ rules: [String]) -> String? { rules.isEmpty ? nil : rules.joined(separator: ",") }
    static func rules(_ stored: String?) -> [String] { stored?.split(separator: ",").map(String.init) ?? [] }
}
