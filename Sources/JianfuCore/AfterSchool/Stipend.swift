/// The district's stipend for after-school staff (AS-08): by the hour, by the session, or both; none until it sets one.
public struct StipendRates: Equatable, Sendable {
    public let perHourYuan: Int?
    public let perSessionYuan: Int?

    public init(perHourYuan: Int?, perSessionYuan: Int?) {
        self.perHourYuan = perHourYuan
        self.perSessionYuan = perSessionYuan
    }

    public var isSet: Bool { perHourYuan != nil || perSessionYuan != nil }
}

/// The sessions a program held in a month: those whose register was taken.
public struct HeldSessions: Equatable, Sendable {
    /// The same string for the same person or institution (`ProgramSlot.staffKey`).
    public let staffKey: String
    public let staffName: String
    public let staffKind: ProgramStaffKind
    public let programName: String
    public let sessions: Int
    public let minutesEach: Int

    public init(staffKey: String, staffName: String, staffKind: ProgramStaffKind, programName: String, sessions: Int, minutesEach: Int) {
        self.staffKey = staffKey
        self.staffName = staffName
        self.staffKind = staffKind
        self.programName = programName
        self.sessions = sessions
        self.minutesEach = minutesEach
    }
}

/// One staff member's month: sessions, minutes and the stipend owed, in fen.
public struct StipendLine: Equatable, Sendable {
    public let staffKey: String
    public let staffName: String
    public let staffKind: ProgramStaffKind
    public let programs: [String]
    public let sessions: Int
    public let minutes: Int
    /// Nil where no stipend is owed by these rates: the district has set none, the staff member is a volunteer, or an
    /// institution paid under its service agreement (AS-11).
    public let owedFen: Int?
}

public enum Stipends {
    /// Volunteers are unpaid and institutions are paid under their agreement with the district, not by the stipend.
    public static func drawsStipend(_ kind: ProgramStaffKind) -> Bool {
        switch kind {
        case .teacher, .retiredTeacher, .outsidePerson: true
        case .institution, .volunteer: false
        }
    }

    /// The stipend for a month's sessions and minutes, in fen: the hourly rate pro rata to the minute, rounded half up
    /// to the fen, plus the rate per session.
    public static func owedFen(sessions: Int, minutes: Int, rates: StipendRates) -> Int {
        let hourly = rates.perHourYuan.map { (2 * $0 * 100 * minutes + 60) / 120 } ?? 0
        return hourly + (rates.perSessionYuan ?? 0) * 100 * sessions
    }

    /// Each staff member's month, by name: one line per person or institution, whatever number of programs they run.
    public static func lines(_ held: [HeldSessions], rates: StipendRates) -> [StipendLine] {
        Dictionary(grouping: held, by: \.staffKey).map { key, group in
            let first = group[0]
            let sessions = group.reduce(0) { $0 + $1.sessions }
            let minutes = group.reduce(0) { $0 + $1.sessions * $1.minutesEach }
            let owed = rates.isSet && drawsStipend(first.staffKind) ? owedFen(sessions: sessions, minutes: minutes, rates: rates) : nil
            return StipendLine(staffKey: key, staffName: first.staffName, staffKind: first.staffKind,
                               programs: Array(Set(group.map(\.programName))).sorted(), sessions: sessions, minutes: minutes, owedFen: owed)
        }.sorted { ($0.staffName, $0.staffKey) < ($1.staffName, $1.staffKey) }
    }

    /// "1234.50": fen as yuan, as a spreadsheet reads it.
    public static func yuan(fen: Int) -> String {
        let cents = fen % 100
        return "\(fen / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
