/// The steps of a school's homework review, in their fixed order (seed 000: 学科组长把关 →
/// 班主任协调 → 教务处审核). A school switches each step on or off.
public enum ReviewStep: String, Codable, Sendable, CaseIterable {
    case subjectLeader = "subject_leader"
    case headTeacher = "head_teacher"
    case academicOffice = "academic_office"
}

public struct ReviewChain: Sendable, Equatable {
    public let steps: [ReviewStep]

    public init(subjectLeader: Bool, headTeacher: Bool, academicOffice: Bool) {
        var steps: [ReviewStep] = []
        if subjectLeader { steps.append(.subjectLeader) }
        if headTeacher { steps.append(.headTeacher) }
        if academicOffice { steps.append(.academicOffice) }
        self.steps = steps
    }

    /// Where a newly filed or resubmitted item waits; nil when the chain is off and it is published at once.
    public var firstStep: ReviewStep? { steps.first }

    /// The step after an approval; nil when the item is approved by the last step and is published.
    public func step(after step: ReviewStep) -> ReviewStep? {
        guard let index = steps.firstIndex(of: step), index + 1 < steps.count else { return nil }
        return steps[index + 1]
    }
}

/// Text people type, as compared for "the same homework again": spacing and punctuation width do not matter.
public enum HomeworkText {
    public static func normalised(_ text: String) -> String {
        text.lowercased().filter { !$0.isWhitespace && !$0.isPunctuation }
    }
}
