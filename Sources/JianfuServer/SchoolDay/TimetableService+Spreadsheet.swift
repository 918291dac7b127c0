import Fluent
import Foundation
import JianfuCore

/// Timetables as a spreadsheet: one line a period, with the class on each line when a school imports all its classes
/// at once (CSV as Excel saves it, UTF-8 or GB18030). An import is all or nothing, and every bad line is named.
extension TimetableService {
    /// The columns by their string keys, in the order of the file; the class column only in a school's file.
    static let columns = ["tt.col.weekday", "tt.col.start", "tt.col.end", "tt.col.subject", "tt.col.activity", "tt.col.teacher"]
    static let classColumn = "tt.col.class"

    /// A class's week as rows: the header and one line a period.
    static func rows(_ periods: [StoredPeriod], language: Language) -> [[String]] {
        [columns.map { Strings.text($0, language) }] + periods.map { p in
            [TimetableText.weekday(p.weekday, language), p.start, p.end, p.course ?? "", p.activity ?? "", p.teacherName ?? ""]
        }
    }

    /// The rows as the form's text, quoted as a spreadsheet would where a field holds a comma or a quote.
    static func text(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { $0.contains(where: { ",\"\n".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ",")
        }.joined(separator: "\n")
    }

    /// The periods a CSV text lists, with the class each line names when `withClass`.
    static func inputs(csv text: String, withClass: Bool) throws -> [(classText: String, input: PeriodInput)] {
        let table = CSVTable(text: text)
        let headers = table.header.map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")) }
        func column(_ key: String) -> Int? { headers.firstIndex { $0 == Strings.text(key, .zh) || $0.caseInsensitiveCompare(Strings.text(key, .en)) == .orderedSame } }
        let required = (withClass ? [classColumn] : []) + ["tt.col.weekday", "tt.col.start", "tt.col.end"]
        let missing = required.filter { column($0) == nil }
        guard missing.isEmpty else { throw SchoolDayError.missingColumns(missing.map { Strings.text($0, .zh) }.joined(separator: "、")) }
        let (weekday, start, end) = (column("tt.col.weekday")!, column("tt.col.start")!, column("tt.col.end")!)
        let (subject, activity, teacher, klass) = (column("tt.col.subject"), column("tt.col.activity"), column("tt.col.teacher"), column(classColumn))
        return table.records.map { record in
            func field(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                let value = record.fields[index]
                return value.isEmpty ? nil : value
            }
            return (field(klass) ?? "", PeriodInput(line: record.line, weekday: field(weekday) ?? "", start: field(start) ?? "", end: field(end) ?? "",
                                                    subject: field(subject), subjectId: nil, activity: field(activity), teacher: field(teacher), teacherId: nil))
        }
    }

    /// "4年级1班", "Grade 4 class 1", "4-1", "四年级1班" is not read: the grade and class are the line's first two numbers.
    static func classNumbers(_ text: String) -> (grade: Int, number: Int)? {
        let numbers = text.split { !$0.isNumber }.compactMap { Int($0) }
        guard numbers.count == 2 else { return nil }
        return (numbers[0], numbers[1])
    }

    /// A school's file of every class's week: each class named on its lines is published, or none is.
    static func importSchool(_ data: Data, schoolId: UUID, note: String, _ actor: Actor, policies: PolicyStore, on db: any Database) async throws -> [Published] {
        guard let school = try await School.find(schoolId, on: db), school.districtId == actor.districtId else { throw AppError.notFound }
        guard actor.adminSchoolIds.contains(schoolId) else { throw AppError.forbidden }
        guard let district = try await District.find(school.districtId, on: db) else { throw AppError.notFound }
        let text: String
        do { text = try SpreadsheetText.decode(data).text } catch { throw SchoolDayError.unreadable }
        let lines = try inputs(csv: text, withClass: true)
        let classes = try await SchoolClass.query(on: db).filter(\.$schoolId == schoolId).all()
        var byClass: [UUID: [PeriodInput]] = [:]
        var order: [UUID] = []
        var problems: [RowProblem] = []
        for (classText, input) in lines {
            guard let numbers = classNumbers(classText),
                  let schoolClass = classes.first(where: { $0.gradeNumber == numbers.grade && $0.number == numbers.number }) else {
                problems.append(RowProblem(line: input.line, problem: TimetableProblem(rule: "", code: "unknownClass", args: [String(input.line), classText])))
                continue
            }
            if byClass[schoolClass.id!] == nil { order.append(schoolClass.id!) }
            byClass[schoolClass.id!, default: []].append(input)
        }
        guard !order.isEmpty || !problems.isEmpty else { throw SchoolDayError.empty }
        let rows = order.map { id in (classes.first { $0.id == id }!, byClass[id]!) }
        return try await publish(rows, school: school, district: district, note: note, actor, policies: policies, known: problems, on: db)
    }
}
