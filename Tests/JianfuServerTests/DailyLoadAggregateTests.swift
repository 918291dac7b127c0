import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

@Suite struct DailyLoadAggregateTests {
    /// After random filings, reviews, edits, returns, resubmissions, withdrawals and parents' reports,
    /// the kept class-day and school-day sums equal a recomputation from every entry.
    @Test(arguments: [UInt64(7), 2026, 90_125])
    func keptSumsEqualABruteForceRecomputation(seed: UInt64) async throws {
        try await TestApp.withApp { app in
            var random = SeededGenerator(seed: seed)
            let world = try await HomeworkWorld(app)
            let school = try #require(try await School.query(on: app.db).filter(\.$name == "第一实验小学").first())
            school.reviewAcademicOffice = true
            school.allowCapOverride = true
            try await school.save(on: app.db)
            let teacher = try await app.token("teacher")
            let principal = try await app.token("principal")
            let parent = try await app.token("parent")
            let child = try #require(try await Guardianship.query(on: app.db).filter(\.$guardianId == app.userId("parent")).first()?.studentId)
            let today = TestApp.demoToday
            let days = (-6...4).map { today.adding(days: $0) }.filter { !$0.isWeekend }
            var accepted = 0

            for _ in 0..<60 {
                let entries = try await HomeworkEntry.query(on: app.db).all()
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<3:
                    let day = days.randomElement(using: &random)!
                    let classes = [[world.class1], [world.class2], [world.class1, world.class2]].randomElement(using: &random)!
                    let due = [day, day.adding(days: 1), day.adding(days: 2)].randomElement(using: &random)!
                    let override = Bool.random(using: &random) ? "期中复习" : nil
                    let kind = Int.random(in: 0..<4, using: &random) == 0 ? "oral" : "written"
                    let response = try await world.file(teacher, world.filing(classes: classes, on: day.iso, due: due.iso, kind: kind,
                                                                              minutes: Int.random(in: 5...45, using: &random), override: override))
                    if response.status == .created { accepted += 1 }
                case 3..<6:
                    guard let pending = entries.filter({ $0.status == "pending_review" }).randomElement(using: &random) else { continue }
                    let action = [#"{"action":"approve"}"#, #"{"action":"return","reason":"太多"}"#,
                                  #"{"action":"edit","reason":"调整","minutes":\#(Int.random(in: 5...30, using: &random))}"#].randomElement(using: &random)!
                    _ = try await app.api(.POST, "/api/v1/homework/\(pending.id!)/review", token: principal, json: action)
                case 6:
                    guard let returned = entries.filter({ $0.status == "returned" }).randomElement(using: &random) else { continue }
                    _ = try await app.api(.POST, "/api/v1/homework/\(returned.id!)/resubmit", token: teacher, json: #"{"minutes":10}"#)
                case 7:
                    guard let entry = entries.filter({ $0.status != "withdrawn" }).randomElement(using: &random) else { continue }
                    _ = try await app.api(.POST, "/api/v1/homework/\(entry.id!)/withdraw", token: teacher, json: #"{"reason":"重复"}"#)
                default:
                    let day = (-6...0).map { today.adding(days: $0) }.randomElement(using: &random)!
                    _ = try await app.api(.POST, "/api/v1/feedback", token: parent, json: #"""
                        {"studentId":"\#(child)","date":"\#(day.iso)","minutes":\#(Int.random(in: 0...90, using: &random)),"tooMuch":\#(Bool.random(using: &random))}
                        """#)
                }
            }
            #expect(accepted > 3, "the sequence should file some work")
            let statuses = Set(try await HomeworkEntry.query(on: app.db).all().map(\.status))
            #expect(statuses.isSuperset(of: ["published", "pending_review", "withdrawn"]), "seed \(seed): \(statuses)")
            let districtId = try #require(try await District.query(on: app.db).first()?.id)
            let kept = try await DailyLoadAggregates.stored(districtId: districtId, on: app.db)
            let recomputed = try await DailyLoadAggregates.recompute(districtId: districtId, policies: app.policies, on: app.db)
            #expect(!recomputed.classes.isEmpty)
            #expect(kept.classes == recomputed.classes, "seed \(seed)")
            #expect(kept.schools == recomputed.schools, "seed \(seed)")

            try await DailyLoadAggregates.rebuild(districtId: districtId, policies: app.policies, on: app.db)
            let rebuilt = try await DailyLoadAggregates.stored(districtId: districtId, on: app.db)
            #expect(rebuilt.classes == recomputed.classes && rebuilt.schools == recomputed.schools)
        }
    }
}

@Suite struct BenchDataTests {
    /// The generator writes the dashboards' sums itself; they must equal a recomputation from its entries and reports.
    @Test func generatedDistrictsSumsEqualARecomputation() async throws {
        try await TestApp.withApp(seed: false) { app in
            let report = try await BenchData.run(scale: .init(name: "tiny", schools: 2, classSize: 4), seed: 3, app: app) { _ in }
            #expect(report.homework > 1000)
            let district = try #require(try await District.query(on: app.db).filter(\.$code == "bench").first())
            let kept = try await DailyLoadAggregates.stored(districtId: district.id!, on: app.db)
            let recomputed = try await DailyLoadAggregates.recompute(districtId: district.id!, policies: app.policies, on: app.db)
            #expect(kept.classes.count == recomputed.classes.count)
            #expect(kept.classes == recomputed.classes)
            #expect(kept.schools == recomputed.schools)
            #expect(try await User.query(on: app.db).filter(\.$username ~~ BenchData.accounts).count() == BenchData.accounts.count)
            // Every finding has its task, and every task's status is where its steps, replayed, lead.
            let tasks = try await Rectification.query(on: app.db).all()
            let findings = try await Finding.query(on: app.db).count()
            #expect(!tasks.isEmpty && tasks.count == findings)
            let steps = Dictionary(grouping: try await RectificationStep.query(on: app.db).sort(\.$at).all(), by: \.rectificationId)
            for task in tasks {
                var status = RectificationStatus.open
                for step in steps[task.id!, default: []] where step.action != "set" {
                    status = try RectificationRules.next(status, try #require(RectificationAction(rawValue: step.action)), reason: step.text)
                }
                #expect(status.rawValue == task.status)
            }
            let ratings = try await AssessmentRating.query(on: app.db).count()
            #expect(ratings > 0)
            // Every pupil of the plans' grades has a tutor, every task is the tutor's own, and the bench teacher heads a class.
            let planned = try await Student.query(on: app.db).join(SchoolClass.self, on: \Student.$classId == \SchoolClass.$id)
                .filter(SchoolClass.self, \.$gradeNumber ~~ [4, 5, 6, 7, 8, 9]).count()
            let tutored = try await TutorAssignment.query(on: app.db).count()
            #expect(planned > 0 && tutored == planned)
            let tutorOf = Dictionary(uniqueKeysWithValues: try await TutorAssignment.query(on: app.db).all().map { ($0.studentId, $0.tutorId) })
            let logs = try await TutorLog.query(on: app.db).all()
            #expect(!logs.isEmpty && logs.allSatisfy { tutorOf[$0.studentId] == $0.teacherId })
            let teacher = try await app.userId("bench-teacher")
            let headed = try await SchoolClass.query(on: app.db).filter(\.$headTeacherId == teacher).count()
            #expect(headed == 1)
        }
    }
}
