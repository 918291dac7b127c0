import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// The bureau's after-school picture: each school's participation in the basic session, its plan, its families'
/// satisfaction, and the district's programs by category.
@Suite struct AfterSchoolOverviewTests {
    struct Overview: Decodable {
        struct School: Decodable {
            struct Satisfaction: Decodable { let responses: Int; let meanOverall: Double? }
            let schoolName: String; let programs: Int; let pupils: Int?; let basicPupils: Int?; let participationPercent: Int?
            let familiesSatisfaction: Satisfaction?
        }
        struct Category: Decodable { let category: String; let programs: Int }
        let schools: [School]
        let programsByCategory: [Category]
    }

    @Test func theBureauSeesEachSchoolsParticipationAndTheProgramsByCategory() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let pupils = try await Student.query(on: app.db).filter(\.$schoolId == school).count()
            let basic = try #require(try await AfterSchoolProgram.query(on: app.db).filter(\.$schoolId == school)
                .filter(\.$category == ProgramCategory.homeworkGuidance.rawValue).first())
            let staying = Set(try await AfterSchoolEnrolment.query(on: app.db).filter(\.$programId == basic.id!)
                .filter(\.$status == AfterSchoolEnrolment.Status.enrolled.rawValue).all().map(\.studentId)).count
            let overview = try await app.api(.GET, "/api/v1/after-school/plans", token: try await app.token("bureau")).json(Overview.self)
            let first = try #require(overview.schools.first { $0.schoolName == "第一实验小学" })
            #expect(first.pupils == pupils && first.basicPupils == staying && staying > 0 && staying < pupils)
            #expect(first.participationPercent == (staying * 100 + pupils / 2) / pupils)
            #expect(first.familiesSatisfaction == nil)
            #expect(overview.programsByCategory.map(\.programs).reduce(0, +) == overview.schools.map(\.programs).reduce(0, +))
            #expect(overview.programsByCategory.count == ProgramCategory.allCases.count)
            #expect(overview.programsByCategory.first { $0.category == "homework_guidance" }?.programs == 12)

            let page = try await Visitor.signedIn(app, as: "bureau").get("/after-school")
            #expect(page.status == .ok && page.text.contains("\(first.participationPercent!)%（\(staying) / \(pupils)）"))
            #expect(page.text.contains("各类项目数") && page.text.contains("全区学生参加基础托管"))
        }
    }

    @Test func theSchoolSeesItsParticipationByGradeAndFamiliesDoNot() async throws {
        try await TestApp.withApp { app in
            let school = try await app.schoolId("第一实验小学")
            let staff = try await Visitor.signedIn(app, as: "teacher").get("/after-school/schools/\(school)")
            #expect(staff.status == .ok && staff.text.contains("as-participation-grades") && staff.text.contains("<th>4年级</th>"))
            let family = try await Visitor.signedIn(app, as: "parent").get("/after-school/schools/\(school)")
            #expect(family.status == .ok && !family.text.contains("as-participation-grades"))
        }
    }
}
