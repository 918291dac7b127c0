import Fluent
import Foundation
import JianfuCore

/// The demo's register: the 32 subject institutions the district re-reviewed in 2021, 21 of them since cancelled or
/// revoked and 11 remaining (seed 001's "32 → 11"), and non-subject institutions in every state; guided prices for
/// offline classes and online small classes; courses breaking each rule beside clean ones. The demo's own data, not
/// the real district's.
enum TrainingDemo {
    static let subjectNames = ["启明", "博学", "智慧树", "学而思源", "优才", "新思维", "状元", "金榜", "尚学", "卓越", "明德", "英才", "育英", "致远", "思齐",
                               "培优", "求是", "文华", "弘毅", "精英", "领航", "睿思", "学海", "书香", "满分", "名师堂", "春晖", "向上", "步步高", "一点通",
                               "乐学", "勤学"]
    static let nonSubjectNames = ["童心艺术", "小天鹅舞蹈", "飞扬篮球", "墨韵书法", "星空科创", "蓝鲸游泳", "琴声钢琴", "小画家美术", "绿茵足球", "巧手劳动实践"]

    /// A valid credit code for the demo's n-th institution.
    static func creditCode(_ n: Int) -> String {
        let body = "52110000MJ" + String(format: "%07d", n)
        return body + String(CreditCode.check(of: Array(body))!)
    }

    static func seed(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        let districtId = district.id!
        let training = try policies.profile(for: district).training
        let bureau = try await User.query(on: db).filter(\.$districtId == districtId).filter(\.$username == "bureau").first()?.id
        let now = Date()
        for (mode, tier, yuan) in [(TrainingMode.offline, 1, 120), (.offline, 2, 60), (.offline, 3, 40), (.online, 1, 80), (.online, 2, 40)] {
            let price = GuidedPriceRecord()
            price.districtId = districtId
            price.mode = mode.rawValue
            price.tier = tier
            price.baseFen = yuan * 100
            price.setBy = bureau
            price.setAt = now
            try await price.create(on: db)
        }

        var made: [String: TrainingInstitution] = [:]
        func institution(_ n: Int, name: String, kind: TrainingKind, mode: TrainingMode, history: [(InstitutionEvent, String, String)],
                         listing: (PublicListing, String, String)? = nil, feesPublished: Bool = true, insured: Bool = true) async throws {
            let row = TrainingInstitution()
            row.districtId = districtId
            row.name = name
            row.creditCode = creditCode(n)
            row.kind = kind.rawValue
            row.mode = mode.rawValue
            row.address = mode == .online ? "" : "城关镇" + ["人民路", "解放路", "新华街", "东风路"][n % 4] + "\(10 + n * 3)号"
            row.insuranceExpiresOn = insured ? today.adding(days: 30 + (n * 37) % 300).iso : nil
            row.staffCount = 6 + n % 9
            row.qualifiedStaffCount = kind == .subject ? row.staffCount - n % 3 : row.staffCount / 2
            row.custody = n % 7 == 3 ? FeeCustody.deposit.rawValue : n % 11 == 5 ? FeeCustody.none.rawValue : FeeCustody.bank.rawValue
            row.feesPublished = feesPublished
            row.listing = listing?.0.rawValue
            row.listingReason = listing?.1 ?? ""
            row.listingSince = listing?.2
            row.createdBy = bureau
            row.createdAt = now
            row.updatedAt = now
            var status = InstitutionStatus.pending
            var since = history.first?.1 ?? today.iso
            var steps: [(event: String, from: String, to: String, date: String, note: String)] = []
            for (event, date, note) in history {
                let next = try InstitutionLifecycle.apply(event, to: status, kind: kind, on: LocalDate(iso: date)!,
                                                          subjectApprovalsEnded: training.subjectApprovalsEnded.date)
                steps.append((event.rawValue, status.rawValue, next.rawValue, date, note))
                if next != status || event == .approve { since = date }
                status = next
            }
            if let listing { steps.append(("listing", "none", listing.0.rawValue, listing.2, listing.1)) }
            row.status = status.rawValue
            row.statusSince = since
            try await row.create(on: db)
            for step in steps {
                try await InstitutionStatusEvent(of: row, event: step.event, from: step.from, to: step.to, onDate: step.date, note: step.note,
                                                 decidedBy: bureau).create(on: db)
            }
            made[name] = row
        }

        // The 32 subject institutions approved before the rule; 21 cut in the 2021–22 re-review, 11 remaining.
        for (n, short) in subjectNames.enumerated() {
            let approved = "20\(17 + n % 4)-0\(3 + n % 6)-1\(n % 9)"
            var history: [(InstitutionEvent, String, String)] = [(.approve, approved, "原审批")]
            var listing: (PublicListing, String, String)?
            let mode: TrainingMode = n % 5 == 4 ? .online : .offline
            switch n {
            case 0..<21:
                history.append(n % 3 == 2 ? (.revoke, "2022-0\(1 + n % 6)-15", "复核不合格，违规办学，吊销办学许可证")
                                          : (.cancel, "2021-1\(n % 3)-2\(n % 8)", "“双减”复核，机构申请注销"))
                if n == 2 { listing = (.black, "违规开展学科类培训并拒不整改，列入失信名单", "2022-01-20") }
            case 21...27:
                history += [(.annualReview, "2025-03-1\(n % 9)", "年检合格"), (.change, "2026-0\(3 + n % 5)-08", "变更办学地址")]
            case 28:
                history += [(.annualReview, "2025-03-10", "年检合格"), (.suspend, today.adding(days: -20).iso, "超时培训，责令停业整顿")]
            case 29:
                history.append((.annualReview, "2025-03-12", "年检合格"))
                listing = (.grey, "多次被投诉收费不透明，列入重点关注", today.adding(days: -40).iso)
            default:
                history.append((.annualReview, "2025-03-14", "年检合格"))
            }
            try await institution(n + 1, name: "\(short)\(mode == .online ? "在线教育" : "培训学校")", kind: .subject, mode: mode, history: history,
                                  listing: listing, feesPublished: n != 27, insured: n != 25)
        }
        // Non-subject institutions in every state.
        for (k, short) in nonSubjectNames.enumerated() {
            let n = 40 + k
            var history: [(InstitutionEvent, String, String)] = k == 9 ? [] : [(.approve, "2023-0\(2 + k % 7)-1\(k)", "审批通过")]
            var listing: (PublicListing, String, String)?
            switch k {
            case 6: history.append((.cancel, "2025-12-30", "机构申请注销"))
            case 7: history.append((.revoke, "2025-08-20", "无证经营分支机构，吊销许可"))
                listing = (.black, "卷款停业，预收费未退还", "2025-08-20")
            case 8: history.append((.suspend, today.adding(days: -12).iso, "消防检查不合格"))
            default: break
            }
            try await institution(n, name: "\(short)\(k % 2 == 0 ? "培训中心" : "俱乐部")", kind: .nonSubject, mode: .offline, history: history, listing: listing)
        }

        // Courses: clean ones and one breaking each rule.
        let calendars = try await CalendarQueries.calendars(districtId: districtId, on: db)
        let prices = try await TrainingService.guidedPrices(districtId: districtId, on: db)
        let limits = TrainingLimits(training)
        let start = today.adding(days: -14), end = today.adding(days: 60)
        func course(_ institution: String, _ name: String, subject: String, mode: TrainingMode, minutes: Int, size: Int, yuan: Int,
                    sessions: [(Int, String, String)], packages: [(Int, Int, Int)], from: LocalDate? = nil, through: LocalDate? = nil) async throws {
            guard let owner = made[institution], let classification = training.subjects.classify(subject: subject, courseName: name) else { return }
            let checked = TrainingCourse(kind: classification.kind, mode: mode, lessonMinutes: minutes, classSize: size, pricePerLessonFen: yuan * 100,
                                         startsOn: from ?? start, endsOn: through ?? end,
                                         sessions: sessions.map { .init(weekday: $0.0, start: TimeOfDay(hhmm: $0.1)!, end: TimeOfDay(hhmm: $0.2)!) },
                                         packages: packages.map { .init(months: $0.0, lessons: $0.1, amountFen: $0.2 * 100) })
            let row = TrainingService.record(checked, of: owner, name: name, subject: subject, classification: classification,
                                             violations: try CourseCheck.violations(checked, limits: limits, calendars: calendars, guidedPrices: prices),
                                             rule: training.noSubjectContent.rule, by: bureau)
            try await row.create(on: db)
        }
        try await course("睿思培训学校", "初二数学同步辅导", subject: "数学", mode: .offline, minutes: 45, size: 20, yuan: 60,
                         sessions: [(3, "18:30", "19:15")], packages: [(3, 12, 720)])
        try await course("睿思培训学校", "周末数学提高班", subject: "数学", mode: .offline, minutes: 45, size: 20, yuan: 60,
                         sessions: [(6, "09:00", "09:45")], packages: [(2, 8, 480)])
        try await course("春晖培训学校", "初三物理冲刺", subject: "物理", mode: .offline, minutes: 45, size: 30, yuan: 75,
                         sessions: [(2, "19:45", "20:45")], packages: [(4, 16, 1200)])
        try await course("满分在线教育", "小学英语在线课", subject: "英语", mode: .online, minutes: 40, size: 8, yuan: 100,
                         sessions: [(1, "19:00", "19:40"), (1, "19:45", "20:25")], packages: [(3, 24, 2400)])
        try await course("书香培训学校", "阅读写作国庆营", subject: "语文", mode: .offline, minutes: 45, size: 12, yuan: 60,
                         sessions: [(4, "16:30", "17:15")], packages: [(1, 4, 240)], from: LocalDate(iso: "\(today.year)-09-24"),
                         through: LocalDate(iso: "\(today.year)-10-08"))
        try await course("乐学培训学校", "初一英语小班", subject: "外语", mode: .offline, minutes: 45, size: 8, yuan: 120,
                         sessions: [(5, "18:00", "18:45")], packages: [(3, 80, 9600)])
        try await course("勤学培训学校", "初二数学精品班", subject: "数学", mode: .offline, minutes: 45, size: 20, yuan: 75,
                         sessions: [(2, "18:30", "19:15")], packages: [(3, 12, 900)])
        try await course("星空科创培训中心", "奥数思维探究", subject: "综合实践活动", mode: .offline, minutes: 60, size: 15, yuan: 90,
                         sessions: [(3, "17:00", "18:00")], packages: [(3, 12, 1080)])
        try await course("星空科创培训中心", "少儿编程", subject: "综合实践活动", mode: .offline, minutes: 60, size: 15, yuan: 90,
                         sessions: [(6, "10:00", "11:00")], packages: [(3, 12, 1080)])
        try await course("墨韵书法俱乐部", "书法一对一年卡", subject: "书法", mode: .offline, minutes: 45, size: 1, yuan: 200,
                         sessions: [(6, "14:00", "14:45")], packages: [(12, 48, 9600)])
        try await course("童心艺术培训中心", "少儿美术", subject: "美术", mode: .offline, minutes: 60, size: 12, yuan: 80,
                         sessions: [(6, "09:00", "10:00")], packages: [(3, 12, 960)])
        // An open finding on the late physics course, and complaints: three about one institution, one answered.
        if let late = try await TrainingCourseRecord.query(on: db).filter(\.$name == "初三物理冲刺").first() {
            let finding = TrainingFinding()
            finding.districtId = districtId
            finding.institutionId = late.institutionId
            finding.courseId = late.id
            finding.rules = Array(Set(TrainingService.violations(of: late).map(\.rule))).sorted().joined(separator: ",")
            finding.description = late.name
            finding.dueOn = today.adding(days: 10).iso
            finding.status = FindingStatus.open.rawValue
            finding.outcome = ""
            finding.createdBy = bureau
            finding.createdAt = now
            try await finding.create(on: db)
        }
        let complaints: [(String, String, Int, ComplaintStatus, String)] = [
            ("春晖培训学校", "晚上九点后还在上课，孩子第二天起不来。", 18, .answered, "已约谈机构负责人，责令调整上课时间。"),
            ("春晖培训学校", "一次性收了四个月的费用，要求退费被拒。", 9, .assigned, ""),
            ("春晖培训学校", "周末还在上数学课。", 3, .received, ""),
            ("星空科创培训中心", "说是科创课，其实在教奥数。", 6, .received, ""),
            ("蓝鲸游泳俱乐部", "更衣室卫生差。", 25, .closed, "已现场检查并督促整改，机构已整改到位。"),
        ]
        for (n, (name, text, daysAgo, status, response)) in complaints.enumerated() {
            guard let owner = made[name] else { continue }
            let filed = today.adding(days: -daysAgo)
            let row = TrainingComplaint()
            row.districtId = districtId
            row.institutionId = owner.id!
            row.reference = "TS" + filed.iso.replacingOccurrences(of: "-", with: "") + "-" + String(format: "%04d", 1001 + n)
            row.phone = "1390000\(String(format: "%04d", 1201 + n))"
            row.addressHash = TrainingService.addressHash("demo-\(n)", districtId: districtId)
            row.text = text
            row.status = status.rawValue
            row.assignedTo = status == .received ? nil : bureau
            row.dueOn = status == .received ? nil : filed.adding(days: 7).iso
            row.response = response
            row.createdAt = WallClock.now().addingTimeInterval(-Double(daysAgo) * 86_400)
            row.updatedAt = row.createdAt
            try await row.create(on: db)
        }
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: TrainingInstitution.schema, entityId: nil,
                           detail: ["institutions": String(made.count)])
    }
}
