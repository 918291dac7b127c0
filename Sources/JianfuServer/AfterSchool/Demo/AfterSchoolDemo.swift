import Fluent
import Foundation
import JianfuCore

/// The demo district's after-school service: its off-work time (17:30), two approved providers, and for every school a
/// plan for the term with programs. 城关小学's plan falls short on Fridays (an hour, ending 16:40), so the bureau's
/// overview has a school to send back.
enum AfterSchoolDemo {
    static let failingSchool = "城关小学"

    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        let districtId = district.id!
        district.policyAdjustments = #"{"afterSchool.endNotBeforeOffWork":1050}"#
        try await district.save(on: db)
        guard let term = try await CalendarQueries.planningTerm(districtId: districtId, on: today, on: db) else { return }
        let system = try district.system

        let youthPalace = provider(districtId, "区青少年宫", services: "篮球、足球、民族舞", fee: "按课时 40 元/人，困难家庭免收", approvedOn: "2026-08-20")
        let science = provider(districtId, "区科技馆科普中心", services: "科学实验、机器人、天文观测", fee: "免费（财政购买服务）", approvedOn: "2026-08-25")
        try await youthPalace.create(on: db)
        try await science.create(on: db)

        let bureau = try await User.query(on: db).filter(\.$districtId == districtId).filter(\.$username == "bureau").first()!.id!
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
        }
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: "after_school_demo", entityId: districtId,
                           detail: ["term": term.name, "offWork": "17:30"])
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
}
