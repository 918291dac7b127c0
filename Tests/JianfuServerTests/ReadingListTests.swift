import Fluent
import Foundation
@testable import JianfuServer
import Testing
import VaporTesting

/// A school's recommended reading list on the demo district: its administrators add reviewed titles, nothing priced;
/// families see their child's grades; the bureau sees every list and strikes a title with its reason, once.
@Suite struct ReadingListTests {
    static let title: [String: String] = ["title": "草房子", "author": "曹文轩", "publisher": "人民文学出版社", "fromGrade": "3", "toGrade": "5",
                                          "reviewer": "图书推荐审核小组", "reviewedOn": "2026-11-20", "standard_0": "on", "standard_1": "on", "standard_2": "on",
                                          "standard_3": "on", "clear": "on", "note": "成长主题"]

    @Test func aSchoolAddsReviewedTitlesAndNothingPriced() async throws {
        try await TestApp.withApp { app in
            let principal = try await Visitor.signedIn(app, as: "principal")
            let before = try await ReadingTitle.query(on: app.db).count()
            let priced = try await principal.post("/reading", form: Self.title.merging(["note": "团购价 25 元，扫码下单"]) { $1 })
            #expect(priced.status == .unprocessableEntity && priced.text.contains("RD-05"))
            let unreviewed = try await principal.post("/reading", form: Self.title.filter { $0.key != "standard_2" })
            #expect(unreviewed.status == .unprocessableEntity && unreviewed.text.contains("可读性强"))
            let junior = try await principal.post("/reading", form: Self.title.merging(["toGrade": "8"]) { $1 })
            #expect(junior.status == .unprocessableEntity, "a primary school's list is for its own grades")
            #expect(try await ReadingTitle.query(on: app.db).count() == before, "refused titles write nothing")
            #expect(try await principal.post("/reading", form: Self.title).status == .seeOther)
            #expect(try await Visitor.signedIn(app, as: "teacher").post("/reading", form: Self.title).status == .forbidden)
            #expect(try await Visitor.signedIn(app, as: "parent").post("/reading", form: Self.title).status == .notFound)
            let row = try #require(try await ReadingTitle.query(on: app.db).filter(\.$title == "草房子").first())
            #expect(row.reviewer == "图书推荐审核小组" && row.standardList.count == 4)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "reading.add").count() == 1)
            // The parent's child is in grade 4: the title for grades 3–5 is on their list, grade 1–2 titles are not.
            let parent = try await Visitor.signedIn(app, as: "parent").get("/reading")
            #expect(parent.text.contains("草房子") && parent.text.contains("昆虫记") && !parent.text.contains("小猪唏哩呼噜"))
            #expect(!parent.text.contains("小学生必刷阅读题100篇"), "a struck title is not recommended to families")
        }
    }

    @Test func theBureauStrikesATitleWithItsReasonOnce() async throws {
        try await TestApp.withApp { app in
            let row = try #require(try await ReadingTitle.query(on: app.db).filter(\.$title == "昆虫记").first())
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let list = try await bureau.get("/reading")
            #expect(list.text.contains("第一实验小学") && list.text.contains("第一中学") && list.text.contains("朝花夕拾"))
            #expect(try await bureau.post("/reading/\(row.id!)/strike", form: ["reason": " "]).status == .unprocessableEntity)
            #expect(try await Visitor.signedIn(app, as: "principal").post("/reading/\(row.id!)/strike", form: ["reason": "x"]).status == .forbidden)
            #expect(try await bureau.post("/reading/\(row.id!)/strike", form: ["reason": "译本删节过多，不适合推荐"]).status == .seeOther)
            #expect(try await bureau.post("/reading/\(row.id!)/strike", form: ["reason": "再撤一次"]).status == .conflict)
            let struck = try #require(try await ReadingTitle.find(row.id!, on: app.db))
            #expect(struck.struckReason == "译本删节过多，不适合推荐" && struck.struckAt != nil)
            let school = try await Visitor.signedIn(app, as: "principal").get("/reading")
            #expect(school.text.contains("译本删节过多，不适合推荐"), "the school sees why")
            #expect(!(try await Visitor.signedIn(app, as: "parent").get("/reading")).text.contains("昆虫记"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "reading.strike").count() == 1)
        }
    }
}
