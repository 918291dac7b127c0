import Fluent
import Foundation
import JianfuCore

/// The demo district's supervision: last term's visits to 第一实验小学 and 第一中学 by `inspector`, each with a task still
/// open (the primary school's overdue, which brought it a warning notice), this term's visits to three more schools, and
/// seed 002's table loaded by the bureau with its decisions and last term's ratings of every school.
enum SupervisionDemo {
    static let tableKey = "baishan-2023"

    static func seed(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        let districtId = district.id!
        let users = try await User.query(on: db).filter(\.$districtId == districtId).filter(\.$username ~~ ["bureau", "inspector", "principal", "principal2"]).all()
        func user(_ name: String) -> UUID { users.first { $0.username == name }!.id! }
        let schools = try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all()
        func school(_ name: String) -> School { schools.first { $0.name == name }! }
        let terms = try await Term.query(on: db).filter(\.$districtId == districtId).sort(\.$startsOn).all()
        guard terms.count >= 2, let current = terms.last, let previous = terms.dropLast().last,
              let lastStart = LocalDate(iso: previous.startsOn), let termStart = LocalDate(iso: current.startsOn) else { return }
        let inspector = user("inspector"), bureau = user("bureau")
        let zone = district.zone
        func at(_ day: LocalDate, hour: Double = 10) -> Date { LocalTime.start(of: day, in: zone).addingTimeInterval(hour * 3600) }

        struct DemoFinding {
            let category: String
            let severity: FindingSeverity
            let description: String
            let evidence: String
            /// The task's steps after it was set: (action, text, days after the visit).
            var steps: [(RectificationAction, String, Int)] = []
            var deadlineDays = 30
            var newDeadline: LocalDate?
        }

        func visit(_ school: School, on day: LocalDate, scope: [String], methods: [InspectionMethod], summary: String, findings: [DemoFinding]) async throws {
            let inspection = Inspection()
            inspection.districtId = districtId
            inspection.schoolId = school.id!
            inspection.visitedOn = day.iso
            inspection.scope = JSONText.encode(scope)
            inspection.methods = JSONText.encode(methods.map(\.rawValue))
            inspection.summary = summary
            inspection.inspectorId = inspector
            inspection.createdAt = at(day, hour: 16)
            try await inspection.create(on: db)
            for item in findings {
                let finding = Finding()
                finding.districtId = districtId
                finding.schoolId = school.id!
                finding.inspectionId = inspection.id!
                finding.category = item.category
                finding.severity = item.severity.rawValue
                finding.description = item.description
                finding.evidence = item.evidence
                try await finding.create(on: db)
                let task = Rectification()
                task.districtId = districtId
                task.schoolId = school.id!
                task.findingId = finding.id!
                task.deadline = (item.newDeadline ?? day.adding(days: item.deadlineDays)).iso
                task.status = RectificationStatus.open.rawValue
                task.createdBy = inspector
                task.createdAt = at(day, hour: 17)
                var status = RectificationStatus.open
                var steps = [("set", "", day.adding(days: item.deadlineDays).iso as String?, inspector, at(day, hour: 17))]
                for (action, text, after) in item.steps {
                    status = try RectificationRules.next(status, action, reason: text)
                    let by = action == .respond ? (school.name == "第一中学" ? user("principal2") : user("principal")) : inspector
                    steps.append((action.rawValue, text, action == .reopen ? item.newDeadline?.iso : nil, by, at(day.adding(days: after), hour: 15)))
                }
                task.status = status.rawValue
                try await task.create(on: db)
                for (action, text, deadline, by, when) in steps {
                    let step = RectificationStep()
                    step.districtId = districtId
                    step.schoolId = school.id!
                    step.rectificationId = task.id!
                    step.action = action
                    step.text = text
                    step.deadline = deadline
                    step.byUser = by
                    step.at = when
                    try await step.create(on: db)
                }
            }
        }

        // Last term: both schools of the demo accounts, each left with a task open.
        try await visit(school("第一实验小学"), on: lastStart.adding(days: 60), scope: ["作业管理", "课后服务"], methods: [.records, .interviews, .questionnaires],
                        summary: "抽查四年级作业公示与家长反馈，查看课后服务签到记录，访谈教务处主任和部分家长。", findings: [
            DemoFinding(category: "作业管理", severity: .major, description: "四年级部分班级周二、周四书面作业合计超过60分钟，未经特批。",
                        evidence: "作业公示记录（4月14日、16日）；家长问卷中12%反映作业时间偏长。"),
            DemoFinding(category: "课后服务", severity: .minor, description: "课后服务签到表有缺页，个别学生离校无接送人记录。", evidence: "5月第二周签到表。",
                        steps: [(.respond, "已改用系统点名，分批离校一律登记接送人；班主任每日核对。", 12)]),
        ])
        try await visit(school("第一中学"), on: lastStart.adding(days: 75), scope: ["考试管理", "作业管理"], methods: [.records, .interviews, .lessonObservation],
                        summary: "查阅测试备案与成绩通报，听课两节，访谈七年级备课组长。", findings: [
            DemoFinding(category: "考试管理", severity: .major, description: "七年级以“阶段练习”名义每月组织统一测试，实为月考。", evidence: "七年级组工作计划；学生访谈。",
                        steps: [(.respond, "已取消月度统一测试。", 14), (.reopen, "未提供取消后的教学计划，请补充并说明单元检测安排。", 20)],
                        newDeadline: today.adding(days: 14)),
            DemoFinding(category: "作业管理", severity: .minor, description: "作业公示时间晚于规定的放学前。", evidence: "三个班级的公示记录。",
                        steps: [(.respond, "公示时间统一调整为最后一节课后十分钟内。", 10), (.accept, "复查属实。", 30)]),
        ])
        // This term: the plan falling short on Fridays, a visit without findings, one still in time.
        try await visit(school("城关小学"), on: today.adding(days: -20), scope: ["课后服务"], methods: [.records, .siteVisit],
                        summary: "核对课后服务方案与实际开展情况。", findings: [
            DemoFinding(category: "课后服务", severity: .major, description: "周五课后服务不足两小时，未达到“5+2”要求。", evidence: "课后服务方案；周五实地查看。",
                        deadlineDays: 30),
        ])
        try await visit(school("东风小学"), on: max(termStart, today.adding(days: -12)), scope: ["作业管理", "五项管理"], methods: [.records, .questionnaires],
                        summary: "作业公示、睡眠和手机管理制度齐全，家长反馈良好。", findings: [])
        try await visit(school("第二中学"), on: max(termStart, today.adding(days: -5)), scope: ["教学常规"], methods: [.lessonObservation, .interviews],
                        summary: "听课三节，查阅教研活动记录。", findings: [
            DemoFinding(category: "教学常规", severity: .minor, description: "数学备课组本月教研活动记录不全。", evidence: "教研活动记录本。", deadlineDays: 30),
        ])

        // The overdue task brought 第一实验小学 a warning notice it has not yet acknowledged.
        let notice = WarningNotice()
        notice.districtId = districtId
        notice.schoolId = school("第一实验小学").id!
        notice.title = "整改逾期警示"
        notice.body = "你校上学期督导检查发现的作业总量超标问题，整改期限已过仍未报送整改措施。请于一周内完成整改并报送。"
        notice.issuedOn = today.adding(days: -3).iso
        notice.issuedBy = bureau
        try await notice.create(on: db)

        try await assessment(districtId: districtId, schools: schools, term: previous, loadedAt: at(lastStart.adding(days: 10)), ratedAt: at(lastStart.adding(days: 120)),
                             bureau: bureau, inspector: inspector, policies: policies, on: db)
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: "supervision_demo", entityId: districtId,
                           detail: ["inspections": "5", "warnings": "1"])
    }

    /// Seed 002's table as the bureau loaded it, with its decisions (the parts stand; C17's achievements stop at 10) and
    /// last term's ratings of every school.
    static func assessment(districtId: UUID, schools: [School], term: Term, loadedAt: Date, ratedAt: Date, bureau: UUID, inspector: UUID,
                           policies: PolicyStore, on db: any Database) async throws {
        guard let tableId = try await loadTable(districtId: districtId, loadedAt: loadedAt, bureau: bureau, policies: policies, on: db) else { return }
        try await rate(schools, tableId: tableId, term: term, ratedAt: ratedAt, inspector: inspector, policies: policies, on: db)
    }

    /// The table loaded and its discrepancies decided; nil when the policy files do not hold it.
    static func loadTable(districtId: UUID, loadedAt: Date, bureau: UUID, policies: PolicyStore, on db: any Database) async throws -> UUID? {
        guard let published = policies.assessmentTables[tableKey] else { return nil }
        let record = AssessmentTableRecord()
        record.districtId = districtId
        record.tableKey = published.table.id
        record.title = published.table.title
        record.definition = published.text
        record.loadedBy = bureau
        record.loadedAt = loadedAt
        try await record.create(on: db)
        for discrepancy in published.table.discrepancies {
            let decision = AssessmentDecision()
            decision.districtId = districtId
            decision.tableId = record.id!
            decision.discrepancyKey = discrepancy.key
            decision.decision = (discrepancy.kind == .uncappedAchievements ? TableDecision.capped : discrepancy.choices[0]).rawValue
            decision.note = "局务会议定（示范数据）"
            decision.decidedBy = bureau
            decision.decidedAt = loadedAt.addingTimeInterval(3600)
            try await decision.create(on: db)
        }
        return record.id!
    }

    /// Every school rated on every indicator for the term, drawn from the school's code (and `salt`, for another term's
    /// draw): half 一等, four in ten 二等, one in ten 三等, a quarter of the achievements each.
    static func rate(_ schools: [School], tableId: UUID, term: Term, salt: String = "", ratedAt: Date, inspector: UUID, policies: PolicyStore,
                     on db: any Database) async throws {
        guard let published = policies.assessmentTables[tableKey] else { return }
        for school in schools {
            var rng = SeededGenerator(seed: (school.code + salt).unicodeScalars.reduce(UInt64(2023)) { $0 &* 31 &+ UInt64($1.value) })
            for leaf in published.table.leaves {
                let code = leaf.indicator.code
                var level: Int?
                var achievements: String?
                if let listed = leaf.indicator.achievements {
                    var counts: [String: Int] = [:]
                    for achievement in listed where rng.below(4) == 0 { counts[achievement.key] = 1 }
                    achievements = JSONText.encode(counts)
                } else {
                    let draw = rng.below(10)
                    level = draw < 5 ? 1 : draw < 9 ? 2 : 3
                }
                try await SupervisionQueries.putRating(districtId: school.districtId, schoolId: school.id!, tableId: tableId, termId: term.id!, code: code,
                                                       level: level, achievements: achievements, note: "", by: inspector, at: ratedAt, on: db)
            }
        }
    }
}
