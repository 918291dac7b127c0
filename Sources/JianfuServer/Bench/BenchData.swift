import Fluent
import Foundation
import JianfuCore
import SQLKit
import Vapor

/// `jianfu bench-data`: a deterministic synthetic district for load runs. Schools of both stages,
/// classes, teachers, pupils and their guardians, the last school year and the current term so far,
/// and for every class and teaching day a realistic mix of homework (mostly under the cap, some at it,
/// a few overrides), reviews, parents' reports and tests, with the dashboards' sums alongside; after-school plans,
/// programs, sign-ups and a week of registers; inspections, rectifications and assessment ratings.
/// Rows go in by multi-row inserts, one transaction per school.
enum BenchData {
    struct Scale: Sendable {
        let name: String
        let schools: Int
        /// Pupils per class.
        let classSize: Int

        static func named(_ name: String) -> Scale? {
            switch name {
            case "small": Scale(name: name, schools: 6, classSize: 20)
            case "district": Scale(name: name, schools: 100, classSize: 46)
            case "large": Scale(name: name, schools: 1000, classSize: 46)
            default: nil
            }
        }
    }

    /// The accounts the load runs sign in with (password `bench1234`).
    static let password = "bench1234"
    static let accounts = ["bench-bureau", "bench-inspector", "bench-principal", "bench-teacher", "bench-parent"]
    /// The first this many primary and as many junior schools have maths teachers who can sign in.
    static let filingTeacherSchools = 10
    /// Guardians who can sign in, `bench-parent-1` onward (a pupil's in each class of the first schools): the evening
    /// load runs open many classes' pages at once, not one parent's page again and again.
    static let loadParents = 300

    static let writtenShare: [String: Double] = ["语文": 0.32, "数学": 0.32, "英语": 0.2, "物理": 0.12, "化学": 0.1, "历史": 0.06, "地理": 0.06, "生物学": 0.06]

    struct Report {
        var rows = 0
        var homework = 0
        var seconds = 0.0
        var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
    }

    static func run(scale: Scale, seed: UInt64, app: Application, progress: (String) -> Void) async throws -> Report {
        // One event loop's database: one SQLite connection, so the settings below hold for every insert.
        let db = app.db
        guard try await District.query(on: db).filter(\.$code == "bench").count() == 0 else {
            throw AppError.conflict(messageKey: "bench.exists")
        }
        if db.sql.dialect.name == "sqlite" {
            // Synthetic data: a crash means generating again, so commits need not wait for the disk; a large
            // page cache keeps the growing indexes in memory.
            try await db.sql.raw("PRAGMA synchronous = NORMAL").run()
            try await db.sql.raw("PRAGMA cache_size = -524288").run()
            try await db.sql.raw("PRAGMA wal_autocheckpoint = 50000").run()
        }
        let started = Date()
        // Secondary indexes are built once at the end, sorted, instead of kept up to date row by row.
        let deferredIndexes = db.sql.dialect.name == "sqlite" ? try await dropSecondaryIndexes(of: bulkTables, on: db) : []
        var report = Report()
        var rng = SeededGenerator(seed: seed)
        let hash = try await app.passwordHashing.hash(password)
        let district = District(name: "基准区", code: "bench")
        try await district.create(on: db)
        let districtId = district.id!
        let profile = try app.policies.profile(for: district)
        let system = SchoolSystem.sixThree
        var subjects: [(id: UUID, name: String, first: Int, last: Int)] = []
        for (name, en, first, last) in DemoDistrict.subjects {
            let subject = Subject(districtId: districtId, name: name, nameEn: en, firstGrade: first, lastGrade: last)
            try await subject.create(on: db)
            subjects.append((subject.id!, name, first, last))
        }
        let today = LocalDate.today(in: district.zone)
        // Last school year's two terms and the current term: history a dashboard must not slow down on.
        for day in [LocalDate(year: today.year - 1, month: 11, day: 1)!, LocalDate(year: today.year, month: 3, day: 1)!, today] {
            try await DemoDistrict.createTerm(districtId: districtId, today: day, on: db)
        }
        var calendars: [SchoolCalendar] = []
        for day in [LocalDate(year: today.year - 1, month: 11, day: 1)!, LocalDate(year: today.year, month: 3, day: 1)!, today] {
            calendars.append(try await CalendarQueries.calendar(districtId: districtId, around: day, on: db))
        }
        let days = calendars.flatMap { $0.teachingDays(from: $0.startsOn, through: min($0.endsOn, today.adding(days: -1))) }
        let calendarOf = { (day: LocalDate) in calendars.first { $0.contains(day) } ?? calendars[calendars.count - 1] }

        var userRows: [[any Encodable & Sendable]] = []
        func user(_ username: String, _ name: String, school: UUID?, hash: String?) -> UUID {
            let id = UUID()
            userRows.append([id, districtId, school, username, name, Optional<String>.none, hash, true, started])
            return id
        }
        let bureau = user("bench-bureau", "基准局长", school: nil, hash: hash)
        try await flush(users: &userRows, on: db, report: &report)
        try await RoleMembership(districtId: districtId, userId: bureau, role: .bureauAdmin).create(on: db)

        let primaryCount = scale.schools * 7 / 10
        var loadParentCount = 0
        var principals: [UUID: UUID] = [:]
        for s in 0..<scale.schools {
            let primary = s < primaryCount
            let grades = primary ? Array(1...6) : Array(7...9)
            let classesPerGrade = primary ? 2 : 5
            let school = School()
            school.districtId = districtId
            school.name = String(format: primary ? "第%04d小学" : "第%04d中学", s + 1)
            school.code = String(format: "B%04d", s + 1)
            school.stage = primary ? SchoolStage.primary.rawValue : SchoolStage.junior.rawValue
            school.reviewSubjectLeader = false
            school.reviewHeadTeacher = false
            school.reviewAcademicOffice = s % 5 == 1
            school.allowCapOverride = s % 10 == 2
            school.publishTime = "00:00"
            try await school.create(on: db)
            let schoolId = school.id!
            var rows = Tables()
            // Every school has its administrator, who answers its rectifications; the first school's can sign in.
            let principal = s == 0 ? user("bench-principal", "基准校长", school: schoolId, hash: hash) : user("p\(s + 1)", "校长", school: schoolId, hash: nil)
            rows.roles.append([UUID(), districtId, principal, Role.schoolAdmin.rawValue, schoolId])
            principals[schoolId] = principal
            var benchTeacher: UUID? = nil
            for grade in grades {
                let gradeId = UUID()
                rows.grades.append([gradeId, districtId, schoolId, grade])
                let band = system.band(ofGrade: grade)
                let cap = profile.homework.writtenCap[band].value ?? 0
                let gradeSubjects = subjects.filter { $0.first <= grade && $0.last >= grade }
                // One teacher per subject and grade, teaching all its classes.
                var teachers: [UUID: UUID] = [:]
                for subject in gradeSubjects {
                    if s == 0 && grade == 4 && subject.name == "数学" {
                        benchTeacher = benchTeacher ?? user("bench-teacher", "基准老师", school: schoolId, hash: hash)
                        teachers[subject.id] = benchTeacher
                    } else {
                        // The maths teachers of the first primary and junior schools can sign in: the filing load run files as them.
                        let signsIn = subject.name == "数学" && (s < filingTeacherSchools || (s >= primaryCount && s < primaryCount + filingTeacherSchools))
                        teachers[subject.id] = user("t\(s + 1)-\(grade)-\(subject.name)", "\(subject.name)老师", school: schoolId, hash: signsIn ? hash : nil)
                    }
                }
                for number in 1...classesPerGrade {
                    let classId = UUID()
                    rows.classes.append([classId, districtId, schoolId, gradeId, grade, number, Optional<UUID>.none])
                    for subject in gradeSubjects {
                        rows.teaching.append([UUID(), districtId, schoolId, classId, subject.id, teachers[subject.id]!])
                    }
                    var pupils: [(pupil: UUID, guardian: UUID)] = []
                    for p in 1...scale.classSize {
                        let pupil = UUID()
                        rows.students.append([pupil, districtId, schoolId, classId, "\(padded(s % 100, 2))\(grade)\(padded(number, 2))\(padded(p, 2))", "学生\(p)号", p % 2 == 0 ? "女" : "男"])
                        let isBenchParent = s == 0 && grade == 4 && number == 1 && p == 1
                        let isLoadParent = p == 2 && loadParentCount < Self.loadParents
                        if isLoadParent { loadParentCount += 1 }
                        let username = isBenchParent ? "bench-parent" : isLoadParent ? "bench-parent-\(loadParentCount)" : "g\(s + 1)-\(grade)-\(number)-\(p)"
                        let guardian = user(username, "家长", school: nil, hash: isBenchParent || isLoadParent ? hash : nil)
                        pupils.append((pupil, guardian))
                        rows.guardianships.append([UUID(), districtId, schoolId, pupil, guardian])
                        rows.roles.append([UUID(), districtId, guardian, Role.parent.rawValue, Optional<UUID>.none])
                    }
                    homework(for: classId, schoolId: schoolId, districtId: districtId, band: band, cap: cap, grade: grade, subjects: gradeSubjects,
                             teachers: teachers, pupils: pupils, days: days, today: today, school: school, profile: profile, calendarOf: calendarOf,
                             rows: &rows, rng: &rng)
                    tests(for: classId, schoolId: schoolId, districtId: districtId, grade: grade, primary: primary, subjects: gradeSubjects,
                          teachers: teachers, calendars: calendars, rows: &rows)
                }
            }
            let users = userRows
            userRows = []
            let tables = rows
            try await db.writeTransaction { tx in
                try await insert(users: users, tables: tables, on: tx)
            }
            report.rows += users.count + tables.count
            report.homework += tables.homework.count
            if (s + 1) % max(1, scale.schools / 10) == 0 || s + 1 == scale.schools {
                let seconds = Date().timeIntervalSince(started)
                progress("\(s + 1)/\(scale.schools) schools, \(report.rows) rows (\(report.homework) homework items), \(Int(Double(report.rows) / seconds)) rows/s")
            }
        }
        for sql in deferredIndexes { try await db.sql.raw(SQLQueryString(sql)).run() }
        // After-school as the demo has it: every school's plan, programs and sign-ups, and the last week's registers.
        try await db.writeTransaction { tx in
            try await AfterSchoolDemo.seed(district, today: today, on: tx)
            try await AfterSchoolDemo.registers(district, today: today, lastDays: 5, on: tx)
        }
        progress("after-school: plans, programs, sign-ups and the last five days' registers")
        report.rows += try await supervision(district, bureau: bureau, principals: principals, hash: hash, today: today, policies: app.policies, on: db,
                                             rng: &rng)
        progress("supervision: a visit a school a term with its findings and rectifications, warnings, seed 002's table rated for two terms")
        report.rows += try await growth(district, bureau: bureau, today: today, on: db, rng: &rng)
        progress("tutors: every school's plan, its pupils' tutors by the even split, this term's tasks with gaps")
        report.rows += try await timetables(district, today: today, plan: profile.schoolDay, system: system, on: db)
        progress("timetables: every class's published week")
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    static let bulkTables = ["users", "students", "guardianships", "role_memberships", "teaching_assignments", "homework_entries", "homework_feedback",
                             "class_day_loads", "school_day_loads", "school_tests"]

    /// Drops the tables' own indexes (not those of their UNIQUE and PRIMARY KEY constraints) and returns how to make them again.
    static func dropSecondaryIndexes(of tables: [String], on db: any Database) async throws -> [String] {
        struct Index: Decodable { let name: String; let sql: String }
        var list = SQLQueryString("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (")
        list.appendInterpolation(binds: tables)
        list.appendInterpolation(unsafeRaw: ")")
        let indexes = try await db.sql.raw(list).all(decoding: Index.self)
        for index in indexes { try await db.sql.raw("DROP INDEX \(ident: index.name)").run() }
        return indexes.map(\.sql)
    }

    /// A number with leading zeros, without `String(format:)`, which costs more than the rest of a pupil's row.
    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Rows for one school, table by table.
    struct Tables {
        var grades: [[any Encodable & Sendable]] = []
        var classes: [[any Encodable & Sendable]] = []
        var teaching: [[any Encodable & Sendable]] = []
        var students: [[any Encodable & Sendable]] = []
        var guardianships: [[any Encodable & Sendable]] = []
        var roles: [[any Encodable & Sendable]] = []
        var homework: [[any Encodable & Sendable]] = []
        var feedback: [[any Encodable & Sendable]] = []
        var classDays: [[any Encodable & Sendable]] = []
        var schoolDays: [String: (band: String, columns: [Int])] = [:]
        var tests: [[any Encodable & Sendable]] = []

        var count: Int {
            grades.count + classes.count + teaching.count + students.count + guardianships.count + roles.count + homework.count
                + feedback.count + classDays.count + schoolDays.count + tests.count
        }
    }

    static func homework(for classId: UUID, schoolId: UUID, districtId: UUID, band: GradeBand, cap: Int, grade: Int,
                         subjects: [(id: UUID, name: String, first: Int, last: Int)], teachers: [UUID: UUID], pupils: [(pupil: UUID, guardian: UUID)], days: [LocalDate],
                         today: LocalDate, school: School, profile: PolicyProfile, calendarOf: (LocalDate) -> SchoolCalendar,
                         rows: inout Tables, rng: inout SeededGenerator) {
        let written = subjects.filter { writtenShare[$0.name] != nil }
        let other = subjects.filter { writtenShare[$0.name] == nil }
        let now = Date()
        for day in days {
            var entries: [ClassDayTally.Entry] = []
            var room = cap
            let recent = day.dayNumber >= today.dayNumber - 2
            // A few class-days use the whole allowance; a few more in schools that allow it go over with a reason.
            let atCap = Double.random(in: 0..<1, using: &rng) < 0.05
            for subject in written where cap > 0 && Double.random(in: 0..<1, using: &rng) < 0.8 {
                let share = writtenShare[subject.name] ?? 0.1
                var minutes = max(5, Int((Double(cap) * share * Double.random(in: 0.6...(atCap ? 1.6 : 1.1), using: &rng) / 5).rounded()) * 5)
                var override: String? = nil
                if minutes > room {
                    if school.allowCapOverride && Double.random(in: 0..<1, using: &rng) < 0.1 {
                        override = "单元复习"
                    } else {
                        minutes = room - room % 5
                    }
                }
                guard minutes > 0 else { continue }
                room -= minutes
                let status = status(recent: recent, school: school, rng: &rng)
                entries.append(append(subject: subject.id, teacher: teachers[subject.id]!, minutes: minutes, kind: "written", override: override,
                                      status: status, classId: classId, schoolId: schoolId, districtId: districtId, day: day, now: now, rows: &rows))
            }
            if let subject = other.randomElement(using: &rng), Double.random(in: 0..<1, using: &rng) < 0.7 {
                let kind = ["oral", "reading", "practical", "labour"].randomElement(using: &rng)!
                entries.append(append(subject: subject.id, teacher: teachers[subject.id]!, minutes: 15, kind: kind, override: nil,
                                      status: status(recent: recent, school: school, rng: &rng), classId: classId, schoolId: schoolId,
                                      districtId: districtId, day: day, now: now, rows: &rows))
            }
            var reports: [ClassDayTally.Report] = []
            let published = entries.filter { $0.status == .published }.reduce(0) { $0 + ($1.item.kind == .written ? $1.item.minutes : 0) }
            for (pupil, guardian) in pupils where Double.random(in: 0..<1, using: &rng) < 0.015 {
                let minutes = max(0, Int(Double(published) * Double.random(in: 0.7...1.5, using: &rng)))
                let tooMuch = minutes > cap
                reports.append(.init(minutes: minutes, tooMuch: tooMuch))
                rows.feedback.append([UUID(), districtId, schoolId, classId, pupil, guardian, day.iso, minutes, tooMuch, now, now])
            }
            let rules = LoadRules(profile: profile, calendar: calendarOf(day), band: band)
            let tally = ClassDayTally.of(day, entries: entries, reports: reports, rules: rules)
            guard !tally.isEmpty else { continue }
            rows.classDays.append([UUID(), districtId, schoolId, classId, band.rawValue, day.iso, rules.capMinutes] + tally.columns.map { $0 as any Encodable & Sendable })
            let key = "\(day.iso)|\(band.rawValue)"
            var columns = rows.schoolDays[key]?.columns ?? Array(repeating: 0, count: ClassDayTally.columnNames.count)
            for (index, value) in DailyLoadAggregates.schoolColumns(of: tally).enumerated() { columns[index] += value }
            rows.schoolDays[key] = (band.rawValue, columns)
        }
    }

    static func status(recent: Bool, school: School, rng: inout SeededGenerator) -> ClassDayTally.Status {
        if school.reviewAcademicOffice && recent { return .pending }
        return Double.random(in: 0..<1, using: &rng) < 0.01 ? .inactive : .published
    }

    static func append(subject: UUID, teacher: UUID, minutes: Int, kind: String, override: String?, status: ClassDayTally.Status,
                       classId: UUID, schoolId: UUID, districtId: UUID, day: LocalDate, now: Date, rows: inout Tables) -> ClassDayTally.Entry {
        let id = UUID()
        let statusText = switch status {
        case .pending: HomeworkEntry.Status.pendingReview.rawValue
        case .published: HomeworkEntry.Status.published.rawValue
        case .inactive: HomeworkEntry.Status.withdrawn.rawValue
        }
        rows.homework.append([id, districtId, schoolId, classId, subject, teacher, id, day.iso, day.adding(days: 1).iso, kind, false,
                              Optional<String>.none, minutes, "练习（\(day.iso)）", statusText,
                              status == .pending ? ReviewStep.academicOffice.rawValue : nil, override, false,
                              status == .published ? now : nil, status == .inactive ? "重复布置" : nil, now, now])
        let item = HomeworkItem(id: id, subjectId: subject, kind: HomeworkKind(rawValue: kind) ?? .written, minutes: minutes,
                                assignedOn: day, dueOn: day.adding(days: 1))
        return ClassDayTally.Entry(item: item, status: status, overridden: override != nil)
    }

    /// A final per subject and term (and a mid-term in junior grades), filed by the subject's teacher.
    static func tests(for classId: UUID, schoolId: UUID, districtId: UUID, grade: Int, primary: Bool, subjects: [(id: UUID, name: String, first: Int, last: Int)],
                      teachers: [UUID: UUID], calendars: [SchoolCalendar], rows: inout Tables) {
        let now = Date()
        for calendar in calendars {
            let teaching = calendar.teachingDays(from: calendar.startsOn, through: calendar.endsOn)
            guard let last = teaching.last, teaching.count > 40 else { continue }
            for subject in subjects where writtenShare[subject.name] != nil {
                var kinds = [(grade <= 2 ? "non_paper" : "final", grade > 2, last)]
                if !primary { kinds.append(("midterm", true, teaching[teaching.count / 2])) }
                for (kind, paper, day) in kinds {
                    let id = UUID()
                    rows.tests.append([id, districtId, schoolId, classId, subject.id, teachers[subject.id]!, id, grade, kind, paper, day.iso, 90, 100,
                                       "", SchoolTest.Status.filed.rawValue, "[]", Optional<String>.none, Optional<String>.none, now, now])
                }
            }
        }
    }

    static func flush(users: inout [[any Encodable & Sendable]], on db: any Database, report: inout Report) async throws {
        try await BulkInsert.insert(into: "users", columns: userColumns, rows: users, on: db)
        report.rows += users.count
        users = []
    }

    static let userColumns = ["id", "district_id", "school_id", "username", "display_name", "phone", "password_hash", "is_active", "created_at"]

    static func insert(users: [[any Encodable & Sendable]], tables: Tables, on db: any Database) async throws {
        try await BulkInsert.insert(into: "users", columns: userColumns, rows: users, on: db)
        try await BulkInsert.insert(into: "grades", columns: ["id", "district_id", "school_id", "number"], rows: tables.grades, on: db)
        try await BulkInsert.insert(into: "school_classes", columns: ["id", "district_id", "school_id", "grade_id", "grade_number", "number", "head_teacher_id"],
                                        rows: tables.classes, on: db)
        try await BulkInsert.insert(into: "teaching_assignments", columns: ["id", "district_id", "school_id", "class_id", "subject_id", "teacher_id"],
                                        rows: tables.teaching, on: db)
        try await BulkInsert.insert(into: "role_memberships", columns: ["id", "district_id", "user_id", "role", "school_id"], rows: tables.roles, on: db)
        try await BulkInsert.insert(into: "students", columns: ["id", "district_id", "school_id", "class_id", "student_number", "name", "gender"],
                                        rows: tables.students, on: db)
        try await BulkInsert.insert(into: "guardianships", columns: ["id", "district_id", "school_id", "student_id", "guardian_id"],
                                        rows: tables.guardianships, on: db)
        try await BulkInsert.insert(into: "homework_entries", columns: ["id", "district_id", "school_id", "class_id", "subject_id", "teacher_id", "filing_id",
                                                                           "assigned_on", "due_on", "kind", "optional", "tier", "minutes", "content", "status",
                                                                           "review_step", "override_reason", "possibly_repetitive", "visible_from",
                                                                           "withdrawn_reason", "created_at", "updated_at"],
                                        rows: tables.homework, on: db)
        try await BulkInsert.insert(into: "homework_feedback", columns: ["id", "district_id", "school_id", "class_id", "student_id", "guardian_id", "date",
                                                                            "minutes", "too_much", "created_at", "updated_at"],
                                        rows: tables.feedback, on: db)
        try await BulkInsert.insert(into: "class_day_loads", columns: ["id", "district_id", "school_id", "class_id", "band", "date", "cap_minutes"]
                                            + ClassDayTally.columnNames, rows: tables.classDays, on: db)
        guard let first = tables.classes.first, let schoolId = first[2] as? UUID, let districtId = first[1] as? UUID else { return }
        let schoolDays: [[any Encodable & Sendable]] = tables.schoolDays.map { key, value in
            [UUID(), districtId, schoolId, value.band, String(key.prefix(10))] + value.columns.map { $0 as any Encodable & Sendable }
        }
        try await BulkInsert.insert(into: "school_day_loads", columns: ["id", "district_id", "school_id", "band", "date"] + DailyLoadAggregates.schoolColumns,
                                        rows: schoolDays, on: db)
        try await BulkInsert.insert(into: "school_tests", columns: ["id", "district_id", "school_id", "class_id", "subject_id", "filed_by", "filing_id",
                                                                       "grade_number", "kind", "paper", "held_on", "duration_minutes", "full_marks", "title",
                                                                       "status", "warnings", "specification", "withdrawn_reason", "created_at", "updated_at"],
                                        rows: tables.tests, on: db)
    }
}
