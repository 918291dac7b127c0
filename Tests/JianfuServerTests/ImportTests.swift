import Fluent
import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct ImportTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
    }

    func counts(_ app: Application) async throws -> [Int] {
        [try await Student.query(on: app.db).count(), try await User.query(on: app.db).count(),
         try await Guardianship.query(on: app.db).count(), try await RoleMembership.query(on: app.db).count()]
    }

    @Test func schoolAdminImportsAGB18030FileAndReimportingChangesNothing() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/import")
            let data = try Self.fixture("students-gb18030.csv")
            let before = try await counts(app)
            let first = try await principal.upload("/import", file: data, fileName: "学生.csv")
            #expect(first.status == .ok)
            #expect(first.text.contains("新增 2"))
            let pupil = try #require(try await Student.query(on: app.db).filter(\.$name == "王小明").first())
            #expect(pupil.classId == (try await app.classId("第一实验小学", grade: 4, number: 1)))
            let afterFirst = try await counts(app)
            #expect(afterFirst == [before[0] + 2, before[1] + 2, before[2] + 2, before[3] + 2])
            let second = try await principal.upload("/import", file: data, fileName: "学生.csv")
            #expect(second.status == .ok)
            #expect(second.text.contains("未变 2"))
            #expect(try await counts(app) == afterFirst)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "import").count() == 2)
        }
    }

    @Test func aFileWithOneBadRowWritesNothingAndListsEveryBadRow() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/import")
            let csv = """
            年级,班级,学号,姓名,性别,家长姓名,家长手机
            四年级,1班,X001,新同学,男,新家长,13811112222
            四年级,7班,X002,错班级,女,某家长,13811113333
            四年级,1班,X003,错手机,女,某家长,1381111
            四年级,1班,X001,重复,男,另家长,13811114444
            """
            let before = try await counts(app)
            let response = try await principal.upload("/import", file: Data(csv.utf8), fileName: "bad.csv")
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("4年级7班不存在"))
            #expect(response.text.contains("不是有效的 11 位手机号码"))
            #expect(response.text.contains("与第 2 行重复"))
            #expect(response.text.contains("<td class=\"num\">3</td>"))
            #expect(response.text.contains("<td class=\"num\">5</td>"))
            #expect(try await counts(app) == before, "nothing written")
        }
    }

    @Test func schoolAdminCannotImportIntoAnotherSchool() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/import")
            let csv = "学校,年级,班级,学号,姓名,家长姓名,家长手机\n城关小学,四年级,1班,Y1,外校生,外校家长,13822223333\n"
            let response = try await principal.upload("/import", file: Data(csv.utf8), fileName: "x.csv")
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("不在您可导入的范围内"))
            let otherSchool = try await app.schoolId("城关小学")
            let forced = try await principal.upload("/import", file: Data("年级,班级\n四年级,3班\n".utf8), fileName: "c.csv", fields: ["schoolId": otherSchool.uuidString])
            #expect(forced.status == .notFound)
            #expect(try await SchoolClass.query(on: app.db).filter(\.$schoolId == otherSchool).filter(\.$gradeNumber == 4).count() == 2)
        }
    }

    @Test func classesThenTeachingMakeTeachersAndHeadTeachers() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/import")
            let classes = try await principal.upload("/import", file: Data("年级,班级\n四年级,3班\n四年级,(4)班\n".utf8), fileName: "c.csv")
            #expect(classes.status == .ok)
            let newClass = try await app.classId("第一实验小学", grade: 4, number: 3)
            let teaching = """
            年级,班级,学科,教师姓名,教师手机,班主任
            四年级,3班,数学,赵新,13655556666,是
            四年级,3班,语文,钱新,13655557777,
            """
            let result = try await principal.upload("/import", file: Data(teaching.utf8), fileName: "t.csv")
            #expect(result.status == .ok)
            let teacher = try #require(try await User.query(on: app.db).filter(\.$username == "13655556666").first())
            #expect(teacher.passwordHash == nil, "an imported account waits for a password to be issued")
            let schoolClass = try #require(try await SchoolClass.find(newClass, on: app.db))
            #expect(schoolClass.headTeacherId == teacher.id)
            #expect(try await TeachingAssignment.query(on: app.db).filter(\.$classId == newClass).count() == 2)
            let again = try await principal.upload("/import", file: Data(teaching.utf8), fileName: "t.csv")
            #expect(again.text.contains("未变 2"))
        }
    }

    @Test func templatesDownloadAsExcelReadyCSV() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            for kind in ["classes", "students", "teaching"] {
                let response = try await principal.get("/import/templates/\(kind).csv")
                #expect(response.status == .ok)
                #expect(Array(Data(buffer: response.body).prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM for Excel")
                #expect(response.text.contains("年级"))
            }
            #expect(try await principal.get("/import/templates/nope.csv").status == .notFound)
        }
    }

    @Test func emptyUploadIsAClearError() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/import")
            let response = try await principal.upload("/import", file: Data(), fileName: "empty.csv")
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("请选择要上传的 CSV 文件"))
        }
    }
}

@Suite struct DistrictImportTests {
    @Test func theCommandLineImportsADistrictFileAcrossSchoolsAllOrNothing() async throws {
        try await TestApp.withApp { app in
            let district = try #require(try await District.query(on: app.db).first())
            let classes = "学校,年级,班级\n第一实验小学,四年级,5班\n第一中学,初一,6班\n"
            guard case .success(let made) = try await ImportService.importForDistrict(Data(classes.utf8), fileName: "c.csv", districtId: district.id!,
                                                                                      defaultSchool: nil, on: app.db) else {
                Issue.record("classes refused"); return
            }
            #expect(made.created == 2)
            let pupils = """
            学校,年级,班级,学号,姓名,家长姓名,家长手机
            第一实验小学,四年级,5班,D1,甲同学,甲家长,13512340001
            第一中学,七年级,6班,D2,乙同学,甲家长,13512340001
            """
            guard case .success(let outcome) = try await ImportService.importForDistrict(Data(pupils.utf8), fileName: "s.csv", districtId: district.id!,
                                                                                         defaultSchool: nil, on: app.db) else {
                Issue.record("pupils refused"); return
            }
            #expect(outcome.created == 2)
            let parent = try #require(try await User.query(on: app.db).filter(\.$username == "13512340001").first())
            #expect(try await Guardianship.query(on: app.db).filter(\.$guardianId == parent.id!).count() == 2, "one parent, children in two schools")
            let before = try await Student.query(on: app.db).count()
            let bad = "学校,年级,班级,学号,姓名,家长姓名,家长手机\n第一实验小学,四年级,5班,D3,丙,丙家长,13512340003\n不存在的学校,四年级,1班,D4,丁,丁家长,13512340004\n"
            guard case .failure(let rejection) = try await ImportService.importForDistrict(Data(bad.utf8), fileName: "b.csv", districtId: district.id!,
                                                                                           defaultSchool: nil, on: app.db) else {
                Issue.record("accepted a row for an unknown school"); return
            }
            #expect(rejection.problems.map(\.line) == [3])
            #expect(try await Student.query(on: app.db).count() == before)
        }
    }
}
