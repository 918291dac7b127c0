import Foundation

/// 全员导师制 (seed 004 §三(五)): every pupil of the grades a school's plan names has a tutor, every teacher may be one;
/// each tutor owes each of their pupils a home visit, a heart-to-heart talk and a written feedback (the "三个一", EV-07).
public enum TutorTask: String, Codable, Sendable, CaseIterable {
    case homeVisit = "home_visit"
    case talk
    case writtenFeedback = "written_feedback"
}

public enum Tutoring {
    /// A pupil to place, with their class: a tutor who teaches the class is preferred.
    public struct Pupil: Sendable, Equatable {
        public let id: UUID
        public let classId: UUID

        public init(id: UUID, classId: UUID) {
            self.id = id
            self.classId = classId
        }
    }

    /// A teacher who may tutor, with the classes they teach.
    public struct Tutor: Sendable, Equatable {
        public let id: UUID
        public let classIds: Set<UUID>

        public init(id: UUID, classIds: Set<UUID>) {
            self.id = id
            self.classIds = classIds
        }
    }

    public struct Split: Sendable, Equatable {
        /// Pupil → tutor: the pairings kept and the new ones.
        public let assignments: [UUID: UUID]
        /// Pupils no tutor had room for: shown, for the school to add tutors or raise its limit.
        public let unplaced: [UUID]
    }

    /// The even split a school's administrator confirms: pairings already made are kept; each pupil without a tutor goes,
    /// in the order given, to the tutor with the fewest pupils among those who teach the pupil's class (else among all),
    /// ties to the earlier tutor, never past `limit` (the profile's pupils per tutor, when it sets one).
    public static func evenSplit(_ pupils: [Pupil], tutors: [Tutor], existing: [UUID: UUID], limit: Int?) -> Split {
        let tutorIds = Set(tutors.map(\.id)), pupilIds = Set(pupils.map(\.id))
        // A pairing with a pupil who left the plan's grades, or a teacher who no longer tutors, is not kept.
        var assignments = existing.filter { tutorIds.contains($0.value) && pupilIds.contains($0.key) }
        var load = Dictionary(uniqueKeysWithValues: tutors.map { ($0.id, 0) })
        for tutor in assignments.values { load[tutor, default: 0] += 1 }
        var unplaced: [UUID] = []
        for pupil in pupils where assignments[pupil.id] == nil {
            let open = tutors.filter { tutor in limit.map { load[tutor.id]! < $0 } ?? true }
            let teaching = open.filter { $0.classIds.contains(pupil.classId) }
            let candidates = teaching.isEmpty ? open : teaching
            // min(by:) keeps the first of equals: ties go to the earlier tutor.
            guard let chosen = candidates.min(by: { load[$0.id]! < load[$1.id]! }) else {
                unplaced.append(pupil.id)
                continue
            }
            assignments[pupil.id] = chosen.id
            load[chosen.id]! += 1
        }
        return Split(assignments: assignments, unplaced: unplaced)
    }

    public struct Gaps: Sendable, Equatable {
        /// Pupils of the plan's grades without a tutor, in the order given.
        public let untutored: [UUID]
        /// Tutors holding more pupils than the limit, with how many they hold.
        public let overLimit: [UUID: Int]
    }

    /// What a school's plan falls short of: pupils without a tutor, and tutors over the limit.
    public static func gaps(pupils: [UUID], assignments: [UUID: UUID], limit: Int?) -> Gaps {
        var load: [UUID: Int] = [:]
        for pupil in pupils { if let tutor = assignments[pupil] { load[tutor, default: 0] += 1 } }
        return Gaps(untutored: pupils.filter { assignments[$0] == nil },
                    overLimit: limit.map { max in load.filter { $0.value > max } } ?? [:])
    }

    /// One logged task: a tutor's home visit, talk or written feedback for a pupil.
    public struct Logged: Sendable, Equatable {
        public let pupil: UUID
        public let tutor: UUID
        public let task: TutorTask

        public init(pupil: UUID, tutor: UUID, task: TutorTask) {
            self.pupil = pupil
            self.tutor = tutor
            self.task = task
        }
    }

    public struct Coverage: Sendable, Equatable {
        public let pupils: Int
        /// Pupils whose tutor has done every required task for them, as often as the plan asks.
        public let complete: Int
        /// Each required task: for how many pupils their own tutor has done it as often as the plan asks.
        public let byTask: [TutorTask: Int]

        /// The share of pupils fully covered, in whole percent rounded down (nil without pupils): 99 % is not all.
        public var percent: Int? { pupils > 0 ? complete * 100 / pupils : nil }
    }

    /// Coverage of the period's logs against the plan's tasks, each required `count` times (one, for the "三个一"). A
    /// task counts for a pupil only when their tutor at the time of counting logged it: a visit by another teacher is a
    /// home visit (counted for that teacher's weekly quota), not the tutor's task.
    public static func coverage(pupils: [UUID], assignments: [UUID: UUID], logs: [Logged], required: [TutorTask: Int]) -> Coverage {
        let required = required.filter { $0.value > 0 }
        var done: [UUID: [TutorTask: Int]] = [:]
        for log in logs where assignments[log.pupil] == log.tutor && required[log.task] != nil { done[log.pupil, default: [:]][log.task, default: 0] += 1 }
        var byTask = required.mapValues { _ in 0 }
        var complete = 0
        for pupil in pupils {
            let tasks = done[pupil] ?? [:]
            for task in required.keys where tasks[task, default: 0] >= required[task]! { byTask[task]! += 1 }
            if isComplete(tasks, required: required) { complete += 1 }
        }
        return Coverage(pupils: pupils.count, complete: complete, byTask: byTask)
    }

    /// Whether a pupil's tasks done by their tutor meet every task the plan asks for (a plan asking for none: never).
    public static func isComplete(_ done: [TutorTask: Int], required: [TutorTask: Int]) -> Bool {
        let required = required.filter { $0.value > 0 }
        return !required.isEmpty && required.allSatisfy { done[$0.key, default: 0] >= $0.value }
    }

    /// One home visit: who visited which pupil on which day.
    public struct Visit: Sendable, Equatable {
        public let teacher: UUID
        public let pupil: UUID
        public let date: LocalDate

        public init(teacher: UUID, pupil: UUID, date: LocalDate) {
            self.teacher = teacher
            self.pupil = pupil
            self.date = date
        }
    }

    /// The ended weeks (their Mondays, from `RoutineQuota.endedWeeks`) in which a teacher visited fewer different pupils
    /// than the weekly quota (seed 000: at least one); none without a quota.
    public static func shortVisitWeeks(_ visits: [Visit], teacher: UUID, weeks: [LocalDate], perWeek: Int?) -> [LocalDate] {
        var pupilsByWeek: [LocalDate: Set<UUID>] = [:]
        for visit in visits where visit.teacher == teacher { pupilsByWeek[RoutineQuota.monday(of: visit.date), default: []].insert(visit.pupil) }
        return RoutineQuota.shortWeeks(minutesByWeek: pupilsByWeek.mapValues(\.count), weeks: weeks, required: perWeek)
    }
}
