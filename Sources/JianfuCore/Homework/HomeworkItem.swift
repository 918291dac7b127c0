import Foundation

/// One homework item as the load arithmetic sees it: plain values, no storage.
public struct HomeworkItem: Sendable, Equatable {
    public let id: UUID
    public let subjectId: UUID
    public let kind: HomeworkKind
    /// 弹性作业: optional work, counted only if the profile says so.
    public let optional: Bool
    /// 分层作业 layer (A, B, C); nil when the item is not layered.
    public let tier: String?
    public let minutes: Int
    public let assignedOn: LocalDate
    public let dueOn: LocalDate

    public init(id: UUID = UUID(), subjectId: UUID, kind: HomeworkKind, optional: Bool = false, tier: String? = nil,
                minutes: Int, assignedOn: LocalDate, dueOn: LocalDate) {
        self.id = id
        self.subjectId = subjectId
        self.kind = kind
        self.optional = optional
        self.tier = tier
        self.minutes = minutes
        self.assignedOn = assignedOn
        self.dueOn = dueOn
    }
}
