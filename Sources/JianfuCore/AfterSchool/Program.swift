import Foundation

/// What a program offers (AS-07): homework guidance and the activities the national wording lists.
public enum ProgramCategory: String, Codable, Sendable, CaseIterable {
    case homeworkGuidance = "homework_guidance"
    case science
    case sport
    case art
    case labour
    case reading
    case interestGroup = "interest_group"
    case club
}

/// Who runs a program. An institution comes from the district's approved list and an outside person is vetted
/// first (AS-11).
public enum ProgramStaffKind: String, Codable, Sendable, CaseIterable {
    case teacher
    case retiredTeacher = "retired_teacher"
    case outsidePerson = "outside_person"
    case institution
    case volunteer
}

/// When and where a program meets, and who runs it, as the clash check needs it.
public struct ProgramSlot: Equatable, Sendable {
    public let name: String
    public let weekdays: Set<Int>
    public let start: TimeOfDay
    public let end: TimeOfDay
    public let room: String
    /// The same string for the same person or institution (an account's id, a provider's id, a typed name).
    public let staffKey: String

    public init(name: String, weekdays: Set<Int>, start: TimeOfDay, end: TimeOfDay, room: String, staffKey: String) {
        self.name = name
        self.weekdays = weekdays
        self.start = start
        self.end = end
        self.room = room
        self.staffKey = staffKey
    }

    /// Rooms are typed by hand: "302 教室" and "302教室" are one room.
    var roomKey: String { room.filter { !$0.isWhitespace }.lowercased() }

    func overlaps(_ other: ProgramSlot) -> Bool {
        !weekdays.isDisjoint(with: other.weekdays) && start < other.end && other.start < end
    }
}

public enum ProgramClash: Equatable, Sendable {
    case room(other: String, weekday: Int)
    case staff(other: String, weekday: Int)
}

public enum ProgramRules {
    /// The first clash of a slot with the school's other programs: one room or one person in two sessions at once.
    public static func clash(of slot: ProgramSlot, with others: [ProgramSlot]) -> ProgramClash? {
        for other in others where slot.overlaps(other) {
            let weekday = slot.weekdays.intersection(other.weekdays).min()!
            if !slot.roomKey.isEmpty, slot.roomKey == other.roomKey { return .room(other: other.name, weekday: weekday) }
            if slot.staffKey == other.staffKey { return .staff(other: other.name, weekday: weekday) }
        }
        return nil
    }

    /// The first grade and weekday of a program on which the school's plan has no 课后服务 time.
    public static func outsidePlan(grades: [Int], weekdays: Set<Int>, plan: ServicePlan) -> (grade: Int, weekday: Int)? {
        for grade in grades.sorted() {
            let days = plan.serviceWeekdays(grade: grade)
            if let weekday = weekdays.sorted().first(where: { !days.contains($0) }) { return (grade, weekday) }
        }
        return nil
    }
}
