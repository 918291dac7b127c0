/// An institution's licence as an explicit life-cycle: each change is an event with its date and who decided, nothing is
/// deleted, and a cancelled or revoked licence returns only through a new approval (which, for subject training, OT-01
/// no longer allows).
public enum InstitutionStatus: String, Codable, Sendable, CaseIterable {
    /// Registered with the bureau, not yet approved.
    case pending
    case approved
    /// 停业整顿: may not train until reinstated.
    case suspended
    /// 注销: closed at its own request or at the end of its licence.
    case cancelled
    /// 吊销: the licence withdrawn.
    case revoked
}

public enum InstitutionEvent: String, Codable, Sendable, CaseIterable {
    /// 审批: a (new) approval.
    case approve
    /// 年检: the yearly inspection, passed.
    case annualReview = "annual_review"
    /// 变更: a change of name, address or scope, recorded.
    case change
    case suspend
    case reinstate
    case cancel
    case revoke
}

public enum InstitutionLifecycle {
    public enum Refusal: Error, Equatable, Sendable {
        /// The event cannot happen in the status the institution is in.
        case notFrom(InstitutionStatus, InstitutionEvent)
        /// OT-01: no new approval of subject training for compulsory-education pupils after the date.
        case noNewSubjectApprovals(since: LocalDate)
    }

    /// The statuses each event may start from, and where it leads.
    static let moves: [InstitutionEvent: (from: Set<InstitutionStatus>, to: InstitutionStatus?)] = [
        .approve: ([.pending, .cancelled, .revoked], .approved),
        .annualReview: ([.approved], nil),
        .change: ([.approved, .suspended], nil),
        .suspend: ([.approved], .suspended),
        .reinstate: ([.suspended], .approved),
        .cancel: ([.pending, .approved, .suspended], .cancelled),
        .revoke: ([.approved, .suspended], .revoked),
    ]

    /// The events an institution in a status may take, in their order.
    public static func events(from status: InstitutionStatus) -> [InstitutionEvent] {
        InstitutionEvent.allCases.filter { moves[$0]!.from.contains(status) }
    }

    /// The status after the event, or why it may not happen. `subjectApprovalsEnded` is OT-01's date: a subject
    /// institution's approval dated on or after it is refused.
    public static func apply(_ event: InstitutionEvent, to status: InstitutionStatus, kind: TrainingKind, on date: LocalDate,
                             subjectApprovalsEnded: LocalDate) throws(Refusal) -> InstitutionStatus {
        let move = moves[event]!
        guard move.from.contains(status) else { throw .notFrom(status, event) }
        if event == .approve, kind == .subject, date >= subjectApprovalsEnded { throw .noNewSubjectApprovals(since: subjectApprovalsEnded) }
        return move.to ?? status
    }
}

/// How many institutions held a licence on a day, read back from their recorded steps: the reduction of subject
/// institutions since a baseline (seed 001: 32 → 11, a 66 % cut) comes from the register's own history.
public enum InstitutionHistory {
    /// The status after the last step on or before the day; nil before the first step.
    public static func status(on day: LocalDate, steps: [(date: LocalDate, to: InstitutionStatus)]) -> InstitutionStatus? {
        steps.filter { $0.date <= day }.sorted { $0.date < $1.date }.last?.to
    }

    /// Licensed means approved, or suspended while keeping the licence.
    public static func isLicensed(_ status: InstitutionStatus?) -> Bool { status == .approved || status == .suspended }

    /// The cut in whole percent, rounded half up; nil without a baseline.
    public static func reductionPercent(baseline: Int, now: Int) -> Int? {
        guard baseline > 0 else { return nil }
        return ((baseline - now) * 200 + baseline) / (2 * baseline)
    }
}

/// The public lists (公示): the white list holds approved institutions in good standing whose fees are published; the
/// black list those the bureau lists for a reason (失信, 违规办学); a grey list, if the district keeps one, those under
/// watch.
public enum PublicListing: String, Codable, Sendable, CaseIterable {
    case white
    case grey
    case black

    /// Which list an institution is on, if any: a listing the bureau made wins, then an approved institution with its
    /// fees published is white.
    public static func of(status: InstitutionStatus, listed: PublicListing?, feesPublished: Bool) -> PublicListing? {
        if let listed, listed != .white { return listed }
        return status == .approved && feesPublished ? .white : nil
    }
}
