import Fluent
import Foundation
import JianfuCore

extension BenchData {
    /// Every class's published week, as the demo's (the plan's lessons by grade, the stage's times and 大课间): the
    /// public timetable page (晒课表) is read by every family of the district. One version a class, checked once a grade.
    static func timetables(_ district: District, today: LocalDate, plan: PolicyProfile.SchoolDay, system: SchoolSystem, on db: any Database) async throws -> Int {
        let classes = try await SchoolClass.query(on: db).filter(\.$districtId == district.id!).all()
        var weeks: [Int: (periods: String, problems: String, meets: Bool)] = [:]
        for grade in Set(classes.map(\.gradeNumber)) {
            let (lessons, longBreak) = TimetableDemo.slots(system.stage(ofGrade: grade))
            var free = (0..<lessons.count).flatMap { slot in (1...5).map { day in (day, slot) } }
            var periods: [StoredPeriod] = (1...5).map { day in
                StoredPeriod(weekday: day, start: longBreak.0, end: longBreak.1, course: nil, subjectId: nil, activity: "大课间", teacherId: nil, teacherName: nil)
            }
            for course in TimetableDemo.courses(grade: grade, band: system.band(ofGrade: grade)) {
                let (day, slot) = free.removeFirst()
                periods.append(StoredPeriod(weekday: day, start: lessons[slot].0, end: lessons[slot].1, course: course, subjectId: nil, activity: nil,
                                            teacherId: nil, teacherName: nil))
            }
            periods.sort { ($0.weekday, $0.start) < ($1.weekday, $1.start) }
            let shortfalls = TimetableCheck.shortfalls(periods.map(\.period), grade: grade, system: system, plan: plan)
            weeks[grade] = (JSONText.encode(periods), JSONText.encode(shortfalls.map(StoredProblem.init)), TimetableCheck.meets(shortfalls))
        }
        let at = LocalTime.start(of: today.adding(days: -20), in: district.zone).addingTimeInterval(8 * 3600)
        let rows: [[any Encodable & Sendable]] = classes.compactMap { c in
            weeks[c.gradeNumber].map { week in
                [UUID(), district.id!, c.schoolId, c.id!, 1, week.periods, week.problems, week.meets, "[]", "", Optional<UUID>.none, at]
            }
        }
        try await db.writeTransaction { tx in
            try await BulkInsert.insert(into: TimetableVersion.schema, columns: ["id", "district_id", "school_id", "class_id", "number", "periods", "problems",
                                                                                 "meets", "changes", "note", "published_by", "published_at"], rows: rows, on: tx)
        }
        return rows.count
    }
}
