import Fluent
import Foundation
import JianfuCore

/// The demo district's after-school service: its off-work time (17:30) and stipend (50 yuan an hour, the demo district's
/// own choice: AS-08 leaves the rate to each district), two approved providers, and for every school a plan for the term
/// with programs, sign-ups and the registers taken since the allocation. 城关小学's plan falls short on Fridays (an hour,
/// ending 16:40), so the bureau's overview has a school to send back. 第一中学 is late: its sign-up is still open and
/// its allocation still to run, so its administrator (principal2) and a family (parent2) can walk through both.
enum AfterSchoolDemo {
    static let failingSchool = "城关小学"
    static let openSchool = DemoDistrict.juniorNames[0]
    /// The demo families, whose children's sign-ups and answers are left for a visitor to make.
    static let demoParents = ["parent", "parent2"]
    /// Sign-up closes this many days after the term begins.
    static let signUpDays = 9

    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        let districtId = district.id!
        district.policyAdjustments = #"{"afterSchool.endNotBeforeOffWork":1050,"afterSchool.stipendPerHour":50}"#
        try await district.save(on: db)
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db) else { return }
        let system = try district.system

        let youthPalace = provider(districtId, "区青少年宫", services: "篮球、足球、民族舞", fee: "按课时 40 元/人，困难家庭免收", approvedOn: "2026-08-20")
        let science = provider(districtId, "区科技馆科普中心", services: "科学实验、机器人、天文观测", fee: "免费（财政购买服务）", approvedOn: "2026-08-25")
        try await youthPalace.create(on: db)
        try await science.create(on: db)

        let bureau = try await bureauAdmin(districtId, on: db)
        let t = { (text: String) in TimeOfDay(hhmm: text)! }
        for school in try await School.query(on: db).filter(\.$districtId == districtId).sort(\.$code).all() {
            let schoolId = school.id!
            let grades = try await Grade.query(on: db).filter(\.$schoolId == schoolId).sort(\.$number).all().map(\.number)
            let admin = try await RoleMembership.query(on: db).filter(\.$schoolId == schoolId).filter(\.$role == Role.schoolAdmin.rawValue).first()?.userId
            let junior = system.stage(ofGrade: grades.first ?? 1) == .junior
            // Primary lessons end 15:30, junior 16:40; two hours of service each day, then delayed care.
            let (lessonsEnd, basic, activity, care) = junior
                ? ("16:40", ("16:50", "17:50"), ("17:50", "18:50"), ("18:50", "19:20"))
                : ("15:30", ("15:40", "16:40"), ("16:40", "17:40"), ("17:40", "18:30"))
            let gradePlans = grades.map { grade in
                var sessions: [ServiceSession] = []
                for weekday in 1...5 {
                    sessions.append(ServiceSession(weekday: weekday, start: t(basic.0), end: t(basic.1), kind: .basic))
                    if school.name == failingSchool && weekday == 5 { continue }
                    sessions.append(ServiceSession(weekday: weekday, start: t(activity.0), end: t(activity.1), kind: .activity))
                    sessions.append(ServiceSession(weekday: weekday, start: t(care.0), end: t(care.1), kind: .delayedCare))
                    if junior { sessions.append(ServiceSession(weekday: weekday, start: t("19:30"), end: t("20:30"), kind: .eveningStudy)) }
                }
                return GradePlan(grade: grade, lessonsEnd: t(lessonsEnd), sessions: sessions)
            }
            // One school charges, publishing the fee and its waivers (AS-10); the others are free.
            let charges = school.name == DemoDistrict.juniorNames[0]
            let fee = charges ? ServiceFee(free: false, yuanPerMonth: 120, waiver: "低保家庭、特困供养家庭和建档立卡家庭学生免收") : .none
            let plan = AfterSchoolPlan()
            plan.districtId = districtId
            plan.schoolId = schoolId
            plan.termId = term.id!
            plan.grades = AfterSchoolPlan.stored(ServicePlan(grades: gradePlans, fee: fee))
            plan.feeFree = fee.free
            plan.feeYuanPerMonth = fee.yuanPerMonth
            plan.feeWaiver = fee.waiver
            plan.status = AfterSchoolPlan.Status.submitted.rawValue
            plan.updatedBy = admin ?? bureau
            plan.version = 0
            plan.classReview = false
            try await plan.create(on: db)

            let teachers = try await TeachingAssignment.query(on: db).filter(\.$schoolId == schoolId).all()
            let names = try await User.query(on: db).filter(\.$id ~~ Array(Set(teachers.map(\.teacherId)))).all()
            let staff = names.sorted { $0.displayName < $1.displayName }
            func program(_ name: String, _ category: ProgramCategory, _ description: String, staffKind: ProgramStaffKind, staffIndex: Int? = nil,
                         person: String? = nil, provider: AfterSchoolProvider? = nil, capacity: Int, grades: [Int], weekdays: [Int],
                         time: (String, String), room: String, fee: Int? = nil) -> AfterSchoolProgram {
                let p = AfterSchoolProgram()
                p.districtId = districtId
                p.schoolId = schoolId
                p.termId = term.id!
                p.name = name
                p.category = category.rawValue
                p.description = description
                p.staffKind = staffKind.rawValue
                if let staffIndex, !staff.isEmpty {
                    let teacher = staff[staffIndex % staff.count]
                    p.staffUserId = teacher.id
                    p.staffName = teacher.displayName
                } else {
                    p.providerId = provider?.id
                    p.staffName = provider?.name ?? person ?? ""
                }
                p.capacity = capacity
                p.grades = AfterSchoolService.intJSON(grades)
                p.weekdays = AfterSchoolService.intJSON(weekdays)
                p.startTime = time.0
                p.endTime = time.1
                p.room = room
                p.feeYuan = fee
                p.status = AfterSchoolProgram.Status.active.rawValue
                p.createdBy = admin ?? bureau
                return p
            }
            let lower = grades.filter { $0 <= (junior ? 7 : 3) }
            let upper = grades.filter { $0 > (junior ? 7 : 3) }
            let programs = [
                program("作业辅导与答疑", .homeworkGuidance, "在校完成书面作业，教师个别辅导、答疑", staffKind: .teacher, staffIndex: 0,
                        capacity: 45, grades: grades, weekdays: [1, 2, 3, 4, 5], time: basic, room: "各班教室"),
                program("围棋社", .interestGroup, "围棋入门与对弈", staffKind: .retiredTeacher, person: "赵老师（退休教师）",
                        capacity: 24, grades: upper.isEmpty ? grades : upper, weekdays: [1, 3], time: activity, room: "阅览室"),
                program("合唱团", .art, "声部训练与合唱", staffKind: .teacher, staffIndex: 1,
                        capacity: 40, grades: grades, weekdays: [2, 4], time: activity, room: "音乐教室"),
                program("篮球", .sport, "运球、传球与小组对抗", staffKind: .institution, provider: youthPalace,
                        capacity: 30, grades: upper.isEmpty ? grades : upper, weekdays: [2, 4], time: activity, room: "篮球场"),
                program("趣味科学实验", .science, "动手做实验，观察与记录", staffKind: .institution, provider: science,
                        capacity: 30, grades: lower.isEmpty ? grades : lower, weekdays: [1, 3], time: activity, room: "科学实验室"),
                program("绘本阅读", .reading, "亲近经典，分享读书心得", staffKind: .volunteer, person: "家长志愿者团队",
                        capacity: 30, grades: lower.isEmpty ? grades : lower, weekdays: [2, 4], time: activity, room: "图书室"),
            ]
            for p in programs { try await p.create(on: db) }
            try await signUps(school: school, plan: plan, programs: programs, term: term, today: today, zone: district.zone, ranBy: admin ?? bureau, on: db)
        }
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: "after_school_demo", entityId: districtId,
                           detail: ["term": term.name, "offWork": "17:30"])
    }

    /// Sign-up closed ten days into the term and the allocation ran the next day: most pupils stay for the basic
    /// session, more than half ranked one or two activities, and the popular ones have waiting lists. At the open
    /// school sign-up closes in three days and the ranked choices wait for the allocation.
    static func signUps(school: School, plan: AfterSchoolPlan, programs: [AfterSchoolProgram], term: Term, today: LocalDate, zone: TimeZone, ranBy: UUID,
                        on db: any Database) async throws {
        guard let start = LocalDate(iso: term.startsOn) else { return }
        let stillOpen = school.name == openSchool
        let closes = stillOpen ? today.adding(days: 3) : start.adding(days: signUpDays)
        plan.signupClosesOn = closes.iso
        try await plan.save(on: db)
        let appliedAt = LocalTime.start(of: start.adding(days: 3), in: zone).addingTimeInterval(20 * 3600)
        let decidedAt = LocalTime.start(of: closes.adding(days: 1), in: zone).addingTimeInterval(9 * 3600)
        let classes = Dictionary(try await SchoolClass.query(on: db).filter(\.$schoolId == school.id!).all().map { ($0.id!, $0.gradeNumber) },
                                 uniquingKeysWith: { first, _ in first })
        let pupils = try await Student.query(on: db).filter(\.$schoolId == school.id!).sort(\.$studentNumber).all()
        let guardians = Dictionary(try await Guardianship.query(on: db).filter(\.$schoolId == school.id!).all().map { ($0.studentId, $0.guardianId) },
                                   uniquingKeysWith: { first, _ in first })
        let basic = programs.first { AfterSchoolService.isBasic($0) }!
        // The demo parent's child stays for the basic session and ranked activities, so the parent has something to see;
        // the second demo parent's child stays for the basic session and has ranked nothing yet.
        let demoParent = try await User.query(on: db).filter(\.$districtId == school.districtId).filter(\.$username == "parent").first()?.id
        let secondParent = try await User.query(on: db).filter(\.$districtId == school.districtId).filter(\.$username == "parent2").first()?.id
        let limited = programs.filter { !AfterSchoolService.isBasic($0) }
        var rng = SeededGenerator(seed: school.code.unicodeScalars.reduce(UInt64(2027)) { $0 &* 31 &+ UInt64($1.value) })
        var rows: [[any Encodable & Sendable]] = []
        var choices: [RankedChoices] = []
        var applied: [UUID: [UUID]] = [:]
        for pupil in pupils {
            guard let grade = classes[pupil.classId], let guardian = guardians[pupil.id!] else { continue }
            let isDemoChild = guardian == demoParent
            if rng.below(4) < 3 || isDemoChild || guardian == secondParent {
                rows.append(row(pupil, program: basic, guardian: guardian, choice: nil, status: .enrolled, position: nil, appliedAt: appliedAt, decidedAt: decidedAt))
            }
            let open = limited.filter { $0.gradeList.contains(grade) }
            guard !open.isEmpty, guardian != secondParent, rng.below(10) < 6 || isDemoChild else { continue }
            var ranked: [AfterSchoolProgram] = []
            for _ in 0..<min(open.count, 1 + Int(rng.below(2))) {
                let pick = open[Int(rng.below(UInt64(open.count)))]
                if !ranked.contains(where: { $0.id == pick.id }) { ranked.append(pick) }
            }
            applied[pupil.id!] = ranked.map { $0.id! }
            choices.append(RankedChoices(pupil: pupil.id!.uuidString, choices: ranked.map { $0.id!.uuidString }))
        }
        guard !stillOpen else {
            for pupil in pupils {
                guard let ranked = applied[pupil.id!], let guardian = guardians[pupil.id!] else { continue }
                for (index, programId) in ranked.enumerated() {
                    rows.append(row(pupil, program: programs.first { $0.id == programId }!, guardian: guardian, choice: index + 1, status: .applied,
                                    position: nil, appliedAt: appliedAt, decidedAt: nil))
                }
            }
            try await insert(rows, on: db)
            return
        }
        // The draw orders pupils by their ids, which are new at every seeding. The demo parent's child should hold its
        // first choice, so that the parent has a place to give up: the first seed from 2026 whose draw gives it is the
        // one used and recorded, and the run can be drawn again from it like any other.
        let capacity = Dictionary(uniqueKeysWithValues: limited.map { ($0.id!.uuidString, $0.capacity) })
        var seed: UInt64 = 2026
        var result = Allocation.run(choices, capacity: capacity, seed: seed)
        let demoChild = pupils.first { guardians[$0.id!] == demoParent && demoParent != nil }?.id
        if let demoChild, let first = applied[demoChild]?.first {
            while result.placed[demoChild.uuidString] != first.uuidString && seed < 2026 + 1_000 {
                seed += 1
                result = Allocation.run(choices, capacity: capacity, seed: seed)
            }
        }
        let byId = Dictionary(uniqueKeysWithValues: programs.map { ($0.id!, $0) })
        for pupil in pupils {
            guard let ranked = applied[pupil.id!], let guardian = guardians[pupil.id!] else { continue }
            let key = pupil.id!.uuidString
            for (index, programId) in ranked.enumerated() {
                let program = byId[programId]!
                let status: AfterSchoolEnrolment.Status
                var position: Int?
                if result.placed[key] == programId.uuidString {
                    status = .enrolled
                } else if result.placed[key] != nil {
                    status = .released
                } else {
                    status = .waiting
                    position = (result.waiting[programId.uuidString]?.firstIndex(of: key) ?? 0) + 1
                }
                rows.append(row(pupil, program: program, guardian: guardian, choice: index + 1, status: status, position: position,
                                appliedAt: appliedAt, decidedAt: status == .waiting ? nil : decidedAt))
            }
        }
        try await insert(rows, on: db)
        let run = AfterSchoolAllocation()
        run.districtId = school.districtId
        run.schoolId = school.id!
        run.termId = term.id!
        run.seed = String(seed)
        run.placed = result.placed.count
        run.waiting = Set(result.waiting.values.flatMap { $0 }).count
        run.ranBy = ranBy
        run.ranAt = decidedAt
        try await run.create(on: db)
    }

    static func insert(_ rows: [[any Encodable & Sendable]], on db: any Database) async throws {
        try await BulkInsert.insert(into: AfterSchoolEnrolment.schema, columns: ["id", "district_id", "school_id", "term_id", "program_id", "student_id",
                                                                              "class_id", "guardian_id", "choice", "priority", "status", "position",
                                                                              "applied_at", "decided_at"], rows: rows, on: db)
    }

    static func row(_ pupil: Student, program: AfterSchoolProgram, guardian: UUID, choice: Int?, status: AfterSchoolEnrolment.Status, position: Int?,
                    appliedAt: Date, decidedAt: Date?) -> [any Encodable & Sendable] {
        [UUID(), pupil.districtId, pupil.schoolId, program.termId, program.id!, pupil.id!, pupil.classId, guardian, choice, false, status.rawValue,
         position, appliedAt, decidedAt]
    }

    static func provider(_ districtId: UUID, _ name: String, services: String, fee: String, approvedOn: String) -> AfterSchoolProvider {
        let p = AfterSchoolProvider()
        p.districtId = districtId
        p.name = name
        p.services = services
        p.feeStandard = fee
        p.approvedOn = approvedOn
        p.status = AfterSchoolProvider.Status.approved.rawValue
        return p
    }

    /// Who stands in for a person where the seeding needs one: the district's first bureau administrator.
    static func bureauAdmin(_ districtId: UUID, on db: any Database) async throws -> UUID {
        try await RoleMembership.query(on: db).filter(\.$districtId == districtId).filter(\.$role == Role.bureauAdmin.rawValue).first()!.userId
    }

    static let pickUps = ["妈妈", "爸爸", "奶奶", "爷爷", "外婆"]

    /// Every session held from the day after the allocation to yesterday, marked by its teacher: about one pupil in
    /// twenty-five absent, and a third of the basic session's pupils leaving when it ends with the family member who came
    /// (分批离校). The demo parent's child missed the basic session on the last day.
    /// `lastDays`: only the last this many school days (the load runs' district, where a whole term would be tens of
    /// millions of marks).
    static func registers(_ district: District, today: LocalDate, lastDays: Int? = nil, on db: any Database) async throws {
        let calendar = try await CalendarQueries.calendar(districtId: district.id!, around: today, on: db)
        let first = calendar.startsOn.adding(days: signUpDays + 2)
        let last = min(today.adding(days: -1), calendar.endsOn)
        guard first <= last else { return }
        let held = calendar.teachingDays(from: first, through: last).filter { !$0.isWeekend }
        let days = lastDays.map { Array(held.suffix($0)) } ?? held
        let programs = Dictionary(grouping: try await AfterSchoolProgram.query(on: db).filter(\.$districtId == district.id!)
            .filter(\.$status == AfterSchoolProgram.Status.active.rawValue).all(), by: \.schoolId)
        let enrolled = Dictionary(grouping: try await AfterSchoolEnrolment.query(on: db).filter(\.$districtId == district.id!)
            .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all(), by: \.programId)
        let admins = Dictionary(try await RoleMembership.query(on: db).filter(\.$districtId == district.id!).filter(\.$role == Role.schoolAdmin.rawValue).all()
            .compactMap { m in m.schoolId.map { ($0, m.userId) } }, uniquingKeysWith: { first, _ in first })
        let bureau = try await bureauAdmin(district.id!, on: db)
        let demoParent = try await User.query(on: db).filter(\.$districtId == district.id!).filter(\.$username == "parent").first()?.id
        for school in try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all() {
            var rng = SeededGenerator(seed: school.code.unicodeScalars.reduce(UInt64(1117)) { $0 &* 31 &+ UInt64($1.value) })
            var rows: [[any Encodable & Sendable]] = []
            for program in programs[school.id!] ?? [] {
                let basic = AfterSchoolService.isBasic(program)
                let weekdays = Set(program.weekdayList)
                let end = TimeOfDay(hhmm: program.endTime)?.minutes ?? 0
                for day in days where weekdays.contains(day.weekday) {
                    let markedAt = LocalTime.start(of: day, in: district.zone).addingTimeInterval(Double(end * 60))
                    for e in enrolled[program.id!] ?? [] {
                        let absent = rng.below(25) == 0 || (basic && day == days.last && e.guardianId == demoParent)
                        let leaves = basic && !absent && rng.below(3) == 0
                        rows.append([UUID(), district.id!, school.id!, program.id!, e.studentId, e.classId, day.iso, !absent,
                                     leaves ? program.endTime : nil, leaves ? pickUps[Int(rng.below(UInt64(pickUps.count)))] : nil,
                                     program.staffUserId ?? admins[school.id!] ?? bureau, markedAt])
                    }
                }
            }
            try await BulkInsert.insert(into: AfterSchoolAttendance.schema, columns: ["id", "district_id", "school_id", "program_id", "student_id", "class_id",
                                                                                   "date", "present", "left_at", "picked_up_by", "marked_by", "marked_at"],
                                        rows: rows, on: db)
        }
    }
}

extension AfterSchoolDemo {
    /// The term's satisfaction survey, open for a fortnight since ten days ago in all but the last three schools, with
    /// about half the families and a third of the pupils answered, mostly content. The demo parents have not answered yet,
    /// so a visitor can.
    static func satisfaction(_ district: District, today: LocalDate, on db: any Database) async throws {
        guard let term = try await CalendarQueries.planningTerm(districtId: district.id!, on: today, on: db) else { return }
        let bureau = try await bureauAdmin(district.id!, on: db)
        let visitors = Set(try await User.query(on: db).filter(\.$districtId == district.id!).filter(\.$username ~~ demoParents).all().compactMap(\.id))
        let opens = today.adding(days: -10)
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        for school in schools.dropLast(3) {
            _ = try await AfterSchoolService.putSatisfaction(school, term: term, opensOn: opens.iso, closesOn: today.adding(days: 4).iso, by: nil,
                                                             createdBy: bureau, on: db)
        }
        // The satisfaction questionnaires only: other domains put their own to the same term.
        let surveys = try await Survey.query(on: db).filter(\.$districtId == district.id!).filter(\.$termId == term.id!)
            .filter(\.$topic ~~ [AfterSchoolService.SatisfactionTopic.school.rawValue, AfterSchoolService.SatisfactionTopic.program.rawValue]).all()
        let codes = Dictionary(schools.map { ($0.id!, $0.code) }, uniquingKeysWith: { first, _ in first })
        let guardians = Dictionary(grouping: try await Guardianship.query(on: db).filter(\.$districtId == district.id!).all(), by: \.studentId)
        let pupils = Dictionary(grouping: try await Student.query(on: db).filter(\.$districtId == district.id!).all(), by: \.schoolId)
        let comments = ["希望增加体育活动的时间", "孩子在学校基本能完成作业，回家轻松多了", "接送时间能否再灵活一些", "老师很耐心，谢谢", "希望多开一些科技类的活动"]
        var marks: [[any Encodable & Sendable]] = []
        var responses: [[any Encodable & Sendable]] = []
        for survey in surveys {
            var rng = SeededGenerator(seed: survey.title.unicodeScalars.reduce(UInt64(733)) { $0 &* 31 &+ UInt64($1.value) })
            let school = survey.schoolId!
            // Some schools' families are happier than others'.
            let points: [Double] = [[5, 5, 5, 4, 4, 4, 4, 3, 3, 2], [5, 5, 4, 4, 4, 4, 3, 3, 3, 2], [5, 5, 5, 5, 5, 4, 4, 4, 3, 3]][
                Int((codes[school] ?? "").unicodeScalars.reduce(UInt64(7)) { $0 &* 31 &+ UInt64($1.value) } % 3)]
            func point() -> Double { points[Int(rng.below(10))] }
            let schoolPupils: [UUID] = (pupils[school] ?? []).map { $0.id! }
            let keys: [String]
            if survey.respondentKind == .pupils {
                keys = schoolPupils.filter { id in !(guardians[id] ?? []).contains { visitors.contains($0.guardianId) } }.map { "pupil:\($0)" }
            } else {
                let audience: [UUID] = survey.scopeKind == .group ? Array(survey.members) : schoolPupils
                let families: Set<UUID> = Set(audience.flatMap { (guardians[$0] ?? []).map(\.guardianId) }).subtracting(visitors)
                keys = families.map(\.uuidString).sorted().map { "guardian:\($0)" }
            }
            let share: UInt64 = survey.respondentKind == .pupils ? 3 : 2
            for key in keys where rng.below(share) == 0 {
                var answers: [String: SurveyAnswer] = [:]
                for q in survey.questionList {
                    switch q.kind {
                    case .scale: answers[q.id] = .number(point())
                    case .single: answers[q.id] = .choice([q.options[[0, 0, 0, 0, 0, 0, 0, 1, 1, 2][Int(rng.below(10))]]])
                    case .text: if rng.below(6) == 0 { answers[q.id] = .text(comments[Int(rng.below(UInt64(comments.count)))]) }
                    case .multiple, .number: break
                    }
                }
                marks.append([UUID(), district.id!, survey.id!, key])
                responses.append([UUID(), district.id!, school, survey.id!, String(decoding: try JSONEncoder().encode(answers), as: UTF8.self),
                                  opens.adding(days: Int(rng.below(10))).iso])
            }
        }
        // Shuffled apart: the marks and the anonymous responses are written in different orders, so nothing pairs them.
        var order = SeededGenerator(seed: 99)
        responses = responses.map { ($0, order.next()) }.sorted { $0.1 < $1.1 }.map(\.0)
        try await BulkInsert.insert(into: SurveyRespondent.schema, columns: ["id", "district_id", "survey_id", "respondent_key"], rows: marks, on: db)
        try await BulkInsert.insert(into: SurveyResponse.schema, columns: ["id", "district_id", "school_id", "survey_id", "answers", "submitted_on"],
                                    rows: responses, on: db)
    }
}
