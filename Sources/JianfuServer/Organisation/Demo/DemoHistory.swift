import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

/// The demo's homework of the term so far (every teaching day before today), so that the
/// dashboards have weeks to show, and each domain's own records of those days. Today is left empty: a visitor files into
/// a fresh day.
enum DemoHistory {
    /// Subjects that set written homework in the demo, with the share of the day's cap each tends to use.
    static let writtenShare: [String: Double] = ["语文": 0.34, "数学": 0.34, "英语": 0.22, "物理": 0.16, "化学": 0.16, "历史": 0.1, "地理": 0.08, "生物学": 0.08]
    static let tasks = ["课后练习", "练习册", "课堂笔记整理", "同步训练", "错题订正", "预习"]

    static func seed(_ app: Application, today: LocalDate) async throws {
        let db = app.db
        guard let district = try await District.query(on: db).filter(\.$code == "demo").first(),
              try await HomeworkEntry.query(on: db).count() == 0 else { return }
        let profile = try app.policies.profile(for: district)
        let system = try district.system
        let calendar = try await CalendarQueries.calendar(districtId: district.id!, around: today, on: db)
        let days = calendar.teachingDays(from: calendar.startsOn, through: today.adding(days: -1))
        let subjects = Dictionary(try await Subject.query(on: db).filter(\.$districtId == district.id!).all().map { ($0.id!, $0.name) },
                                  uniquingKeysWith: { first, _ in first })
        let classes = Dictionary(try await SchoolClass.query(on: db).filter(\.$districtId == district.id!).all().map { ($0.id!, $0) },
                                 uniquingKeysWith: { first, _ in first })
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).all()
        // One primary school lets teachers go over the cap with a reason, so the dashboards show overrides.
        if let lenient = schools.first(where: { $0.name == "城关小学" }) {
            lenient.allowCapOverride = true
            try await lenient.save(on: db)
        }
        let lenientId = schools.first { $0.name == "城关小学" }?.id
        let assignments = try await TeachingAssignment.query(on: db).filter(\.$districtId == district.id!).all()
        var rng = SeededGenerator(seed: 2026)
        var rows: [[any Encodable & Sendable]] = []
        // What each class-day already holds, so the demo never holds more than a filing would have been allowed.
        var filed: [String: Int] = [:]
        let now = Date()
        for assignment in assignments {
            guard let share = subjects[assignment.subjectId].flatMap({ writtenShare[$0] }), let schoolClass = classes[assignment.classId] else { continue }
            let band = system.band(ofGrade: schoolClass.gradeNumber)
            let cap = profile.homework.writtenCap[band].value ?? 0
            let subject = subjects[assignment.subjectId] ?? ""
            for (index, day) in days.enumerated() {
                // Grades 1–2 take no written homework home: oral reading a few days a week instead.
                let written = cap > 0
                guard Double.random(in: 0..<1, using: &rng) < (written ? 0.8 : 0.3) else { continue }
                var minutes = written ? max(5, Int((Double(cap) * share * Double.random(in: 0.6...1.15, using: &rng) / 5).rounded()) * 5) : 10
                var override: String? = nil
                let key = "\(assignment.classId)\(day.iso)"
                if written {
                    let room = cap - filed[key, default: 0]
                    if assignment.schoolId == lenientId, subject == "数学", Double.random(in: 0..<1, using: &rng) < 0.06 {
                        // A review day over the cap, filed with the reason the school allows.
                        minutes = room + 10
                        override = "单元复习，家长会已沟通"
                    } else {
                        minutes = min(minutes, room - room % 5)
                    }
                    guard minutes > 0 else { continue }
                    filed[key, default: 0] += minutes
                }
                let task = tasks[(index + subject.count) % tasks.count]
                let visible = ClassContext.publicationInstant(of: day, publishTime: "00:00", zone: district.zone)
                rows.append([UUID(), district.id!, assignment.schoolId, assignment.classId, assignment.subjectId, assignment.teacherId, UUID(),
                             day.iso, day.adding(days: 1).iso, written ? "written" : "reading", false, Optional<String>.none, minutes,
                             written ? "\(subject)\(task)（第\(index + 1)课时）" : "亲子共读 10 分钟", HomeworkEntry.Status.published.rawValue,
                             Optional<String>.none, override, false, visible, Optional<String>.none, now, now])
            }
        }
        let columns = ["id", "district_id", "school_id", "class_id", "subject_id", "teacher_id", "filing_id", "assigned_on", "due_on", "kind",
                       "optional", "tier", "minutes", "content", "status", "review_step", "override_reason", "possibly_repetitive", "visible_from",
                       "withdrawn_reason", "created_at", "updated_at"]
        let entries = rows
        try await db.writeTransaction { tx in
            try await BulkInsert.insert(into: "homework_entries", columns: columns, rows: entries, on: tx)
        }
        try await DailyLoadAggregates.rebuild(districtId: district.id!, policies: app.policies, on: db)
        try await db.writeTransaction { tx in
            for domain in Domains.all { try await domain.seedDemoHistory(district, today: today, policies: app.policies, on: tx) }
        }
    }
}
