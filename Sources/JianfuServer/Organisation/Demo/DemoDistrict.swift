import Fluent
import Foundation
import JianfuCore
import Vapor

/// The demo district of API.md: a dozen schools, a few thousand pupils with Chinese names,
/// a term around today, and exactly the documented accounts (password `demo1234`).
enum DemoDistrict {
    static let password = "demo1234"

    struct Account: Sendable {
        let username: String
        let who: String
    }

    static let accounts: [Account] = [
        Account(username: "bureau", who: "bureau administrator of the demo district"),
        Account(username: "inspector", who: "inspector of the demo district"),
        Account(username: "principal", who: "school administrator of 第一实验小学 (review chain off)"),
        Account(username: "teacher", who: "head teacher of grade 4 class 1, teaches maths in grade 4 classes 1 and 2"),
        Account(username: "teacher2", who: "teaches Chinese in grade 4 class 1"),
        Account(username: "parent", who: "parent of a pupil in grade 4 class 1"),
        Account(username: "principal2", who: "school administrator of 第一中学 (all three review steps on)"),
        Account(username: "parent2", who: "parent of a pupil in grade 7 class 1 of 第一中学, where after-school sign-up is still open"),
    ]

    static let subjects: [(String, String, Int, Int)] = [
        ("语文", "Chinese", 1, 9), ("数学", "Mathematics", 1, 9), ("英语", "English", 3, 9), ("道德与法治", "Morality and Law", 1, 9),
        ("科学", "Science", 1, 6), ("体育与健康", "PE and Health", 1, 9), ("音乐", "Music", 1, 9), ("美术", "Art", 1, 9),
        ("劳动", "Labour", 1, 9), ("信息科技", "IT", 3, 8), ("物理", "Physics", 8, 9), ("化学", "Chemistry", 9, 9),
        ("生物学", "Biology", 7, 8), ("历史", "History", 7, 9), ("地理", "Geography", 7, 8),
    ]

    static let primaryNames = ["第一实验小学", "城关小学", "东风小学", "解放路小学", "育才小学", "新华小学", "红星小学", "青石小学"]
    static let juniorNames = ["第一中学", "第二中学", "实验初级中学", "城南中学"]

    /// Creates the district unless one exists; returns whether it did.
    @discardableResult
    static func seedIfEmpty(_ app: Application, today: LocalDate? = nil) async throws -> Bool {
        guard try await District.query(on: app.db).count() == 0 else { return false }
        let hash = try await app.passwordHashing.hash(password)
        let day = today ?? WallClock.today(in: TimeZone(identifier: "Asia/Shanghai")!)
        try await app.db.writeTransaction { db in
            let district = try await seed(db, passwordHash: hash, today: day)
            for domain in Domains.all { try await domain.seedDemo(district, today: day, policies: app.policies, on: db) }
        }
        return true
    }

    @discardableResult
    static func seed(_ db: any Database, passwordHash: String, today: LocalDate) async throws -> District {
        var rng = SeededGenerator(seed: 20211)
        // On the Baishan overlay: the national profile with seed 002's teaching-routine quotas, which no national rule sets.
        let district = District(name: "示范区", code: "demo", policyProfile: "baishan")
        try await district.create(on: db)
        let districtId = district.id!

        var subjectIds: [String: UUID] = [:]
        for (name, en, first, last) in subjects {
            let subject = Subject(districtId: districtId, name: name, nameEn: en, firstGrade: first, lastGrade: last)
            try await subject.create(on: db)
            subjectIds[name] = subject.id!
        }
        try await createTerm(districtId: districtId, today: today, on: db)

        func account(_ username: String, _ name: String, schoolId: UUID?) async throws -> UUID {
            let user = User(districtId: districtId, schoolId: schoolId, username: username, displayName: name, phone: nil, passwordHash: passwordHash)
            try await user.create(on: db)
            return user.id!
        }
        func role(_ userId: UUID, _ role: Role, school: UUID? = nil, grade: UUID? = nil, subject: UUID? = nil, klass: UUID? = nil) async throws {
            try await RoleMembership(districtId: districtId, userId: userId, role: role, schoolId: school, gradeId: grade, subjectId: subject, classId: klass).create(on: db)
        }

        try await role(try await account("bureau", "周局长", schoolId: nil), .bureauAdmin)
        try await role(try await account("inspector", "吴督学", schoolId: nil), .inspector)

        var phoneCounter = 13_900_000_000
        func nextPhone() -> String { phoneCounter += 1; return String(phoneCounter) }

        var students: [[any Encodable & Sendable]] = []
        var guardians: [[any Encodable & Sendable]] = []
        var parentRoles: [[any Encodable & Sendable]] = []
        var links: [[any Encodable & Sendable]] = []
        var studentNumber = 0
        let now = Date()

        let schoolSpecs = primaryNames.enumerated().map { ($0.element, SchoolStage.primary, String(format: "PS%02d", $0.offset + 1)) }
            + juniorNames.enumerated().map { ($0.element, SchoolStage.junior, String(format: "JS%02d", $0.offset + 1)) }
        for (index, (name, stage, code)) in schoolSpecs.enumerated() {
            let school = School(districtId: districtId, name: name, code: code, stage: stage.rawValue)
            let isFirstJunior = name == juniorNames[0]
            school.reviewSubjectLeader = isFirstJunior
            school.reviewHeadTeacher = isFirstJunior
            school.reviewAcademicOffice = isFirstJunior
            // The demo publishes approved work at once, so a walk-through shows parents the result straight away.
            school.publishTime = "00:00"
            try await school.create(on: db)
            let schoolId = school.id!
            let isFirstPrimary = index == 0

            if isFirstPrimary { try await role(try await account("principal", "陈校长", schoolId: schoolId), .schoolAdmin, school: schoolId) }
            if isFirstJunior { try await role(try await account("principal2", "刘校长", schoolId: schoolId), .schoolAdmin, school: schoolId) }

            let classesPerGrade = stage == .primary ? 2 : 3
            for gradeNumber in stage.grades(in: .sixThree) {
                let grade = Grade(districtId: districtId, schoolId: schoolId, number: gradeNumber)
                try await grade.create(on: db)
                let gradeSubjects = ["语文", "数学", "英语"].filter { s in subjects.contains { $0.0 == s && (($0.2)...($0.3)).contains(gradeNumber) } }
                var subjectTeachers: [String: UUID] = [:]
                for subject in gradeSubjects {
                    if isFirstPrimary && gradeNumber == 4 && subject == "数学" {
                        subjectTeachers[subject] = try await account("teacher", "王老师", schoolId: schoolId)
                    } else {
                        let teacher = User(districtId: districtId, schoolId: schoolId, username: nextPhone(), displayName: ChineseNames.person(&rng),
                                           phone: nil, passwordHash: nil)
                        teacher.phone = teacher.username
                        try await teacher.create(on: db)
                        subjectTeachers[subject] = teacher.id!
                    }
                    try await role(subjectTeachers[subject]!, .teacher, school: schoolId)
                }
                for number in 1...classesPerGrade {
                    let schoolClass = SchoolClass(districtId: districtId, schoolId: schoolId, gradeId: grade.id!, gradeNumber: gradeNumber, number: number)
                    try await schoolClass.create(on: db)
                    let classId = schoolClass.id!
                    for subject in gradeSubjects {
                        var teacherId = subjectTeachers[subject]!
                        if isFirstPrimary && gradeNumber == 4 && number == 1 && subject == "语文" {
                            teacherId = try await account("teacher2", "李老师", schoolId: schoolId)
                            try await role(teacherId, .teacher, school: schoolId)
                        }
                        try await TeachingAssignment(districtId: districtId, schoolId: schoolId, classId: classId, subjectId: subjectIds[subject]!, teacherId: teacherId).create(on: db)
                    }
                    // The maths teacher heads grade 4 class 1 of the first school (the demo `teacher`); elsewhere the Chinese teacher.
                    let head = (isFirstPrimary && gradeNumber == 4 && number == 1) ? subjectTeachers["数学"]! : subjectTeachers["语文"]!
                    schoolClass.headTeacherId = head
                    try await schoolClass.save(on: db)
                    try await role(head, .headTeacher, school: schoolId, grade: grade.id!, klass: classId)

                    let size = 20 + Int(rng.next() % 11)
                    for seat in 1...size {
                        studentNumber += 1
                        let studentId = UUID()
                        let (family, pupil) = ChineseNames.family(&rng)
                        students.append([studentId, districtId, schoolId, classId, String(format: "2026%06d", studentNumber), pupil, rng.next() % 2 == 0 ? "男" : "女"])
                        let guardianId = UUID()
                        let demoParent = seat != 1 || number != 1 ? nil
                            : isFirstPrimary && gradeNumber == 4 ? "parent" : isFirstJunior && gradeNumber == 7 ? "parent2" : nil
                        let isDemoParent = demoParent != nil
                        let username = demoParent ?? nextPhone()
                        let guardianName = family + ChineseNames.given(&rng)
                        guardians.append([guardianId, districtId, username, guardianName, isDemoParent ? nil : username, isDemoParent ? passwordHash : nil, true, now] as [any Encodable & Sendable])
                        parentRoles.append([UUID(), districtId, guardianId, Role.parent.rawValue])
                        links.append([UUID(), districtId, schoolId, studentId, guardianId])
                    }
                }
            }
        }
        try await BulkInsert.insert(into: "students", columns: ["id", "district_id", "school_id", "class_id", "student_number", "name", "gender"], rows: students, on: db)
        try await BulkInsert.insert(into: "users", columns: ["id", "district_id", "username", "display_name", "phone", "password_hash", "is_active", "created_at"], rows: guardians, on: db)
        try await BulkInsert.insert(into: "role_memberships", columns: ["id", "district_id", "user_id", "role"], rows: parentRoles, on: db)
        try await BulkInsert.insert(into: "guardianships", columns: ["id", "district_id", "school_id", "student_id", "guardian_id"], rows: links, on: db)
        try await db.audit(nil, districtId: districtId, schoolId: nil, action: "seed", entity: "demo_district", entityId: districtId, detail: ["pupils": String(students.count)])
        return district
    }

    /// The term that contains today: autumn (September to late January) or spring (late February to mid July),
    /// with the national holidays of that term and one make-up working day (调休).
    static func createTerm(districtId: UUID, today: LocalDate, on db: any Database) async throws {
        let autumn = today.month >= 8 || today.month == 1
        let startYear = today.month == 1 ? today.year - 1 : today.year
        let term: Term
        var days: [(String, CalendarDay.Kind, String)] = []
        if autumn {
            term = Term(districtId: districtId, name: "\(startYear)—\(startYear + 1)学年第一学期", startsOn: "\(startYear)-09-01", endsOn: "\(startYear + 1)-01-22")
            for d in 1...7 { days.append((String(format: "%04d-10-%02d", startYear, d), .holiday, "国庆节")) }
            days.append(("\(startYear + 1)-01-01", .holiday, "元旦"))
            let saturday = (8...14).map { LocalDate(year: startYear, month: 10, day: $0)! }.first { $0.weekday == 6 }!
            days.append((saturday.iso, .makeUpWorkday, "国庆调休"))
        } else {
            let year = today.year
            term = Term(districtId: districtId, name: "\(year - 1)—\(year)学年第二学期", startsOn: "\(year)-02-20", endsOn: "\(year)-07-10")
            days.append(("\(year)-04-05", .holiday, "清明节"))
            for d in 1...5 { days.append((String(format: "%04d-05-%02d", year, d), .holiday, "劳动节")) }
            let sunday = (25...30).map { LocalDate(year: year, month: 4, day: $0)! }.first { $0.weekday == 7 }!
            days.append((sunday.iso, .makeUpWorkday, "劳动节调休"))
        }
        try await term.create(on: db)
        for (date, kind, name) in days {
            try await CalendarDay(districtId: districtId, termId: term.id!, date: date, kind: kind, name: name).create(on: db)
        }
        // The term before, for what is kept a term at a time (last term's inspections and school ratings).
        let previous = autumn
            ? Term(districtId: districtId, name: "\(startYear - 1)—\(startYear)学年第二学期", startsOn: "\(startYear)-02-20", endsOn: "\(startYear)-07-10")
            : Term(districtId: districtId, name: "\(today.year - 1)—\(today.year)学年第一学期", startsOn: "\(today.year - 1)-09-01", endsOn: "\(today.year)-01-22")
        try await previous.create(on: db)
    }
}

enum ChineseNames {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let givenChars = Array("子涵欣怡梓轩浩宇一诺雨泽思远佳琪可馨宇航俊杰明轩诗涵若曦晨阳天佑嘉懿雅琳博文景行语桐沐辰安然书瑶梦琪煜祺瑞泽芷若锦程依诺晓峰丽华建国志强秀英桂兰海燕伟明红梅")

    static func given<G: RandomNumberGenerator>(_ rng: inout G) -> String {
        let count = Int(rng.next() % 3) == 0 ? 1 : 2
        return String((0..<count).map { _ in givenChars.randomElement(using: &rng)! })
    }

    static func person<G: RandomNumberGenerator>(_ rng: inout G) -> String {
        String(surnames.randomElement(using: &rng)!) + given(&rng)
    }

    /// A pupil and the family name they share with their guardian.
    static func family<G: RandomNumberGenerator>(_ rng: inout G) -> (surname: String, pupil: String) {
        let surname = String(surnames.randomElement(using: &rng)!)
        return (surname, surname + given(&rng))
    }
}
