import Fluent
import Foundation
import JianfuCore

/// The demo's timetables: every class has one published, each teacher in one place at a time. Two classes fall short
/// (城关小学 grade 3 class 1 of PE, 第二中学 grade 8 class 1 of labour), and grade 4 class 1 of 第一实验小学 changed
/// its week three days ago.
enum TimetableDemo {
    /// The week's lessons by grade, as the plan has them (CP-03, CP-06, CP-08, PE-01).
    static func courses(grade: Int, band: GradeBand) -> [String] {
        func n(_ course: String, _ count: Int) -> [String] { Array(repeating: course, count: count) }
        switch band {
        case .primaryLower:
            return n("语文", 8) + n("数学", 4) + n("道德与法治", 2) + ["科学"] + n("体育与健康", 4) + n("音乐", 2) + n("美术", 2) + ["劳动", "综合实践活动", "校本课程"]
        case .primaryUpper:
            return n("语文", 7) + n("数学", 5) + n("英语", 3) + n("道德与法治", 2) + n("科学", 2) + n("体育与健康", 3) + n("音乐", 2) + n("美术", 2)
                + ["信息科技", "劳动", "综合实践活动", "地方课程"]
        case .junior:
            switch grade {
            case 7: return n("语文", 6) + n("数学", 5) + n("英语", 5) + n("道德与法治", 2) + n("历史", 2) + n("地理", 2) + n("生物学", 2) + n("体育与健康", 3)
                + ["音乐", "美术", "信息科技", "劳动", "综合实践活动", "地方课程", "校本课程"]
            case 8: return n("语文", 6) + n("数学", 5) + n("英语", 4) + n("道德与法治", 2) + n("历史", 2) + n("地理", 2) + n("生物学", 2) + n("物理", 2)
                + n("体育与健康", 3) + ["音乐", "美术", "信息科技", "劳动", "综合实践活动", "地方课程"]
            default: return n("语文", 6) + n("数学", 6) + n("英语", 5) + n("道德与法治", 2) + n("历史", 2) + n("物理", 3) + n("化学", 3) + n("体育与健康", 3)
                + ["音乐", "美术", "劳动", "综合实践活动"]
            }
        }
    }

    /// The day's lesson times by stage (40 and 45 minutes, CP-04; from 8:20 and 8:00, SL-02) and its 30-minute 大课间 (PE-04).
    static func slots(_ stage: Stage) -> (lessons: [(String, String)], longBreak: (String, String)) {
        stage == .primary
            ? ([("08:20", "09:00"), ("09:10", "09:50"), ("10:20", "11:00"), ("11:10", "11:50"), ("14:00", "14:40"), ("14:50", "15:30")], ("09:50", "10:20"))
            : ([("08:00", "08:45"), ("08:55", "09:40"), ("10:10", "10:55"), ("11:05", "11:50"), ("14:00", "14:45"), ("14:55", "15:40"), ("15:50", "16:35")],
               ("09:40", "10:10"))
    }

    static func seed(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        let plan = try policies.profile(for: district).schoolDay
        let system = try district.system
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).all()
        let classes = try await SchoolClass.query(on: db).filter(\.$districtId == district.id!).sort(\.$gradeNumber).sort(\.$number).all()
        let subjects = Dictionary(try await Subject.query(on: db).filter(\.$districtId == district.id!).all().map { ($0.name, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let teaching = try await TeachingAssignment.query(on: db).filter(\.$districtId == district.id!).all()
        let names = Dictionary(try await User.query(on: db).filter(\.$districtId == district.id!).all().map { ($0.id!, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let zone = district.zone
        func at(_ daysAgo: Int) -> Date { LocalTime.start(of: today.adding(days: -daysAgo), in: zone).addingTimeInterval(8 * 3600) }

        for school in schools.sorted(by: { $0.code < $1.code }) {
            var busy: [UUID: Set<String>] = [:]
            for schoolClass in classes where schoolClass.schoolId == school.id {
                let grade = schoolClass.gradeNumber
                var list = courses(grade: grade, band: system.band(ofGrade: grade))
                if school.name == "城关小学", grade == 3, schoolClass.number == 1 { list[list.firstIndex(of: "体育与健康")!] = "语文" }
                if school.name == "第二中学", grade == 8, schoolClass.number == 1 { list[list.firstIndex(of: "劳动")!] = "数学" }
                let (lessons, longBreak) = slots(system.stage(ofGrade: grade))
                // Round the days first, so that a subject's lessons fall on different days.
                var free = (0..<lessons.count).flatMap { slot in (1...5).map { day in (day, slot) } }
                var periods: [StoredPeriod] = (1...5).map { day in
                    StoredPeriod(weekday: day, start: longBreak.0, end: longBreak.1, course: nil, subjectId: nil, activity: "大课间", teacherId: nil, teacherName: nil)
                }
                for course in list {
                    let subjectId = subjects[course]
                    let teacher = subjectId.flatMap { id in teaching.first { $0.classId == schoolClass.id && $0.subjectId == id }?.teacherId }
                    let index = free.firstIndex { slot in teacher.map { !(busy[$0]?.contains("\(slot.0) \(slot.1)") ?? false) } ?? true } ?? 0
                    let (day, slot) = free.remove(at: index)
                    if let teacher { busy[teacher, default: []].insert("\(day) \(slot)") }
                    periods.append(StoredPeriod(weekday: day, start: lessons[slot].0, end: lessons[slot].1, course: course, subjectId: subjectId, activity: nil,
                                                teacherId: teacher, teacherName: teacher.flatMap { names[$0] }))
                }
                periods.sort { ($0.weekday, $0.start) < ($1.weekday, $1.start) }
                let changed = school.name == DemoDistrict.primaryNames[0] && grade == 4 && schoolClass.number == 1
                if changed {
                    // The first version had music where the week now has art, and art where it has music.
                    var first = periods
                    let music = first.firstIndex { $0.course == "音乐" }!, art = first.firstIndex { $0.course == "美术" }!
                    let (m, a) = (first[music], first[art])
                    first[music] = StoredPeriod(weekday: m.weekday, start: m.start, end: m.end, course: a.course, subjectId: a.subjectId, activity: nil,
                                                teacherId: a.teacherId, teacherName: a.teacherName)
                    first[art] = StoredPeriod(weekday: a.weekday, start: a.start, end: a.end, course: m.course, subjectId: m.subjectId, activity: nil,
                                              teacherId: m.teacherId, teacherName: m.teacherName)
                    try await create(schoolClass, number: 1, periods: first, before: nil, note: "", at: at(20), system: system, plan: plan, on: db)
                    try await create(schoolClass, number: 2, periods: periods, before: first, note: "音乐、美术教师调课", at: at(3), system: system,
                                     plan: plan, on: db)
                } else {
                    try await create(schoolClass, number: 1, periods: periods, before: nil, note: "", at: at(20), system: system, plan: plan, on: db)
                }
            }
        }
    }

    static func create(_ schoolClass: SchoolClass, number: Int, periods: [StoredPeriod], before: [StoredPeriod]?, note: String, at date: Date,
                       system: SchoolSystem, plan: PolicyProfile.SchoolDay, on db: any Database) async throws {
        let version = TimetableVersion.checked(schoolClass, number: number, periods: periods, before: before, note: note, by: nil, at: date,
                                               system: system, plan: plan).version
        try await version.create(on: db)
    }
}
