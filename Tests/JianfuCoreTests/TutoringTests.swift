import Foundation
import JianfuCore
import Testing

/// 全员导师制 by hand: a school's grade of two classes, three teachers, the profile's limit of pupils per tutor.
@Suite struct TutoringTests {
    static func ids(_ n: Int) -> [UUID] { (0..<n).map { _ in UUID() } }

    let classA = UUID(), classB = UUID()

    @Test func theEvenSplitKeepsPairingsPrefersTheClassesTeachersAndStopsAtTheLimit() {
        let pupilsA = Self.ids(5), pupilsB = Self.ids(4)
        let pupils = pupilsA.map { Tutoring.Pupil(id: $0, classId: classA) } + pupilsB.map { Tutoring.Pupil(id: $0, classId: classB) }
        // 王 teaches class A, 李 class B, 张 both.
        let wang = Tutoring.Tutor(id: UUID(), classIds: [classA]), li = Tutoring.Tutor(id: UUID(), classIds: [classB])
        let zhang = Tutoring.Tutor(id: UUID(), classIds: [classA, classB])
        // One pairing made by hand stays, even with a teacher of another class.
        let split = Tutoring.evenSplit(pupils, tutors: [wang, li, zhang], existing: [pupilsB[0]: wang.id], limit: 3)
        #expect(split.assignments[pupilsB[0]] == wang.id)
        var load: [UUID: Int] = [:]
        for tutor in split.assignments.values { load[tutor, default: 0] += 1 }
        #expect(load == [wang.id: 3, li.id: 3, zhang.id: 3], "nine pupils, three tutors of at most three")
        // Class A's pupils went to its teachers (王 then 张 by load); class B's to 李 and 张.
        #expect(pupilsA.allSatisfy { [wang.id, zhang.id].contains(split.assignments[$0]!) })
        #expect(pupilsB.dropFirst().allSatisfy { [li.id, zhang.id].contains(split.assignments[$0]!) })
        #expect(split.unplaced.isEmpty)
    }

    @Test func pupilsNoTutorHasRoomForAreLeftForTheSchoolToSee() {
        let pupils = Self.ids(5).map { Tutoring.Pupil(id: $0, classId: classA) }
        let tutor = Tutoring.Tutor(id: UUID(), classIds: [classA])
        let split = Tutoring.evenSplit(pupils, tutors: [tutor], existing: [:], limit: 3)
        #expect(split.assignments.count == 3 && split.unplaced == pupils.suffix(2).map(\.id))
        // Without a limit from the profile, one tutor takes all.
        #expect(Tutoring.evenSplit(pupils, tutors: [tutor], existing: [:], limit: nil).unplaced.isEmpty)
        // Nobody to tutor: every pupil is unplaced, none lost.
        #expect(Tutoring.evenSplit(pupils, tutors: [], existing: [:], limit: 3).unplaced.count == 5)
    }

    @Test func pairingsWithPupilsOrTeachersOutsideThePlanAreDropped() {
        let pupil = Tutoring.Pupil(id: UUID(), classId: classA)
        let tutor = Tutoring.Tutor(id: UUID(), classIds: [classA])
        let left = UUID(), gone = UUID()
        let split = Tutoring.evenSplit([pupil], tutors: [tutor], existing: [left: tutor.id, pupil.id: gone], limit: 1)
        #expect(split.assignments == [pupil.id: tutor.id])
    }

    @Test func gapsShowPupilsWithoutATutorAndTutorsOverTheLimit() {
        let pupils = Self.ids(4)
        let tutor = UUID()
        let gaps = Tutoring.gaps(pupils: pupils, assignments: [pupils[0]: tutor, pupils[1]: tutor, pupils[2]: tutor], limit: 2)
        #expect(gaps.untutored == [pupils[3]] && gaps.overLimit == [tutor: 3])
        #expect(Tutoring.gaps(pupils: pupils, assignments: [pupils[0]: tutor], limit: nil).overLimit.isEmpty)
    }

    @Test func coverageCountsOnlyThePupilsOwnTutorsRequiredTasks() {
        let pupils = Self.ids(3)
        let tutor = UUID(), other = UUID()
        let assignments = [pupils[0]: tutor, pupils[1]: tutor, pupils[2]: tutor]
        let logs: [Tutoring.Logged] = [
            .init(pupil: pupils[0], tutor: tutor, task: .homeVisit), .init(pupil: pupils[0], tutor: tutor, task: .talk),
            .init(pupil: pupils[0], tutor: tutor, task: .writtenFeedback), .init(pupil: pupils[0], tutor: tutor, task: .talk),
            .init(pupil: pupils[1], tutor: tutor, task: .homeVisit),
            // Another teacher's visit is not the tutor's task.
            .init(pupil: pupils[2], tutor: other, task: .homeVisit),
        ]
        let all = Tutoring.coverage(pupils: pupils, assignments: assignments, logs: logs, required: [.homeVisit: 1, .talk: 1, .writtenFeedback: 1])
        #expect(all.complete == 1 && all.percent == 33)
        #expect(all.byTask == [.homeVisit: 2, .talk: 1, .writtenFeedback: 1])
        // A plan asking only for the home visit this period.
        let visits = Tutoring.coverage(pupils: pupils, assignments: assignments, logs: logs, required: [.homeVisit: 1])
        #expect(visits.complete == 2 && visits.percent == 66)
        #expect(Tutoring.coverage(pupils: [], assignments: [:], logs: [], required: [.talk: 1]).percent == nil)
    }

    @Test func aPlanAskingForATaskTwiceCountsItOnlyWhenDoneTwice() {
        let pupils = Self.ids(2)
        let tutor = UUID()
        let logs: [Tutoring.Logged] = [.init(pupil: pupils[0], tutor: tutor, task: .talk), .init(pupil: pupils[0], tutor: tutor, task: .talk),
                                       .init(pupil: pupils[1], tutor: tutor, task: .talk)]
        let coverage = Tutoring.coverage(pupils: pupils, assignments: [pupils[0]: tutor, pupils[1]: tutor], logs: logs, required: [.talk: 2, .homeVisit: 0])
        #expect(coverage.complete == 1 && coverage.byTask == [.talk: 1], "a task asked for no times is not required")
    }

    @Test func aWeekIsShortWhenTheTeacherVisitedFewerDifferentPupilsThanTheQuota() {
        let teacher = UUID(), other = UUID(), pupil = UUID(), second = UUID()
        // Mondays of three ended weeks: 2026-11-02, 11-09, 11-16.
        let weeks = ["2026-11-02", "2026-11-09", "2026-11-16"].map { LocalDate(iso: $0)! }
        let visits: [Tutoring.Visit] = [
            .init(teacher: teacher, pupil: pupil, date: LocalDate(iso: "2026-11-04")!),
            // The same pupil twice in one week is one pupil visited.
            .init(teacher: teacher, pupil: pupil, date: LocalDate(iso: "2026-11-10")!), .init(teacher: teacher, pupil: pupil, date: LocalDate(iso: "2026-11-13")!),
            .init(teacher: teacher, pupil: second, date: LocalDate(iso: "2026-11-15")!),
            .init(teacher: other, pupil: pupil, date: LocalDate(iso: "2026-11-17")!),
        ]
        #expect(Tutoring.shortVisitWeeks(visits, teacher: teacher, weeks: weeks, perWeek: 1) == [weeks[2]])
        #expect(Tutoring.shortVisitWeeks(visits, teacher: teacher, weeks: weeks, perWeek: 2) == [weeks[0], weeks[2]])
        #expect(Tutoring.shortVisitWeeks(visits, teacher: teacher, weeks: weeks, perWeek: nil).isEmpty, "no quota, nobody short")
    }
}

@Suite struct ParentMeetingTests {
    @Test func aClassIsCoveredByItsOwnItsGradesOrTheSchoolsMeetingOfThatKind() {
        let a = ParentMeetings.ClassRef(id: UUID(), grade: 4), b = ParentMeetings.ClassRef(id: UUID(), grade: 4)
        let c = ParentMeetings.ClassRef(id: UUID(), grade: 5), d = ParentMeetings.ClassRef(id: UUID(), grade: 6)
        let events: [ParentMeetings.Held] = [
            .init(kind: .parentMeeting, level: .class, grade: 4, classId: a.id),
            .init(kind: .parentMeeting, level: .grade, grade: 5, classId: nil),
            // A lecture of the parent school is not a parent meeting.
            .init(kind: .parentSchool, level: .school, grade: nil, classId: nil),
        ]
        #expect(ParentMeetings.uncovered([a, b, c, d], by: events, kind: .parentMeeting) == [b.id, d.id])
        #expect(ParentMeetings.uncovered([a, b, c, d], by: events, kind: .parentSchool).isEmpty, "the school's lecture covers every class")
        #expect(ParentMeetings.uncovered([a], by: [], kind: .onlineTalk) == [a.id])
    }

    @Test func attendanceIsTheShareOfFamiliesMarkedPresent() {
        #expect(ParentMeetings.attendancePercent(attended: 2, marked: 3) == 66)
        #expect(ParentMeetings.attendancePercent(attended: 0, marked: 0) == nil)
    }
}
