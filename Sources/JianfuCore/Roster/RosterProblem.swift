/// One thing wrong with one row of an import, said the way a school clerk can act on.
public struct RosterProblem: Equatable, Sendable {
    public let line: Int
    public let reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public enum Reason: Equatable, Sendable {
        case unreadableFile
        case emptyFile
        case unknownLayout
        case missingColumn(String)
        case missingField(String)
        case tooLong(column: String, max: Int)
        case unknownGrade(String)
        case gradeNotInSchool(Int)
        case unknownClass(grade: Int, classNumber: Int)
        case unknownClassText(String)
        case duplicateStudentNumber(String, firstLine: Int)
        case malformedPhone(column: String, value: String)
        case invalidGender(String)
        case phoneNameConflict(phone: String, otherName: String, firstLine: Int)
        case unknownSubject(String)
        case duplicateAssignment(firstLine: Int)
        case conflictingTeacher(otherTeacher: String, firstLine: Int)
        case conflictingHeadTeacher(otherTeacher: String, firstLine: Int)
        case otherSchool(String)
        case duplicateClass(firstLine: Int)
    }

    public func message(english: Bool) -> String {
        switch reason {
        case .unreadableFile:
            return english ? "The file is neither UTF-8 nor GB18030 text. Save it from Excel as CSV." : "无法识别文件编码（既不是 UTF-8 也不是 GB18030），请在 Excel 中另存为 CSV 文件。"
        case .emptyFile:
            return english ? "The file has no rows." : "文件中没有数据行。"
        case .unknownLayout:
            return english ? "The header row matches none of the templates (classes, pupils, teaching)." : "表头与任何模板（班级、学生、任课）都不匹配，请下载模板对照。"
        case .missingColumn(let c):
            return english ? "Column \(c) is missing from the header row." : "表头缺少“\(c)”列。"
        case .missingField(let c):
            return english ? "\(c) is empty." : "“\(c)”不能为空。"
        case .tooLong(let c, let max):
            return english ? "\(c) is longer than \(max) characters." : "“\(c)”超过 \(max) 个字。"
        case .unknownGrade(let g):
            return english ? "Grade \"\(g)\" is not a grade from 1 to 9." : "年级“\(g)”无法识别（应为一至九年级）。"
        case .gradeNotInSchool(let g):
            return english ? "This school has no grade \(g)." : "本校没有\(g)年级。"
        case .unknownClass(let g, let c):
            return english ? "Grade \(g) class \(c) does not exist; import the class list first." : "\(g)年级\(c)班不存在，请先导入班级名单。"
        case .unknownClassText(let c):
            return english ? "Class \"\(c)\" cannot be read as a class number." : "班级“\(c)”无法识别。"
        case .duplicateStudentNumber(let n, let first):
            return english ? "Pupil number \(n) already appears on line \(first)." : "学号 \(n) 与第 \(first) 行重复。"
        case .malformedPhone(let c, let v):
            return english ? "\(c) \"\(v)\" is not an 11-digit mobile number." : "\(c)“\(v)”不是有效的 11 位手机号码。"
        case .invalidGender(let g):
            return english ? "Sex \"\(g)\" must be 男 or 女." : "性别“\(g)”应为“男”或“女”。"
        case .phoneNameConflict(let p, let other, let first):
            return english ? "Mobile \(p) belongs to \(other) on line \(first)." : "手机号 \(p) 在第 \(first) 行属于“\(other)”，同一手机号不能对应不同的人。"
        case .unknownSubject(let s):
            return english ? "Subject \"\(s)\" is not one of the district's subjects." : "学科“\(s)”不在本区学科目录中。"
        case .duplicateAssignment(let first):
            return english ? "The same teacher, class and subject already appear on line \(first)." : "与第 \(first) 行重复：同一教师、班级、学科只能出现一次。"
        case .conflictingTeacher(let other, let first):
            return english ? "This class and subject is already given to \(other) on line \(first)." : "该班该学科已在第 \(first) 行安排给“\(other)”。"
        case .conflictingHeadTeacher(let other, let first):
            return english ? "This class already has \(other) as head teacher on line \(first)." : "该班已在第 \(first) 行指定“\(other)”为班主任。"
        case .otherSchool(let s):
            return english ? "School \"\(s)\" is not a school you may import into." : "学校“\(s)”不存在或不在您可导入的范围内。"
        case .duplicateClass(let first):
            return english ? "This class already appears on line \(first)." : "与第 \(first) 行的班级重复。"
        }
    }
}

/// A file refused as a whole, with every problem found in it.
public struct RosterRejection: Error, Sendable, Equatable {
    public let problems: [RosterProblem]
}
