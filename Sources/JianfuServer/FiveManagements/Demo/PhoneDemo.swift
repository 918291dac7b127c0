import Fluent
import Foundation
import JianfuCore

/// The demo's phone applications in every state, in 第一实验小学 (grade 4), 城关小学 and 第一中学, none of them for the
/// demo parents' own children (so that they can apply), and the custody of two schools.
enum PhoneDemo {
    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        let own = Set(try await Guardianship.query(on: db).join(User.self, on: \Guardianship.$guardianId == \User.$id)
            .filter(User.self, \.$username ~~ ["parent", "parent2"]).all().map(\.studentId))
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).all()
        func school(_ name: String) -> School? { schools.first { $0.name == name } }
        let zone = district.zone
        func at(_ daysAgo: Int) -> Date { LocalTime.start(of: today.adding(days: -daysAgo), in: zone).addingTimeInterval(19 * 3600) }
        let plan: [(String, Int, Int, PhoneApplicationStatus, String, String)] = [
            (DemoDistrict.primaryNames[0], 4, 1, .pending, "孩子放学后独自乘公交回家，需要到站后联系家长。", ""),
            (DemoDistrict.primaryNames[0], 4, 1, .pending, "周三放学后去外婆家，需要联系接送。", ""),
            (DemoDistrict.primaryNames[0], 4, 1, .approved, "家长在外地工作，孩子放学后需要报平安。", "同意。到校交班主任保管，放学领回。"),
            (DemoDistrict.primaryNames[0], 4, 1, .refused, "孩子想带手机查资料。", "查资料可在学校图书室完成，可用校园电话联系家长。"),
            (DemoDistrict.primaryNames[0], 4, 2, .pending, "放学后参加校外体育训练，需要联系教练和家长。", ""),
            ("城关小学", 5, 1, .pending, "孩子独自骑车上学，路上需要联系。", ""),
            ("第一中学", 7, 1, .approved, "住得远，每天乘长途车往返。", "同意，进校后交教室手机柜统一保管。"),
        ]
        var used: Set<UUID> = []
        for (index, (name, grade, number, status, reason, note)) in plan.enumerated() {
            guard let school = school(name),
                  let schoolClass = try await SchoolClass.query(on: db).filter(\.$schoolId == school.id!).filter(\.$gradeNumber == grade)
                    .filter(\.$number == number).first() else { continue }
            let pupils = try await Student.query(on: db).filter(\.$classId == schoolClass.id!).sort(\.$studentNumber).all()
            guard let pupil = pupils.first(where: { !own.contains($0.id!) && !used.contains($0.id!) }),
                  let guardian = try await Guardianship.query(on: db).filter(\.$studentId == pupil.id!).first() else { continue }
            used.insert(pupil.id!)
            let row = PhoneApplication()
            row.districtId = district.id!
            row.schoolId = school.id!
            row.classId = schoolClass.id!
            row.studentId = pupil.id!
            row.applicantId = guardian.guardianId
            row.reason = reason
            row.status = status.rawValue
            row.decisionNote = note
            row.createdAt = at(10 - index)
            if status != .pending {
                row.decidedBy = schoolClass.headTeacherId
                row.decidedAt = at(9 - index)
            }
            try await row.create(on: db)
        }
        for (name, place, method, keeper, channels) in [
            (DemoDistrict.primaryNames[0], "各班教室门口的手机保管柜", "学生到校后交班主任登记保管，放学时领回，不带入课堂", "各班班主任",
             "各班设亲情电话；班主任电话在家长群公布；学校传达室公用电话"),
            ("第一中学", "年级办公室手机柜（每班一格，上锁）", "早读前交值日班干部登记，班主任核对上锁，放学领回", "年级组长、各班班主任",
             "校园公用电话（每层一部）；电子学生证通话；班主任电话"),
        ] {
            guard let school = school(name) else { continue }
            let row = PhoneCustody()
            row.districtId = district.id!
            row.schoolId = school.id!
            row.place = place
            row.method = method
            row.keeper = keeper
            row.channels = channels
            row.updatedAt = at(30)
            try await row.create(on: db)
        }
    }
}
