import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import SQLKit
import Testing
import VaporTesting

/// A district's tightening holds from its own day: the stored sums of the days it holds for are recounted in the same
/// change, the days before keep the cap they were judged by, and the dashboards say which cap judged which day.
@Suite struct PolicyHistoryTests {
    struct StoredDay: Decodable { let date: String; let cap_minutes: Int; let over_cap: Int; let written_minutes: Int }

    @Test func aTighteningHoldsFromItsDayAndTheDaysItHoldsForAreRecountedInTheSameChange() async throws {
        try await TestApp.withApp { app in
            let world = try await HomeworkWorld(app)
            let teacher = try await app.token("teacher")
            #expect(try await world.file(teacher, world.filing(on: "2026-11-24", due: "2026-11-25", minutes: 50)).status == .created)
            #expect(try await world.file(teacher, world.filing(on: "2026-11-25", due: "2026-11-26", minutes: 50, content: "口算")).status == .created)

            let bureau = try await Visitor.signedIn(app, as: "bureau")
            #expect(try await bureau.post("/policy", form: ["homework.writtenCap.primaryUpper": "45"]).status == .ok)

            let days = try await app.db.sql.raw("""
                SELECT date, cap_minutes, over_cap, written_minutes FROM class_day_loads WHERE class_id = \(bind: world.class1) ORDER BY date
                """).all(decoding: StoredDay.self)
            #expect(days.map(\.date) == ["2026-11-24", "2026-11-25"])
            #expect(days.map(\.cap_minutes) == [60, 45], "yesterday keeps the cap it was judged by; today has the district's")
            #expect(days.map(\.over_cap) == [0, 1], "today's 50 minutes are over the new cap, recounted in the change")

            let page = try await bureau.get("/dashboard/classes/\(world.class1)?from=2026-11-24&to=2026-11-25")
            #expect(page.text.contains("50 / 60") && page.text.contains("50 / 45"))
            #expect(page.text.contains("自 2026-11-25 起，本区调整后的上限为 45 分钟"))

            // A full recount agrees with what the change kept.
            let district = try #require(try await District.query(on: app.db).first())
            let (recomputed, _) = try await DailyLoadAggregates.recompute(districtId: district.id!, policies: app.policies, on: app.db)
            let (kept, _) = try await DailyLoadAggregates.stored(districtId: district.id!, on: app.db)
            #expect(recomputed == kept)
        }
    }
}
