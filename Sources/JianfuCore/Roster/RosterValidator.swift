import Foundation

/// Checks a roster file against its school. All-or-nothing: the caller writes
/// only when there is no problem at all, so every bad row is reported at once.
public enum RosterValidator {
    static let maxNameLength = 32
    static let maxStudentNumberLength = 32

    /// `schools` are the schools the importer may write to; rows name theirs in the 学校 column,
    /// or belong to `defaultSchool` when the column is empty or absent.
    public static func check(data: Data, schools: [RosterContext], defaultSchool: String?) -> Result<RosterFile, RosterRejection> {
        let text: String
        do {
            text = try SpreadsheetText.decode(data).text
        } catch {
            return .failure(RosterRejection(problems: [RosterProblem(line: 1, reason: .unreadableFile)]))
        }
        return check(table: CSVTable(text: text), schools: schools, defaultSchool: defaultSchool)
    }

    public static func check(table: CSVTable, schools: [RosterContext], defaultSchool: String?) -> Result<RosterFile, RosterRejection> {
        guard !table.header.isEmpty else { return .failure(RosterRejection(problems: [RosterProblem(line: 1, reason: .emptyFile)])) }
        guard let kind = RosterKind.detect(header: table.header) else {
            return .failure(RosterRejection(problems: [RosterProblem(line: 1, reason: .unknownLayout)]))
        }
        let missing = kind.columns.required.filter { !table.header.contains($0) }
        guard missing.isEmpty else { return .failure(RosterRejection(problems: missing.map { RosterProblem(line: 1, reason: .missingColumn($0)) })) }
        guard !table.records.isEmpty else { return .failure(RosterRejection(problems: [RosterProblem(line: 1, reason: .emptyFile)])) }

        var reader = RowReader(header: table.header, schools: schools, defaultSchool: defaultSchool)
        switch kind {
        case .classes: return reader.classes(table.records)
        case .students: return reader.students(table.records)
        case .teaching: return reader.teaching(table.records)
        }
    }
}

/// Reads rows of one file, collecting every problem rather than stopping at the first.
struct RowReader {
    let columnIndex: [String: Int]
    let schools: [String: RosterContext]
    let defaultSchool: String?
    var problems: [RosterProblem] = []

    init(header: [String], schools: [RosterContext], defaultSchool: String?) {
        var index: [String: Int] = [:]
        for (i, title) in header.enumerated() where index[title] == nil { index[title] = i }
        self.columnIndex = index
        self.schools = Dictionary(schools.map { ($0.schoolName, $0) }, uniquingKeysWith: { first, _ in first })
        self.defaultSchool = defaultSchool
    }

    func value(_ column: String, _ record: CSVTable.Record) -> String {
        guard let i = columnIndex[column], i < record.fields.count else { return "" }
        return record.fields[i]
    }

    mutating func report(_ line: Int, _ reason: RosterProblem.Reason) {
        problems.append(RosterProblem(line: line, reason: reason))
    }

    mutating func required(_ column: String, _ record: CSVTable.Record, max: Int = RosterValidator.maxNameLength) -> String? {
        let v = value(column, record)
        if v.isEmpty { report(record.line, .missingField(column)); return nil }
        if v.count > max { report(record.line, .tooLong(column: column, max: max)); return nil }
        return v
    }

    /// The row's school: the one it names, or the default; it must be one the importer may write to.
    mutating func school(_ record: CSVTable.Record) -> RosterContext? {
        let named = value("学校", record)
        guard let name = named.isEmpty ? defaultSchool : named else {
            report(record.line, .missingField("学校")); return nil
        }
        guard let context = schools[name] else { report(record.line, .otherSchool(name)); return nil }
        return context
    }

    mutating func grade(_ record: CSVTable.Record, _ context: RosterContext) -> Int? {
        guard let raw = required("年级", record) else { return nil }
        guard let grade = ChineseNumbers.grade(raw, system: context.system) else {
            report(record.line, .unknownGrade(raw)); return nil
        }
        guard context.grades.contains(grade) else { report(record.line, .gradeNotInSchool(grade)); return nil }
        return grade
    }

    /// The class of a row; with `mustExist`, one the school already has.
    mutating func classKey(_ record: CSVTable.Record, _ context: RosterContext?, mustExist: Bool) -> ClassKey? {
        guard let context else { return nil }
        let grade = grade(record, context)
        guard let raw = required("班级", record) else { return nil }
        guard let number = ChineseNumbers.classNumber(raw) else { report(record.line, .unknownClassText(raw)); return nil }
        guard let grade else { return nil }
        let key = ClassKey(grade: grade, number: number)
        if mustExist, !context.classes.contains(key) {
            report(record.line, .unknownClass(grade: grade, classNumber: number)); return nil
        }
        return key
    }

    mutating func classes(_ records: [CSVTable.Record]) -> Result<RosterFile, RosterRejection> {
        var seen: [SchoolClassKey: Int] = [:]
        var rows: [SchoolClassKey] = []
        for record in records {
            let context = school(record)
            guard let context, let key = classKey(record, context, mustExist: false) else { continue }
            let full = SchoolClassKey(school: context.schoolName, classKey: key)
            if let first = seen[full] { report(record.line, .duplicateClass(firstLine: first)); continue }
            seen[full] = record.line
            rows.append(full)
        }
        return problems.isEmpty ? .success(.classes(rows)) : .failure(RosterRejection(problems: problems))
    }

    mutating func students(_ records: [CSVTable.Record]) -> Result<RosterFile, RosterRejection> {
        var numbers: [SchoolScoped: Int] = [:]
        var phones: [String: (name: String, line: Int)] = [:]
        var rows: [StudentRow] = []
        rows.reserveCapacity(records.count)
        for record in records {
            let before = problems.count
            let context = school(record)
            let key = classKey(record, context, mustExist: true)
            let number = required("学号", record, max: RosterValidator.maxStudentNumberLength)
            let name = required("姓名", record)
            let genderText = value("性别", record)
            var gender: String? = nil
            if !genderText.isEmpty {
                if ["男", "女"].contains(genderText) { gender = genderText } else { report(record.line, .invalidGender(genderText)) }
            }
            if let number, let context {
                let scoped = SchoolScoped(school: context.schoolName, value: number)
                if let first = numbers[scoped] { report(record.line, .duplicateStudentNumber(number, firstLine: first)) } else { numbers[scoped] = record.line }
            }
            var guardians: [GuardianRow] = []
            for (nameColumn, phoneColumn, needed) in [("家长姓名", "家长手机", true), ("家长2姓名", "家长2手机", false)] {
                let guardianName = value(nameColumn, record)
                let phoneText = value(phoneColumn, record)
                if !needed && guardianName.isEmpty && phoneText.isEmpty { continue }
                guard let gName = required(nameColumn, record) else { continue }
                if phoneText.isEmpty { report(record.line, .missingField(phoneColumn)); continue }
                guard let phone = ChineseNumbers.mobile(phoneText) else {
                    report(record.line, .malformedPhone(column: phoneColumn, value: phoneText)); continue
                }
                if let owner = phones[phone], owner.name != gName {
                    report(record.line, .phoneNameConflict(phone: phone, otherName: owner.name, firstLine: owner.line)); continue
                }
                phones[phone] = phones[phone] ?? (gName, record.line)
                guardians.append(GuardianRow(name: gName, phone: phone))
            }
            if problems.count == before, let context, let key, let number, let name {
                rows.append(StudentRow(line: record.line, school: context.schoolName, classKey: key, studentNumber: number, name: name, gender: gender, guardians: guardians))
            }
        }
        return problems.isEmpty ? .success(.students(rows)) : .failure(RosterRejection(problems: problems))
    }

    mutating func teaching(_ records: [CSVTable.Record]) -> Result<RosterFile, RosterRejection> {
        struct Slot: Hashable { let key: SchoolClassKey; let subject: String }
        var slots: [Slot: (teacher: String, phone: String, line: Int)] = [:]
        var heads: [SchoolClassKey: (teacher: String, phone: String, line: Int)] = [:]
        var phones: [String: (name: String, line: Int)] = [:]
        var rows: [TeachingRow] = []
        for record in records {
            let before = problems.count
            let context = school(record)
            let key = classKey(record, context, mustExist: true).map { SchoolClassKey(school: context!.schoolName, classKey: $0) }
            let subject = required("学科", record)
            let teacher = required("教师姓名", record)
            let phoneText = value("教师手机", record)
            var phone: String? = nil
            if phoneText.isEmpty { report(record.line, .missingField("教师手机")) }
            else if let p = ChineseNumbers.mobile(phoneText) { phone = p }
            else { report(record.line, .malformedPhone(column: "教师手机", value: phoneText)) }
            if let subject, let context, !context.subjects.contains(subject) { report(record.line, .unknownSubject(subject)) }
            let isHead = ["是", "Y", "y", "1", "√"].contains(value("班主任", record))
            if let phone, let teacher {
                if let owner = phones[phone], owner.name != teacher {
                    report(record.line, .phoneNameConflict(phone: phone, otherName: owner.name, firstLine: owner.line))
                } else if phones[phone] == nil {
                    phones[phone] = (teacher, record.line)
                }
            }
            if let key, let subject, let teacher, let phone {
                let slot = Slot(key: key, subject: subject)
                if let existing = slots[slot] {
                    if existing.phone == phone { report(record.line, .duplicateAssignment(firstLine: existing.line)) }
                    else { report(record.line, .conflictingTeacher(otherTeacher: existing.teacher, firstLine: existing.line)) }
                } else {
                    slots[slot] = (teacher, phone, record.line)
                }
                if isHead {
                    if let head = heads[key], head.phone != phone {
                        report(record.line, .conflictingHeadTeacher(otherTeacher: head.teacher, firstLine: head.line))
                    } else {
                        heads[key] = (teacher, phone, record.line)
                    }
                }
            }
            if problems.count == before, let key, let subject, let teacher, let phone {
                rows.append(TeachingRow(line: record.line, school: key.school, classKey: key.classKey, subject: subject, teacherName: teacher, phone: phone, isHeadTeacher: isHead))
            }
        }
        return problems.isEmpty ? .success(.teaching(rows)) : .failure(RosterRejection(problems: problems))
    }
}
