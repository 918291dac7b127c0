import Fluent
import Foundation
import JianfuCore
import Vapor

extension BenchData {
    /// Supervision at scale: `bench-inspector` visits every school once a term (last year's two terms and this one so far),
    /// each visit with up to three findings and their rectification tasks — past terms' mostly accepted, some reopened or
    /// still open past their deadline, this term's open or answered — warning notices for a third of the schools left
    /// overdue, and seed 002's table loaded with every school rated for last term and this one.
    static func supervision(_ district: District, bureau: UUID, principals: [UUID: UUID], hash: String, today: LocalDate, policies: PolicyStore, on db: any Database,
                            rng: inout SeededGenerator) async throws -> Int {
        let districtId = district.id!
        let inspector = User(districtId: districtId, schoolId: nil, username: "bench-inspector", displayName: "基准督学", phone: nil, passwordHash: hash)
        try await inspector.create(on: db)
        let inspectorId = inspector.id!
        try await RoleMembership(districtId: districtId, userId: inspectorId, role: .inspector).create(on: db)
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all()
        let terms = try await Term.query(on: db).filter(\.$districtId == districtId).sort(\.$startsOn).all()
        let zone = district.zone
        func at(_ day: LocalDate, hour: Double) -> Date { LocalTime.start(of: day, in: zone).addingTimeInterval(hour * 3600) }
        let now = Date()
        var inspections: [[any Encodable & Sendable]] = [], findings: [[any Encodable & Sendable]] = []
        var tasks: [[any Encodable & Sendable]] = [], steps: [[any Encodable & Sendable]] = [], warnings: [[any Encodable & Sendable]] = []
        let categories = [("作业管理", "部分班级书面作业合计超过规定时长。"), ("考试管理", "以练习名义组织统一测试。"), ("课后服务", "签到记录不全，离校无接送人记录。"),
                          ("教学常规", "备课组教研活动记录不全。"), ("五项管理", "手机统一保管制度未落实到班级。")]
        for school in schools {
            let schoolId = school.id!
            var overdue = false
            for term in terms {
                guard let start = LocalDate(iso: term.startsOn) else { continue }
                let day = start.adding(days: 20 + Int(rng.below(40)))
                guard day < today else { continue }
                let inspectionId = UUID()
                inspections.append([inspectionId, districtId, schoolId, day.iso, JSONText.encode(["作业管理", "课后服务"]),
                                    JSONText.encode([InspectionMethod.records.rawValue, InspectionMethod.interviews.rawValue]), "查阅过程性材料，访谈教师和家长。",
                                    inspectorId, Optional<UUID>.none, at(day, hour: 16)])
                let past = term.endsOn < today.iso
                for _ in 0..<Int(rng.below(4)) {
                    let (category, description) = categories[Int(rng.below(UInt64(categories.count)))]
                    let findingId = UUID(), taskId = UUID()
                    findings.append([findingId, districtId, schoolId, inspectionId, category,
                                     (rng.below(3) == 0 ? FindingSeverity.major : .minor).rawValue, description, "检查记录。"])
                    let deadline = day.adding(days: 30)
                    var trail: [(RectificationAction, String, Int)] = []
                    let draw = rng.below(10)
                    if past {
                        // Past terms: seven in ten accepted, two reopened and answered again, one never answered.
                        trail = draw < 7 ? [(.respond, "已整改。", 12), (.accept, "复查属实。", 20)]
                            : draw < 9 ? [(.respond, "已整改。", 12), (.reopen, "请补充整改材料。", 18), (.respond, "已补充。", 25)] : []
                    } else {
                        trail = draw < 4 ? [(.respond, "已整改。", 7)] : []
                    }
                    var status = RectificationStatus.open
                    steps.append([UUID(), districtId, schoolId, taskId, "set", "", Optional(deadline.iso), inspectorId, at(day, hour: 17)])
                    for (action, text, after) in trail {
                        status = try RectificationRules.next(status, action, reason: text)
                        let when = day.adding(days: after)
                        guard when < today else { break }
                        steps.append([UUID(), districtId, schoolId, taskId, action.rawValue, text, Optional<String>.none,
                                      action == .respond ? principals[schoolId]! : inspectorId, at(when, hour: 15)])
                    }
                    if status.awaitsSchool && deadline < today { overdue = true }
                    tasks.append([taskId, districtId, schoolId, findingId, Optional<UUID>.none, deadline.iso, status.rawValue, inspectorId, at(day, hour: 17)])
                }
            }
            if overdue && rng.below(3) == 0 {
                let acknowledged = rng.below(2) == 0
                warnings.append([UUID(), districtId, schoolId, "整改逾期警示", "整改期限已过仍未报送整改措施，请于一周内完成整改并报送。",
                                 today.adding(days: -7).iso, bureau, acknowledged ? Optional(bureau) : nil, acknowledged ? Optional(now) : nil])
            }
        }
        let tables: [(String, [String], [[any Encodable & Sendable]])] = [
            ("inspections", ["id", "district_id", "school_id", "visited_on", "scope", "methods", "summary", "inspector_id", "rechecks_finding_id", "created_at"],
             inspections),
            ("findings", ["id", "district_id", "school_id", "inspection_id", "category", "severity", "description", "evidence"], findings),
            ("rectifications", ["id", "district_id", "school_id", "finding_id", "owner_id", "deadline", "status", "created_by", "created_at"], tasks),
            ("rectification_steps", ["id", "district_id", "school_id", "rectification_id", "action", "text", "deadline", "by_user", "at"], steps),
            ("warning_notices", ["id", "district_id", "school_id", "title", "body", "issued_on", "issued_by", "acknowledged_by", "acknowledged_at"], warnings),
        ]
        // Last term's ratings a month before its end, this term's now.
        let rated = terms.count >= 2 ? (previous: terms[terms.count - 2], current: terms[terms.count - 1]) : nil
        let loadedAt = rated.flatMap { LocalDate(iso: $0.previous.startsOn) }.map { at($0.adding(days: 10), hour: 10) } ?? now
        let ratedAt = rated.flatMap { LocalDate(iso: $0.previous.endsOn) }.map { at($0.adding(days: -30), hour: 10) } ?? now
        try await db.writeTransaction { tx in
            for (table, columns, rows) in tables { try await BulkInsert.insert(into: table, columns: columns, rows: rows, on: tx) }
            guard let rated, let tableId = try await SupervisionDemo.loadTable(districtId: districtId, loadedAt: loadedAt, bureau: bureau, policies: policies,
                                                                              on: tx) else { return }
            try await SupervisionDemo.rate(schools, tableId: tableId, term: rated.previous, ratedAt: ratedAt, inspector: inspectorId, policies: policies, on: tx)
            try await SupervisionDemo.rate(schools, tableId: tableId, term: rated.current, salt: rated.current.startsOn, ratedAt: now, inspector: inspectorId,
                                           policies: policies, on: tx)
        }
        return inspections.count + findings.count + tasks.count + steps.count + warnings.count
    }
}
