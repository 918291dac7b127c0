import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// Teachers type homework as plain text, comparisons and all; Jianfu keeps it as typed and makes it harmless wherever
/// it is shown: escaped in pages, as text in JSON and in the calendar feed.
@Suite struct HomeworkTextTests {
    static let maths = "比较 a<b 与 b>a；x>3 时 <b>y</b> 取何值 <script>alert(1)</script>"

    @Test func mathsTextWithComparisonsIsFiledAndShownAsText() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let filed = try await world.file(try await app.token("teacher"), world.filing(minutes: 10, content: Self.maths))
            #expect(filed.status == .created, "\(filed.text)")
            let id = try filed.json(DecodedFiled.self).ids[0]
            let entry = try await app.api(.GET, "/api/v1/homework/\(id)", token: try await app.token("teacher")).json(DecodedEntry.self)
            #expect(entry.content == Self.maths, "JSON carries the text exactly as typed")

            let page = try await Visitor.signedIn(app, as: "teacher").get("/homework/\(id)")
            #expect(page.text.contains("比较 a&lt;b 与 b&gt;a"))
            #expect(!page.text.contains("<script>alert(1)</script>") && !page.text.contains("<b>y</b>"), "markup is shown, never run")

            let parent = try #require(try await ActorLoader.load(userId: try await app.userId("parent"), on: app.db))
            let token = try await HomeworkService.feedToken(classId: world.class1, parent, cache: app.publishedDays, on: app.db)
            let feed = try await app.testing().sendRequest(.GET, "/feeds/\(token).ics")
            let unfolded = feed.text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("比较 a<b 与 b>a；x>3 时"), "the calendar feed is plain text")
        }
    }

    @Test func aReviewerMayEditInTextWithComparisons() async throws {
        try await TestApp.withApp { app in
            let school = try await HomeworkReviewTests.JuniorSchool(app)
            let id = try await school.world.file(school.teacher, school.world.filing(classes: [school.classId], minutes: 10)).json(DecodedFiled.self).ids[0]
            let body = #"{"action":"edit","reason":"改题","content":"当 x>3 且 y<2 时求 x+y"}"#
            let edited = try await school.review(id, school.subjectLeader, body)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try edited.json(DecodedEntry.self).content == "当 x>3 且 y<2 时求 x+y")
        }
    }
}
