import Foundation

/// 家校协同 (seeds 004 §三(五)2, 000 §(六)): parent meetings, the parent school's lectures and the head teacher's online
/// talks, held for a class, a grade or the whole school.
public enum ParentEventKind: String, Codable, Sendable, CaseIterable {
    /// 家长会.
    case parentMeeting = "parent_meeting"
    /// 家长学校 lecture.
    case parentSchool = "parent_school"
    /// 班主任线上家长教育大讲堂.
    case onlineTalk = "online_talk"
}

/// Whose an event or a parent committee is: the school's, a grade's or a class's (三级家长委员会).
public enum ParentLevel: String, Codable, Sendable, CaseIterable {
    case school
    case grade
    case `class`
}

public enum ParentMeetings {
    public struct ClassRef: Sendable, Equatable {
        public let id: UUID
        public let grade: Int

        public init(id: UUID, grade: Int) {
            self.id = id
            self.grade = grade
        }
    }

    /// An event as coverage sees it: whom it was for.
    public struct Held: Sendable, Equatable {
        public let kind: ParentEventKind
        public let level: ParentLevel
        public let grade: Int?
        public let classId: UUID?

        public init(kind: ParentEventKind, level: ParentLevel, grade: Int?, classId: UUID?) {
            self.kind = kind
            self.level = level
            self.grade = grade
            self.classId = classId
        }

        /// Whether the event was for the class's families: the class's own, its grade's, or the school's.
        public func covers(_ schoolClass: ClassRef) -> Bool {
            switch level {
            case .school: true
            case .grade: grade == schoolClass.grade
            case .class: classId == schoolClass.id
            }
        }
    }

    /// The classes no event of the kind has covered (家长会全覆盖: every class's families met this term), in the order given.
    public static func uncovered(_ classes: [ClassRef], by events: [Held], kind: ParentEventKind) -> [UUID] {
        let held = events.filter { $0.kind == kind }
        return classes.filter { schoolClass in !held.contains { $0.covers(schoolClass) } }.map(\.id)
    }

    /// The share of families marked present, in whole percent rounded down (nil when nobody was marked).
    public static func attendancePercent(attended: Int, marked: Int) -> Int? {
        marked > 0 ? attended * 100 / marked : nil
    }
}
