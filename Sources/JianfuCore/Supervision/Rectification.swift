/// The life of a rectification task (整改): the school answers with what it did, the inspector accepts it or reopens it
/// with a reason, and the school answers again. Accepted is the end; nothing is deleted on the way.
public enum RectificationStatus: String, Codable, Sendable, CaseIterable {
    case open
    case responded
    case accepted
    case reopened

    /// Waiting for the school: late once its deadline has passed.
    public var awaitsSchool: Bool { self == .open || self == .reopened }
}

public enum RectificationAction: String, Codable, Sendable {
    case respond
    case accept
    case reopen
}

public enum RectificationProblem: Error, Equatable, Sendable {
    case deadlineBeforeVisit(deadline: LocalDate, visit: LocalDate)
    case notNow(status: RectificationStatus, action: RectificationAction)
    case reasonRequired
    case deadlinePassed(LocalDate)
}

public enum RectificationRules {
    /// A task's deadline is on or after the visit that found the problem.
    public static func checkDeadline(_ deadline: LocalDate, visit: LocalDate) throws(RectificationProblem) {
        guard deadline >= visit else { throw .deadlineBeforeVisit(deadline: deadline, visit: visit) }
    }

    /// The status an action leads to, or why it cannot be taken now. Reopening needs a reason.
    public static func next(_ status: RectificationStatus, _ action: RectificationAction, reason: String? = nil) throws(RectificationProblem)
        -> RectificationStatus {
        switch (status, action) {
        case (.open, .respond), (.reopened, .respond): return .responded
        case (.responded, .accept): return .accepted
        case (.responded, .reopen):
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .reasonRequired }
            return .reopened
        default: throw .notNow(status: status, action: action)
        }
    }

    /// A reopened task may be given a new deadline: not one already past.
    public static func checkNewDeadline(_ deadline: LocalDate, today: LocalDate) throws(RectificationProblem) {
        guard deadline >= today else { throw .deadlinePassed(deadline) }
    }

    public static func isOverdue(_ status: RectificationStatus, deadline: LocalDate, today: LocalDate) -> Bool {
        status.awaitsSchool && today > deadline
    }

    /// Days past the deadline (0 when not overdue).
    public static func daysOverdue(_ status: RectificationStatus, deadline: LocalDate, today: LocalDate) -> Int {
        isOverdue(status, deadline: deadline, today: today) ? today.dayNumber - deadline.dayNumber : 0
    }
}
