import Fluent
import Foundation
import JianfuCore

/// The demo's tutor system: every school's plan (the primary schools chose grades 4 to 6, the junior schools keep every
/// grade), tutors for every pupil of those grades by the even split, and the term so far of tasks logged with gaps:
/// pupils nobody has visited, feedback guardians have not read, weeks a teacher visited nobody. The demo `teacher` is
/// the tutor of the demo parent's child, with a written feedback not yet read and a home visit the parent cannot read.
enum GrowthDemo {
    static func seed(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        var rng = SeededGenerator(seed: 2021_09)
        let districtId = district.id!
        // Seed 000's weekly home visit, which the demo district sets for itself (no national number exists).
        var adjustments = try PolicyStore.adjustments(of: district)
        adjustments["growth.homeVisitsPerTeacherWeek"] = 1
        district.policyAdjustments = JSONText.encode(adjustments)
        try await district.save(on: db)
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db),
              let termStart = LocalDate(iso: term.startsOn) else { return }
        let principal = try await User.query(on: db).filter(\.$username == "principal").first()
        let teacher = try await User.query(on: db).filter(\.$username == "teacher").first()
        let parent = try await User.query(on: db).filter(\.$username == "parent").first()
        guard let principal, let teacher, let parent else { return }
        let child = try await Guardianship.query(on: db).filter(\.$guardianId == parent.id!).first()?.studentId
        let now = Date()
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all()
        var assignments: [[any Encodable & Sendable]] = []
        var logs: [[any Encodable & Sendable]] = []
        let days = max(1, today.dayNumber - termStart.dayNumber)
        func day() -> LocalDate {
            var date = termStart.adding(days: Int(rng.next() % UInt64(days)))
            // Tutors visit and talk on school days.
            while date.weekday > 5 { date = date.adding(days: -1) }
            return max(date, termStart)
        }
        func log(_ school: UUID, _ student: UUID, _ teacherId: UUID, _ task: TutorTask, _ date: LocalDate, _ summary: String, present: String = "",
                 acknowledged: Bool = false) {
            logs.append([UUID(), districtId, school, term.id!, student, teacherId, task.rawValue, date.iso, present, summary,
                         acknowledged ? now : Date?.none, UUID?.none, now] as [any Encodable & Sendable])
        }
        for school in schools {
            let isPrimary = school.stage == SchoolStage.primary.rawValue
            let plan = TutorPlan()
            plan.districtId = districtId
            plan.schoolId = school.id!
            plan.grades = JSONText.encode(isPrimary ? [4, 5, 6] : [7, 8, 9])
            plan.tasks = JSONText.encode(Dictionary(uniqueKeysWithValues: TutorTask.allCases.map { ($0.rawValue, 1) }))
            plan.updatedBy = principal.id!
            plan.updatedAt = now
            try await plan.create(on: db)
            let pupils = try await TutoringQueries.pupils(schoolId: school.id!, grades: plan.gradeNumbers, on: db)
            let tutors = try await TutoringService.tutors(schoolId: school.id!, districtId: districtId, on: db)
            var existing: [UUID: UUID] = [:]
            if let child, pupils.contains(where: { $0.id == child }) { existing[child] = teacher.id! }
            let split = Tutoring.evenSplit(pupils.map { .init(id: $0.id, classId: $0.class_id) }, tutors: tutors, existing: existing, limit: nil)
            for (student, tutor) in split.assignments.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                assignments.append([UUID(), districtId, school.id!, student, tutor, principal.id!, now])
            }
            for pupil in pupils {
                guard let tutor = split.assignments[pupil.id], pupil.id != child else { continue }
                if rng.next() % 10 < 7 { log(school.id!, pupil.id, tutor, .talk, day(), talks[Int(rng.next() % UInt64(talks.count))]) }
                if rng.next() % 10 < 5 {
                    log(school.id!, pupil.id, tutor, .writtenFeedback, day(), feedbacks[Int(rng.next() % UInt64(feedbacks.count))], acknowledged: rng.next() % 10 < 6)
                }
                if rng.next() % 10 < 4 { log(school.id!, pupil.id, tutor, .homeVisit, day(), visits[Int(rng.next() % UInt64(visits.count))], present: "家长、学生本人") }
            }
        }
        if let child, let school = try await Student.find(child, on: db)?.schoolId {
            log(school, child, teacher.id!, .homeVisit, max(termStart, today.adding(days: -9)), "了解孩子在家作息，家长反映作业能在半小时内完成。", present: "母亲、学生本人")
            log(school, child, teacher.id!, .writtenFeedback, max(termStart, today.adding(days: -2)), "这学期你上课更专注了，数学作业也按时完成，继续保持！")
        }
        try await BulkInsert.insert(into: TutorAssignment.schema, columns: ["id", "district_id", "school_id", "student_id", "tutor_id", "assigned_by", "assigned_at"],
                                    rows: assignments, on: db)
        try await BulkInsert.insert(into: TutorLog.schema, columns: ["id", "district_id", "school_id", "term_id", "student_id", "teacher_id", "kind", "held_on",
                                                                      "present", "summary", "acknowledged_at", "acknowledged_by", "created_at"], rows: logs, on: db)
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: "tutoring", entityId: nil,
                           detail: ["tutors": String(assignments.count), "logs": String(logs.count)])
    }

    static let talks = ["谈本学期学习计划，约定每周整理一次错题。", "交流与同学相处的困扰，鼓励主动参加集体活动。", "谈考试焦虑，一起制定作息表。", "了解课后服务选课情况和兴趣爱好。"]
    static let feedbacks = ["你乐于助人，课堂发言积极，希望书写再工整一些。", "本学期进步明显，阅读习惯很好，继续加油！", "做事认真负责，期待你在体育锻炼上更坚持。"]
    static let visits = ["了解家庭作息与睡眠时间，家长支持孩子参加课后服务。", "与家长沟通手机使用约定，家长表示配合。", "了解孩子在家阅读情况，建议每天亲子共读二十分钟。"]
}
