import Foundation
import Testing
@testable import JianfuCore

@Suite struct RosterTests {
    let context = RosterContext(
        schoolName: "第一实验小学", system: .sixThree, grades: 1...6,
        classes: [ClassKey(grade: 4, number: 1), ClassKey(grade: 4, number: 2)],
        subjects: ["语文", "数学", "英语"])

    func check(_ text: String) -> Result<RosterFile, RosterRejection> {
        RosterValidator.check(data: Data(text.utf8), schools: [context], defaultSchool: context.schoolName)
    }

    func problems(_ text: String) -> [RosterProblem] {
        if case .failure(let rejection) = check(text) { return rejection.problems }
        Issue.record("expected problems")
        return []
    }

    @Test func readsQuotedFieldsAndLineBreaks() {
        let table = CSVTable(text: "a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n4,\"multi\nline\",6\n7,8,9")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.records.map(\.fields) == [["1", "x, \"y\"", "3"], ["4", "multi\nline", "6"], ["7", "8", "9"]])
        #expect(table.records.map(\.line) == [2, 4, 6])
    }

    @Test func readsExcelsUTF8WithBOM() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("年级,班级\r\n四年级,1班\r\n".utf8))
        let result = RosterValidator.check(data: data, schools: [context], defaultSchool: context.schoolName)
        guard case .success(.classes(let rows)) = result else { Issue.record("\(result)"); return }
        #expect(rows.map(\.classKey) == [ClassKey(grade: 4, number: 1)])
    }

    @Test func readsGB18030AsSavedByChineseExcel() throws {
        let data = try Fixture.data("students-gb18030.csv")
        #expect(try SpreadsheetText.decode(data).encoding == .gb18030)
        guard case .success(.students(let rows)) = RosterValidator.check(data: data, schools: [context], defaultSchool: nil) else {
            Issue.record("GB18030 file not accepted"); return
        }
        #expect(rows.map(\.name) == ["王小明", "李晓红"])
        #expect(rows[1].classKey == ClassKey(grade: 4, number: 2))
        #expect(rows[0].guardians == [GuardianRow(name: "王建国", phone: "13800138000")])
    }

    @Test func refusesBytesThatAreNoText() {
        let p = RosterValidator.check(data: Data([0xFF, 0xFE, 0x00, 0x81, 0xFF, 0xFF]), schools: [context], defaultSchool: nil)
        guard case .failure(let rejection) = p else { Issue.record("accepted garbage"); return }
        #expect(rejection.problems.first?.reason == .unreadableFile)
    }

    @Test func understandsTheWaysPeopleWriteGradesAndClasses() {
        #expect(ChineseNumbers.grade("四年级", system: .sixThree) == 4)
        #expect(ChineseNumbers.grade("4", system: .sixThree) == 4)
        #expect(ChineseNumbers.grade("初一", system: .sixThree) == 7)
        #expect(ChineseNumbers.grade("初一", system: .fiveFour) == 6)
        #expect(ChineseNumbers.grade("七年级", system: .sixThree) == 7)
        #expect(ChineseNumbers.grade("十年级", system: .sixThree) == nil)
        #expect(ChineseNumbers.classNumber("(2)班") == 2)
        #expect(ChineseNumbers.classNumber("（12）班") == 12)
        #expect(ChineseNumbers.classNumber("四年级3班") == 3)
        #expect(ChineseNumbers.classNumber("十一班") == 11)
        #expect(ChineseNumbers.classNumber("甲班") == nil)
        #expect(ChineseNumbers.mobile("138-0013-8000") == "13800138000")
        #expect(ChineseNumbers.mobile("12800138000") == nil)
        #expect(ChineseNumbers.mobile("1380013800") == nil)
    }

    @Test func reportsEveryKindOfBadStudentRowWithItsLine() {
        let text = """
        年级,班级,学号,姓名,性别,家长姓名,家长手机,家长2姓名,家长2手机
        四年级,1班,1001,王小明,男,王建国,13800138000,,
        四年级,1班,1001,李四,男,李强,13900139000,,
        四年级,9班,1003,赵五,女,赵六,13700137000,,
        四年级,1班,1004,,女,钱七,13600136000,,
        四年级,1班,1005,孙八,男,孙九,1234,,
        四年级,1班,1006,周十,X,周父,13500135000,,
        四年级,1班,1007,吴一,女,吴二,13800138000,,
        十年级,1班,1008,郑二,男,郑父,13300133000,,
        四年级,1班,1009,冯三,男,冯父,13300133001,冯母,
        """
        let lines = problems(text).map { ($0.line, $0.reason) }
        #expect(lines.contains { $0.0 == 3 && $0.1 == .duplicateStudentNumber("1001", firstLine: 2) })
        #expect(lines.contains { $0.0 == 4 && $0.1 == .unknownClass(grade: 4, classNumber: 9) })
        #expect(lines.contains { $0.0 == 5 && $0.1 == .missingField("姓名") })
        #expect(lines.contains { $0.0 == 6 && $0.1 == .malformedPhone(column: "家长手机", value: "1234") })
        #expect(lines.contains { $0.0 == 7 && $0.1 == .invalidGender("X") })
        #expect(lines.contains { $0.0 == 8 && $0.1 == .phoneNameConflict(phone: "13800138000", otherName: "王建国", firstLine: 2) })
        #expect(lines.contains { $0.0 == 9 && $0.1 == .unknownGrade("十年级") })
        #expect(lines.contains { $0.0 == 10 && $0.1 == .missingField("家长2手机") })
        #expect(!lines.contains { $0.0 == 2 }, "the good row is not reported")
    }

    @Test func everyProblemHasAChineseMessage() {
        let p = RosterProblem(line: 3, reason: .duplicateStudentNumber("1001", firstLine: 2))
        #expect(p.message(english: false) == "学号 1001 与第 2 行重复。")
        #expect(p.message(english: true).contains("line 2"))
    }

    @Test func reportsBadTeachingRows() {
        let text = """
        年级,班级,学科,教师姓名,教师手机,班主任
        四年级,1班,数学,张老师,13700137000,是
        四年级,1班,数学,张老师,13700137000,
        四年级,2班,数学,张老师,13700137000,
        四年级,2班,数学,李老师,13700137001,
        四年级,2班,体操,李老师,13700137001,
        四年级,1班,语文,王老师,13700137002,是
        四年级,2班,英语,陈老师,1370013700,
        """
        let lines = problems(text).map { ($0.line, $0.reason) }
        #expect(lines.contains { $0.0 == 3 && $0.1 == .duplicateAssignment(firstLine: 2) })
        #expect(lines.contains { $0.0 == 5 && $0.1 == .conflictingTeacher(otherTeacher: "张老师", firstLine: 4) })
        #expect(lines.contains { $0.0 == 6 && $0.1 == .unknownSubject("体操") })
        #expect(lines.contains { $0.0 == 7 && $0.1 == .conflictingHeadTeacher(otherTeacher: "张老师", firstLine: 2) })
        #expect(lines.contains { $0.0 == 8 && $0.1 == .malformedPhone(column: "教师手机", value: "1370013700") })
    }

    @Test func refusesAFileWithoutTheRequiredColumns() {
        #expect(problems("年级,班级,学号,姓名\n四年级,1班,1,王\n").map(\.reason) == [.missingColumn("家长姓名"), .missingColumn("家长手机")])
        #expect(problems("名字,电话\n王,1\n").map(\.reason) == [.unknownLayout])
        #expect(problems("").map(\.reason) == [.emptyFile])
    }

    @Test func refusesRowsForAnotherSchool() {
        let p = problems("学校,年级,班级\n第二小学,四年级,1班\n")
        #expect(p.map(\.reason) == [.otherSchool("第二小学")])
    }

    @Test func aDistrictFileSpansSchoolsAndChecksEachAgainstItsOwn() {
        let junior = RosterContext(schoolName: "第一中学", system: .sixThree, grades: 7...9, classes: [ClassKey(grade: 7, number: 1)], subjects: ["数学"])
        let text = "学校,年级,班级,学号,姓名,家长姓名,家长手机\n第一实验小学,四年级,1班,1,甲,甲父,13800000001\n第一中学,初一,1班,1,乙,乙父,13800000002\n第一中学,四年级,1班,2,丙,丙父,13800000003\n,七年级,1班,3,丁,丁父,13800000004\n"
        guard case .failure(let rejection) = RosterValidator.check(data: Data(text.utf8), schools: [context, junior], defaultSchool: nil) else {
            Issue.record("expected problems"); return
        }
        #expect(rejection.problems.map(\.line) == [4, 5])
        #expect(rejection.problems.map(\.reason) == [.gradeNotInSchool(4), .missingField("学校")])
    }

    @Test func templatesAreRecognisedAsTheirKind() {
        for kind in RosterKind.allCases {
            let table = CSVTable(text: kind.templateRows.map { $0.joined(separator: ",") }.joined(separator: "\n"))
            #expect(RosterKind.detect(header: table.header) == kind)
        }
    }
}

/// Every CSV Jianfu writes goes through `SpreadsheetText.excelCSV`: a cell Excel would run as a formula stays text.
@Suite struct SpreadsheetFormulaTests {
    @Test func cellsThatLookLikeFormulasAreKeptAsText() {
        let csv = String(decoding: SpreadsheetText.excelCSV([["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+cmd", "@SUM(A1)", "\tx", "\rx",
                                                                "-5", "3.5", "正常作业"]]), as: UTF8.self)
        let cells = csv.dropFirst().dropLast()  // the BOM, and "\r\n", one Character
        #expect(cells == #""'=HYPERLINK(""http://x"",""点我"")",'+1+1,'-2+cmd,'@SUM(A1),'"# + "\tx,\"'\rx\",-5,3.5,正常作业")
    }
}
