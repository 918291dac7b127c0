import Fluent
import Foundation
import JianfuCore

/// The demo's teaching routines this term: posts in 第一实验小学 and 第一中学 and `inspector` as the district's
/// researcher; 陈校长 ahead of the term's pace and 刘校长 behind it, one middle manager each side of it; the primary
/// school's subject groups meeting two hours a week except its maths group in two weeks, and one school-wide session.
enum RoutineDemo {
    static func seed(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        let districtId = district.id!
        let rules = try policies.profile(for: district).supervision
        guard let calendar = try await CalendarQueries.calendar(districtId: districtId, containing: today, on: db),
              let term = try await Term.query(on: db).filter(\.$districtId == districtId).filter(\.$startsOn == calendar.startsOn.iso).first() else { return }
        let days = calendar.teachingDays(from: calendar.startsOn, through: min(today.adding(days: -1), calendar.endsOn))
        guard !days.isEmpty else { return }
        let users = try await User.query(on: db).filter(\.$districtId == districtId).filter(\.$username ~~ ["bureau", "inspector", "principal", "principal2"]).all()
        func user(_ name: String) -> User { users.first { $0.username == name }! }
        let bureau = user("bureau").id!
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).filter(\.$name ~~ ["第一实验小学", "第一中学"]).all()
        let share = Double(days.count) / Double(max(calendar.teachingDayCount, 1))

        func assign(_ userId: UUID, _ post: StaffPost, schoolId: UUID?) async throws {
            let holder = StaffPostHolder()
            holder.districtId = districtId
            holder.schoolId = schoolId
            holder.userId = userId
            holder.post = post.rawValue
            holder.assignedBy = bureau
            holder.assignedAt = LocalTime.start(of: calendar.startsOn, in: TimeZone(identifier: "Asia/Shanghai")!)
            try await holder.create(on: db)
        }

        /// `pace`: the share of a term's quota logged so far, against the share of the term gone (1: on pace).
        func observe(_ observer: UUID, _ post: StaffPost, pace: Double, in lessons: [TeachingAssignment], seed: UInt64) async throws {
            var rng = SeededGenerator(seed: seed)
            // The profile's quotas for the post (on the demo's Baishan overlay, seed 002's C5 and C7); none: nothing to pace.
            let quota = (heard: rules.heard[post].value ?? 0, critiqued: rules.critiqued[post].value ?? 0)
            let heard = Int((Double(quota.heard) * share * pace).rounded()), critiqued = Int((Double(quota.critiqued) * share * pace).rounded())
            for n in 0..<heard {
                let lesson = lessons[Int(rng.below(UInt64(lessons.count)))]
                let row = LessonObservation()
                row.districtId = districtId
                row.schoolId = lesson.schoolId
                row.termId = term.id!
                row.observerId = observer
                row.observerPost = post.rawValue
                let spread: Int = n * days.count / max(heard, 1) + Int(rng.below(2))
                row.observedOn = days[min(days.count - 1, spread)].iso
                row.classId = lesson.classId
                row.subjectId = lesson.subjectId
                row.teacherId = lesson.teacherId
                row.critiqued = n < critiqued
                row.notes = n < critiqued ? "课后与授课教师交流：作业设计分层，课堂练习当堂完成。" : ""
                row.createdAt = Date()
                try await row.create(on: db)
            }
        }

        for school in schools.sorted(by: { $0.code < $1.code }) {
            let lessons = try await TeachingAssignment.query(on: db).filter(\.$schoolId == school.id!).all()
            guard !lessons.isEmpty else { continue }
            let primary = school.name == "第一实验小学"
            let head = user(primary ? "principal" : "principal2").id!
            try await assign(head, .principal, schoolId: school.id)
            try await observe(head, .principal, pace: primary ? 1.25 : 0.35, in: lessons, seed: primary ? 11 : 12)
            let staff = Array(Set(lessons.map(\.teacherId)).sorted { $0.uuidString < $1.uuidString }.prefix(6))
            let demoTeachers = Set(try await User.query(on: db).filter(\.$username ~~ ["teacher", "teacher2"]).all().map { $0.id! })
            if let manager = staff.first(where: { !demoTeachers.contains($0) }) {
                try await assign(manager, .middleManager, schoolId: school.id)
                try await observe(manager, .middleManager, pace: primary ? 0.6 : 1.1, in: lessons, seed: primary ? 13 : 14)
            }
        }
        let researcher = user("inspector").id!
        try await assign(researcher, .researcher, schoolId: nil)
        let all = try await TeachingAssignment.query(on: db).filter(\.$districtId == districtId).all()
        try await observe(researcher, .researcher, pace: 1.0, in: all, seed: 15)

        // Research: every group of 第一实验小学 meets two hours each ended week, maths an hour in two of them.
        guard let primary = schools.first(where: { $0.name == "第一实验小学" }) else { return }
        let subjects = try await RoutineQueries.taughtSubjects(schoolIds: [primary.id!], on: db)
        let weeks = RoutineQuota.endedWeeks(calendar, today: today)
        let principal = user("principal").id!
        for (index, monday) in weeks.enumerated() {
            guard let day = calendar.teachingDays(from: monday, through: monday.adding(days: 6)).last else { continue }
            for subject in subjects {
                let short = subject.name == "数学" && (index == weeks.count - 2 || index == weeks.count - 4)
                try await session(primary, subject: subject.subject_id, on: day, minutes: short ? 60 : 120, topic: "\(subject.name)组集体备课",
                                  guided: index % 5 == 2 && subject.name == "语文" ? researcher : nil, by: principal)
            }
            if index == 3 { try await session(primary, subject: nil, on: day, minutes: 90, topic: "全校“双减”作业设计研讨", guided: nil, by: principal) }
        }

        func session(_ school: School, subject: UUID?, on day: LocalDate, minutes: Int, topic: String, guided: UUID?, by: UUID) async throws {
            let row = ResearchSession()
            row.districtId = districtId
            row.schoolId = school.id!
            row.termId = term.id!
            row.subjectId = subject
            row.heldOn = day.iso
            row.minutes = minutes
            row.schoolWide = subject == nil
            row.guidedBy = guided
            row.topic = topic
            row.loggedBy = guided ?? by
            row.createdAt = Date()
            try await row.create(on: db)
        }
    }
}
