import Fluent
import Foundation
import JianfuCore

extension BenchData {
    /// The tutor system at scale, as the demo has it: every school's plan (primary grades 4 to 6, every junior grade),
    /// tutors for every pupil of them by the even split, and this term so far of tasks with gaps (seven pupils in ten
    /// talked to, half with a written feedback, four in ten visited). `bench-teacher` heads grade 4 class 1 of the first
    /// school, the bench parent's class: the head teacher's class page and the tutor desk are load-run as them.
    static func growth(_ district: District, bureau: UUID, today: LocalDate, on db: any Database, rng: inout SeededGenerator) async throws -> Int {
        let districtId = district.id!
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db),
              let termStart = LocalDate(iso: term.startsOn),
              let teacher = try await User.query(on: db).filter(\.$username == "bench-teacher").first(),
              let parent = try await User.query(on: db).filter(\.$username == "bench-parent").first(),
              let child = try await Guardianship.query(on: db).filter(\.$guardianId == parent.id!).first(),
              let childClass = try await Student.find(child.studentId, on: db).map(\.classId) else { return 0 }
        let now = Date()
        try await SchoolClass.query(on: db).filter(\.$id == childClass).set(\.$headTeacherId, to: teacher.id!).update()
        try await RoleMembership(districtId: districtId, userId: teacher.id!, role: .headTeacher, schoolId: child.schoolId, classId: childClass).create(on: db)
        let days = max(1, today.dayNumber - termStart.dayNumber)
        var rows = 0
        for school in try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all() {
            let grades = school.stage == SchoolStage.primary.rawValue ? [4, 5, 6] : [7, 8, 9]
            let pupils = try await TutoringQueries.pupils(schoolId: school.id!, grades: grades, on: db)
            let tutors = try await TutoringService.tutors(schoolId: school.id!, districtId: districtId, on: db)
            let split = Tutoring.evenSplit(pupils.map { .init(id: $0.id, classId: $0.class_id) }, tutors: tutors, existing: [:], limit: nil)
            var assignments: [[any Encodable & Sendable]] = [], logs: [[any Encodable & Sendable]] = []
            for (student, tutor) in split.assignments.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                assignments.append([UUID(), districtId, school.id!, student, tutor, bureau, now])
            }
            func log(_ student: UUID, _ tutor: UUID, _ task: TutorTask, _ summary: String, present: String = "") {
                var date = termStart.adding(days: Int(rng.below(UInt64(days))))
                while date.weekday > 5 { date = date.adding(days: -1) }
                logs.append([UUID(), districtId, school.id!, term.id!, student, tutor, task.rawValue, max(date, termStart).iso, present, summary,
                             task == .writtenFeedback && rng.below(10) < 6 ? now : Date?.none, UUID?.none, now] as [any Encodable & Sendable])
            }
            for pupil in pupils {
                guard let tutor = split.assignments[pupil.id] else { continue }
                if rng.below(10) < 7 { log(pupil.id, tutor, .talk, GrowthDemo.talks[Int(rng.below(UInt64(GrowthDemo.talks.count)))]) }
                if rng.below(10) < 5 { log(pupil.id, tutor, .writtenFeedback, GrowthDemo.feedbacks[Int(rng.below(UInt64(GrowthDemo.feedbacks.count)))]) }
                if rng.below(10) < 4 { log(pupil.id, tutor, .homeVisit, GrowthDemo.visits[Int(rng.below(UInt64(GrowthDemo.visits.count)))], present: "家长、学生本人") }
            }
            let plan: [any Encodable & Sendable] = [UUID(), districtId, school.id!, JSONText.encode(grades),
                                                    JSONText.encode(Dictionary(uniqueKeysWithValues: TutorTask.allCases.map { ($0.rawValue, 1) })), bureau, now]
            let batch = (assignments, logs)
            try await db.writeTransaction { tx in
                try await BulkInsert.insert(into: TutorPlan.schema, columns: ["id", "district_id", "school_id", "grades", "tasks", "updated_by", "updated_at"],
                                            rows: [plan], on: tx)
                try await BulkInsert.insert(into: TutorAssignment.schema, columns: ["id", "district_id", "school_id", "student_id", "tutor_id", "assigned_by",
                                                                                   "assigned_at"], rows: batch.0, on: tx)
                try await BulkInsert.insert(into: TutorLog.schema, columns: ["id", "district_id", "school_id", "term_id", "student_id", "teacher_id", "kind",
                                                                            "held_on", "present", "summary", "acknowledged_at", "acknowledged_by", "created_at"],
                                            rows: batch.1, on: tx)
            }
            rows += 1 + assignments.count + logs.count
        }
        return rows
    }
}
