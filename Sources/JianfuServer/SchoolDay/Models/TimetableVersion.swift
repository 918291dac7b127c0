import Fluent
import Foundation
import JianfuCore

/// One published version of a class's week. `periods`, `problems` and `changes` are JSON of the structs below.
final class TimetableVersion: Model, @unchecked Sendable {
    static let schema = "timetable_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtId: UUID
    @Field(key: "school_id") var schoolId: UUID
    @Field(key: "class_id") var classId: UUID
    @Field(key: "number") var number: Int
    @Field(key: "periods") var periods: String
    @Field(key: "problems") var problems: String
    @Field(key: "meets") var meets: Bool
    @Field(key: "changes") var changes: String
    @Field(key: "note") var note: String
    @OptionalField(key: "published_by") var publishedBy: UUID?
    @Field(key: "published_at") var publishedAt: Date

    init() {}

    /// A class's version `number` of its week, checked against the plan, with what changed from the version before
    /// (none for a first). Returns the stored problems and changes beside it, for the caller's answer and audit.
    static func checked(_ schoolClass: SchoolClass, number: Int, periods: [StoredPeriod], before: [StoredPeriod]?, note: String, by: UUID?, at date: Date,
                        system: SchoolSystem, plan: PolicyProfile.SchoolDay) -> (version: TimetableVersion, problems: [StoredProblem], changes: [TimetableChange]) {
        let shortfalls = TimetableCheck.shortfalls(periods.map(\.period), grade: schoolClass.gradeNumber, system: system, plan: plan)
        let problems = shortfalls.map(StoredProblem.init)
        let changes = before.map { TimetableChange.between($0, periods) } ?? []
        let version = TimetableVersion()
        version.districtId = schoolClass.districtId
        version.schoolId = schoolClass.schoolId
        version.classId = schoolClass.id!
        version.number = number
        version.periods = JSONText.encode(periods)
        version.problems = JSONText.encode(problems)
        version.meets = TimetableCheck.meets(shortfalls)
        version.changes = JSONText.encode(changes)
        version.note = note
        version.publishedBy = by
        version.publishedAt = date
        return (version, problems, changes)
    }
}

/// A period as a version keeps it: the course's name as the plan knows it, its subject where it is one of the
/// district's, and its teacher with the name shown on the published page.
struct StoredPeriod: Codable, Sendable, Equatable {
    let weekday: Int
    let start: String
    let end: String
    let course: String?
    let subjectId: UUID?
    let activity: String?
    let teacherId: UUID?
    let teacherName: String?

    var period: TimetablePeriod {
        TimetablePeriod(weekday: weekday, start: TimeOfDay(hhmm: start)!, end: TimeOfDay(hhmm: end)!, course: course, activity: activity,
                        teacher: teacherId?.uuidString)
    }

    var label: String { course ?? activity ?? "" }
}

struct StoredProblem: Codable, Sendable, Equatable {
    let rule: String
    let code: String
    let args: [String]
    let guideline: Bool

    init(_ problem: TimetableProblem) {
        rule = problem.rule
        code = problem.code
        args = problem.args
        guideline = problem.guideline
    }
}

/// What a version changed from the one before it, period by period (by weekday and start).
struct TimetableChange: Codable, Sendable, Equatable {
    let weekday: Int
    let start: String
    let from: String
    let to: String

    static func between(_ old: [StoredPeriod], _ new: [StoredPeriod]) -> [TimetableChange] {
        func key(_ p: StoredPeriod) -> String { "\(p.weekday) \(p.start)" }
        func text(_ p: StoredPeriod?) -> String {
            guard let p else { return "" }
            return [p.label, p.teacherName].compactMap { $0 }.joined(separator: " ") + " (\(p.start)–\(p.end))"
        }
        let before = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        return Set(before.keys).union(after.keys).sorted { a, b in
            let pa = (before[a] ?? after[a])!, pb = (before[b] ?? after[b])!
            return (pa.weekday, pa.start) < (pb.weekday, pb.start)
        }.compactMap { k in
            let from = text(before[k]), to = text(after[k])
            guard from != to else { return nil }
            let p = (before[k] ?? after[k])!
            return TimetableChange(weekday: p.weekday, start: p.start, from: from, to: to)
        }
    }
}
