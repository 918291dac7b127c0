import Foundation

/// The three spreadsheets a school keeps, recognised by their header row.
public enum RosterKind: String, Sendable, CaseIterable {
    case classes
    case students
    case teaching

    /// Column titles as in the downloadable templates; the first ones are required.
    public var columns: (required: [String], optional: [String]) {
        switch self {
        case .classes: (["年级", "班级"], ["学校"])
        case .students: (["年级", "班级", "学号", "姓名", "家长姓名", "家长手机"], ["学校", "性别", "家长2姓名", "家长2手机"])
        case .teaching: (["年级", "班级", "学科", "教师姓名", "教师手机"], ["学校", "班主任"])
        }
    }

    public var templateRows: [[String]] {
        switch self {
        case .classes:
            [["学校", "年级", "班级"], ["第一实验小学", "四年级", "1班"], ["第一实验小学", "四年级", "2班"]]
        case .students:
            [["学校", "年级", "班级", "学号", "姓名", "性别", "家长姓名", "家长手机", "家长2姓名", "家长2手机"],
             ["第一实验小学", "四年级", "1班", "20210101", "王小明", "男", "王建国", "13800138000", "李芳", "13900139000"]]
        case .teaching:
            [["学校", "年级", "班级", "学科", "教师姓名", "教师手机", "班主任"],
             ["第一实验小学", "四年级", "1班", "数学", "张老师", "13700137000", "是"]]
        }
    }

    static func detect(header: [String]) -> RosterKind? {
        let columns = Set(header)
        if columns.contains("学号") { return .students }
        if columns.contains("学科") || columns.contains("教师姓名") { return .teaching }
        if columns.contains("年级") && columns.contains("班级") { return .classes }
        return nil
    }
}

public struct ClassKey: Hashable, Sendable, Comparable {
    public let grade: Int
    public let number: Int

    public init(grade: Int, number: Int) {
        self.grade = grade
        self.number = number
    }

    public static func < (a: ClassKey, b: ClassKey) -> Bool { (a.grade, a.number) < (b.grade, b.number) }
}

public struct SchoolClassKey: Hashable, Sendable {
    public let school: String
    public let classKey: ClassKey

    public init(school: String, classKey: ClassKey) {
        self.school = school
        self.classKey = classKey
    }
}

struct SchoolScoped: Hashable {
    let school: String
    let value: String
}

/// What a school's import is checked against.
public struct RosterContext: Sendable {
    public let schoolName: String
    public let system: SchoolSystem
    public let grades: ClosedRange<Int>
    public let classes: Set<ClassKey>
    public let subjects: Set<String>

    public init(schoolName: String, system: SchoolSystem, grades: ClosedRange<Int>, classes: Set<ClassKey>, subjects: Set<String>) {
        self.schoolName = schoolName
        self.system = system
        self.grades = grades
        self.classes = classes
        self.subjects = subjects
    }
}

public struct GuardianRow: Equatable, Sendable {
    public let name: String
    public let phone: String
}

public struct StudentRow: Equatable, Sendable {
    public let line: Int
    public let school: String
    public let classKey: ClassKey
    public let studentNumber: String
    public let name: String
    public let gender: String?
    public let guardians: [GuardianRow]
}

public struct TeachingRow: Equatable, Sendable {
    public let line: Int
    public let school: String
    public let classKey: ClassKey
    public let subject: String
    public let teacherName: String
    public let phone: String
    public let isHeadTeacher: Bool
}

/// A whole file checked: either every row is good, or the problems of every bad row.
public enum RosterFile: Sendable {
    case classes([SchoolClassKey])
    case students([StudentRow])
    case teaching([TeachingRow])

    public var kind: RosterKind {
        switch self {
        case .classes: .classes
        case .students: .students
        case .teaching: .teaching
        }
    }

    public var rowCount: Int {
        switch self {
        case .classes(let rows): rows.count
        case .students(let rows): rows.count
        case .teaching(let rows): rows.count
        }
    }
}
