import Fluent
import Foundation
import JianfuCore

/// Two years of every demo school's figures: most meet the standard; 城关小学 is short of sports ground and multimedia
/// rooms, so it fails and pulls the primary coefficients; this year the district's new rooms narrow them.
enum BalanceDemo {
    static func seed(_ district: District, today: LocalDate, on db: any Database) async throws {
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).sort(\.$code).all()
        let pupils = Dictionary(grouping: try await Student.query(on: db).filter(\.$districtId == district.id!).all(), by: \.schoolId).mapValues(\.count)
        var rows: [[any Encodable & Sendable]] = []
        let at = Date()
        for (index, school) in schools.enumerated() {
            for stage in BalanceService.parts(of: school) {
                // The demo's rolls are small: each school reports its real enrolment scaled to a plausible size.
                let enrolment = Double(max(1, pupils[school.id!] ?? 0) * 8 / BalanceService.parts(of: school).count)
                for (offset, year) in [today.year - 1, today.year].enumerated() {
                    let lagging = school.name == "城关小学"
                    let spread = 1 + Double((index * 7) % 5 - 2) / 20
                    let junior = stage == .junior
                    let perHundred = [(junior ? 5.6 : 4.5) * spread, 1.3 * spread, 1.0 * spread,
                                      lagging ? 1.6 + 0.2 * Double(offset) : (junior ? 2.6 : 2.5) * spread]
                    let perPupil = [(junior ? 6.2 : 4.9) * spread, lagging ? 5.2 : (junior ? 11.0 : 8.1) * spread, (junior ? 2700 : 2150) * spread]
                    let figures: [String: Double] = [
                        "pupils": enrolment, "teachersAboveQualification": (perHundred[0] * enrolment / 100).rounded(),
                        "keyTeachers": (perHundred[1] * enrolment / 100).rounded(), "peArtTeachers": (perHundred[2] * enrolment / 100).rounded(),
                        "multimediaRooms": (perHundred[3] * enrolment / 100).rounded(), "teachingArea": (perPupil[0] * enrolment).rounded(),
                        "sportsArea": (perPupil[1] * enrolment).rounded(), "equipmentValue": (perPupil[2] * enrolment / 100).rounded() * 100,
                    ]
                    rows.append([UUID(), district.id!, school.id!, year, stage.rawValue, JSONText.encode(figures), Optional<UUID>.none, at])
                }
            }
        }
        try await BulkInsert.insert(into: SchoolResources.schema, columns: ["id", "district_id", "school_id", "year", "part", "figures", "entered_by",
                                                                            "entered_at"], rows: rows, on: db)
    }
}

extension BalanceDemo {
    /// This autumn's placements: 第一实验小学's grade 1 (confirmed, with one later transfer) and 第一中学's grade 7 (a
    /// draft to confirm), from entrance scores drawn for the demo, a pair of twins together and one apart.
    static func placement(_ district: District, today: LocalDate, policies: PolicyStore, on db: any Database) async throws {
        let schools = try await School.query(on: db).filter(\.$districtId == district.id!).all()
        let family = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"], given = ["子涵", "一诺", "浩然", "欣怡", "梓轩", "雨桐", "宇航", "思彤", "俊熙", "可馨"]
        for (name, grade, count, classes, confirmed) in [(DemoDistrict.primaryNames[0], 1, 96, 2, true), ("第一中学", 7, 150, 3, false)] {
            guard let school = schools.first(where: { $0.name == name }),
                  let admin = try await RoleMembership.query(on: db).filter(\.$schoolId == school.id!).filter(\.$role == Role.schoolAdmin.rawValue).first()?.userId else { continue }
            var rng = SeededGenerator(seed: UInt64(grade) * 101)
            let subjects = grade == 1 ? ["语文", "数学"] : ["语文", "数学", "英语"]
            let pupils: [PlacedPupil] = (0..<count).map { i in
                let ref = String(format: "%@%03d", grade == 1 ? "X" : "C", i + 1)
                var scores: [String: Double] = [:]
                for subject in subjects { scores[subject] = Double(55 + rng.below(46)) }
                return PlacedPupil(ref: ref, name: family[Int(rng.below(10))] + given[Int(rng.below(10))],
                                   pupil: PlacementPupil(ref: ref, sex: i % 2 == 0 ? .m : .f, scores: scores, specialNeeds: i % 47 == 3,
                                                         together: i == 10 || i == 11 ? "双胞胎甲" : nil, apart: i == 20 || i == 21 ? "双胞胎乙" : nil))
            }
            let seed: UInt64 = 20_260_901 + UInt64(grade)
            let result = try Placement.place(pupils.map(\.pupil), classCount: classes, tolerance: try policies.profile(for: district).balance.placement.tolerance,
                                             seed: seed)
            let run = PlacementRun()
            run.districtId = district.id!
            run.schoolId = school.id!
            run.grade = grade
            run.classCount = classes
            run.seed = String(seed)
            run.tolerance = try policies.profile(for: district).balance.placement.tolerance
            run.pupils = JSONText.encode(pupils)
            run.classes = JSONText.encode(result.classes.map { $0.map { pupils[$0].ref } })
            run.unmet = JSONText.encode(result.unmet.map(PlacementService.stored))
            run.status = (confirmed ? PlacementRun.Status.confirmed : .draft).rawValue
            run.createdBy = admin
            run.createdAt = LocalTime.start(of: today.adding(days: -90), in: district.zone).addingTimeInterval(10 * 3600)
            if confirmed {
                run.confirmedBy = admin
                run.confirmedAt = run.createdAt.addingTimeInterval(3600)
            }
            try await run.create(on: db)
            if confirmed, let moved = result.classes.first?.first {
                let transfer = PlacementTransfer()
                transfer.districtId = district.id!
                transfer.runId = run.id!
                transfer.ref = pupils[moved].ref
                transfer.fromClass = 1
                transfer.toClass = 2
                transfer.reason = "随班就读需要，与康复教师所在班级一致（家长书面申请）"
                transfer.createdBy = admin
                transfer.createdAt = run.createdAt.addingTimeInterval(20 * 86400)
                try await transfer.create(on: db)
            }
        }
    }
}
