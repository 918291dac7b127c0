import Fluent
import Foundation
import JianfuCore
@testable import JianfuServer
import Testing
import VaporTesting

/// 家校共育 on the demo district (its day: 2026-11-25): coverage of every class by a parent meeting this term, events a
/// head teacher or a school's administrator organises with a feedback form from the survey engine, attendance by family,
/// the three-level committees, and a guardian who sees only the events for their child.
@Suite struct ParentSchoolTests {
    struct Coverage: Decodable {
        struct Class: Decodable { let classId: String; let grade: Int; let number: Int }
        struct Committees: Decodable { let school: Int; let grade: Int; let `class`: Int }
        let schoolName: String
        let classes: Int
        let uncovered: [Class]
        let lectures: Int
        let onlineTalks: Int
        let attendancePercent: Int?
        let committees: Committees
    }

    @Test func theBureauReadsEachSchoolsCoverageAndFamiliesAndTeachersMayNot() async throws {
        try await TestApp.withApp { app in
            let all = try await app.api(.GET, "/api/v1/parent-meetings/coverage", token: try await app.token("bureau")).json([Coverage].self)
            #expect(all.count == DemoDistrict.primaryNames.count + DemoDistrict.juniorNames.count)
            let primary = try #require(all.first { $0.schoolName == "第一实验小学" })
            #expect(primary.uncovered.isEmpty && primary.onlineTalks > 0 && primary.lectures == 1 && primary.attendancePercent != nil)
            #expect(primary.committees.school == 1 && primary.committees.class == primary.classes)
            let junior = try #require(all.first { $0.schoolName == "第一中学" })
            let last = try #require(try await SchoolClass.query(on: app.db).filter(\.$schoolId == (try await app.schoolId("第一中学")))
                .sort(\.$gradeNumber, .descending).sort(\.$number, .descending).first())
            #expect(junior.uncovered.map(\.classId) == [last.id!.uuidString] && junior.committees.class == 0)
            let own = try await app.api(.GET, "/api/v1/parent-meetings/coverage", token: try await app.token("principal2")).json([Coverage].self)
            #expect(own.map(\.schoolName) == ["第一中学"])
            for user in ["teacher", "parent"] {
                #expect(try await app.api(.GET, "/api/v1/parent-meetings/coverage", token: try await app.token(user)).status == .forbidden, "\(user)")
            }
        }
    }

    @Test func theBureauReadsOneSchoolsEventsAtATimeOrTheDistrictsLatest() async throws {
        try await TestApp.withApp { app in
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let junior = try await app.schoolId("第一中学")
            let theirs = try await ParentEvent.query(on: app.db).filter(\.$schoolId == junior).count()
            let all = try await ParentEvent.query(on: app.db).count()
            #expect(theirs > 0 && all > theirs)
            func listed(_ page: String) -> Int { page.components(separatedBy: "href=\"/growth/families/events/").count - 1 }
            let district = try await bureau.get("/growth/families").text
            #expect(district.contains("?school=\(junior.uuidString.lowercased())"), "each school's name leads to its events")
            #expect(listed(district) == min(all, ParentSchoolPages.districtLatest))
            #expect(district.contains("growth-events-latest") == (all > ParentSchoolPages.districtLatest))
            let chosen = try await bureau.get("/growth/families?school=\(junior.uuidString.lowercased())").text
            #expect(chosen.contains("· 第一中学") && listed(chosen) == theirs)
            // A school's administrator's list is their school's whatever the address says.
            let own = try await Visitor.signedIn(app, as: "principal").get("/growth/families?school=\(junior.uuidString.lowercased())").text
            #expect(!own.contains("· 第一中学"))
        }
    }

    @Test func coverageShowsWhichClassesHaveNotMetAndAClassMeetingCoversIt() async throws {
        try await TestApp.withApp { app in
            // 第一实验小学 held a school-wide meeting; 第一中学 met class by class, all but its last class.
            let principal = try await Visitor.signedIn(app, as: "principal")
            let own = try await principal.get("/growth/families").text
            let primaryClasses = try await SchoolClass.query(on: app.db).filter(\.$schoolId == (try await app.schoolId("第一实验小学"))).count()
            #expect(own.contains(#"<b id="growth-uncovered">0 / \#(primaryClasses)</b>"#))
            let juniorId = try await app.schoolId("第一中学")
            let junior = try await SchoolClass.query(on: app.db).filter(\.$schoolId == juniorId).sort(\.$gradeNumber).sort(\.$number).all()
            let principal2 = try await Visitor.signedIn(app, as: "principal2")
            #expect(try await principal2.get("/growth/families").text.contains(#"<b id="growth-uncovered">1 / \#(junior.count)</b>"#))
            let bureau = try await Visitor.signedIn(app, as: "bureau").get("/growth/families").text
            #expect(bureau.contains("growth-meeting-coverage") && bureau.contains("第一中学"))

            // The school holds the last class's meeting, with the feedback form; the school is covered.
            let last = try #require(junior.last)
            let surveys = try await Survey.query(on: app.db).count()
            let created = try await principal2.post("/growth/families/events", form: [
                "kind": "parent_meeting", "level": "class", "class": last.id!.uuidString, "title": "期中家长会", "date": HomeworkWorld.day,
                "agenda": "学习习惯与作业时间", "feedback": "on",
            ])
            #expect(created.status == .seeOther)
            let event = try #require(try await ParentEvent.query(on: app.db).filter(\.$classId == last.id!).filter(\.$title == "期中家长会").first())
            let survey = try #require(try await Survey.find(event.surveyId, on: app.db))
            #expect(survey.topic == "parent_event" && survey.topicId == event.id && survey.classId == last.id)
            #expect(try await Survey.query(on: app.db).count() == surveys + 1)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "parents.event.create").filter(\.$entityId == event.id!).count() == 1)
            #expect(try await principal2.get("/growth/families").text.contains(#"<b id="growth-uncovered">0 / \#(junior.count)</b>"#))
        }
    }

    @Test func aHeadTeacherOrganisesOnlyForTheirOwnClassAndBadInputWritesNothing() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            _ = try await teacher.get("/growth/families")
            let before = try await ParentEvent.query(on: app.db).count()
            let surveys = try await Survey.query(on: app.db).count()
            func event(_ fields: [String: String]) -> [String: String] {
                ["kind": "parent_meeting", "level": "class", "class": world.class1.uuidString, "title": "班级家长会", "date": HomeworkWorld.day, "feedback": "on"]
                    .merging(fields) { $1 }
            }
            // Teaching 4-2 is not heading it; a school-wide meeting is the administrators'.
            #expect(try await teacher.post("/growth/families/events", form: event(["class": world.class2.uuidString])).status == .forbidden)
            #expect(try await teacher.post("/growth/families/events", form: event(["level": "school"])).status == .forbidden)
            let empty = try await teacher.post("/growth/families/events", form: event(["title": "  "]))
            #expect(empty.status == .unprocessableEntity && empty.text.contains("growth-error"))
            let outside = try await teacher.post("/growth/families/events", form: event(["date": "2027-08-01"]))
            #expect(outside.status == .unprocessableEntity)
            #expect(try await teacher.post("/growth/families/events", form: event(["kind": "banquet"])).status == .unprocessableEntity)
            #expect(try await ParentEvent.query(on: app.db).count() == before)
            #expect(try await Survey.query(on: app.db).count() == surveys)
            #expect(try await Visitor.signedIn(app, as: "parent").post("/growth/families/events", form: event([:])).status == .forbidden)
            #expect(try await ParentEvent.query(on: app.db).count() == before)

            // Their own class's meeting, with a feedback form whose results the head teacher reads; a colleague has no link to them.
            #expect(try await teacher.post("/growth/families/events", form: event([:])).status == .seeOther)
            let survey = try #require(try await ParentEvent.query(on: app.db).filter(\.$title == "班级家长会").filter(\.$classId == world.class1).first()?.surveyId)
            #expect(try await teacher.get("/growth/families").text.contains("/surveys/\(survey.uuidString.lowercased())/results"))
            #expect(try await teacher.get("/surveys/\(survey)/results").status == .ok)
            let teacher2 = try await Visitor.signedIn(app, as: "teacher2")
            #expect(!(try await teacher2.get("/growth/families").text.contains("/surveys/")))
            #expect(try await teacher2.get("/surveys/\(survey)/results").status == .notFound)
            #expect(try await Visitor.signedIn(app, as: "parent").get("/growth/families").text.contains(#"href="/surveys""#))
        }
    }

    @Test func attendanceIsMarkedByFamilyAndOnlyForInvitedClasses() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let teacher = try await Visitor.signedIn(app, as: "teacher")
            _ = try await teacher.get("/growth/families")
            #expect(try await teacher.post("/growth/families/events", form: [
                "kind": "parent_school", "level": "class", "class": world.class1.uuidString, "title": "家庭教育讲座", "date": HomeworkWorld.day,
            ]).status == .seeOther)
            let event = try #require(try await ParentEvent.query(on: app.db).filter(\.$title == "家庭教育讲座").first())
            #expect(event.surveyId == nil, "no feedback form when it was not asked for")
            let pupils = try await world.pupils(of: world.class1)
            let page = try await teacher.get("/growth/families/events/\(event.id!)").text
            #expect(page.contains("family_\(pupils[0])"))
            var form = ["class": world.class1.uuidString]
            for pupil in pupils.prefix(3) { form["family_\(pupil)"] = "on" }
            #expect(try await teacher.post("/growth/families/events/\(event.id!)/attendance", form: form).status == .ok)
            let rows = try await ParentEventAttendance.query(on: app.db).filter(\.$eventId == event.id!).all()
            #expect(rows.count == pupils.count && rows.filter(\.attended).count == 3)
            // Marking again replaces the marks rather than adding rows.
            #expect(try await teacher.post("/growth/families/events/\(event.id!)/attendance", form: ["class": world.class1.uuidString, "family_\(pupils[0])": "on"]).status == .ok)
            let again = try await ParentEventAttendance.query(on: app.db).filter(\.$eventId == event.id!).all()
            #expect(again.count == pupils.count && again.filter(\.attended).count == 1)
            // 4-2 was not invited to 4-1's lecture, and teacher2 heads no class.
            #expect(try await teacher.post("/growth/families/events/\(event.id!)/attendance", form: ["class": world.class2.uuidString]).status == .unprocessableEntity)
            let teacher2 = try await Visitor.signedIn(app, as: "teacher2")
            _ = try await teacher2.get("/growth/families/events/\(event.id!)")
            #expect(try await teacher2.post("/growth/families/events/\(event.id!)/attendance", form: form).status == .forbidden)
            #expect(try await ParentEventAttendance.query(on: app.db).filter(\.$eventId == event.id!).filter(\.$attended == true).count() == 1)
        }
    }

    @Test func committeesTakeAClasssGuardiansOnceAtEachLevel() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let parentId = try await app.userId("parent")
            let principal = try await Visitor.signedIn(app, as: "principal")
            let page = try await principal.get("/growth/families?class=\(world.class1)").text
            #expect(page.contains(#"<option value="\#(parentId)">"#), "the class's guardians are offered")
            let member = ["class": world.class1.uuidString, "guardian": parentId.uuidString, "level": "class", "since": HomeworkWorld.day, "chair": "on"]
            let added = try await principal.post("/growth/families/committees", form: member)
            #expect(added.status == .ok && added.text.contains("notice"))
            let again = try await principal.post("/growth/families/committees", form: member)
            #expect(again.status == .conflict && again.text.contains("growth-error"))
            #expect(try await principal.post("/growth/families/committees", form: member.merging(["level": "grade"]) { $1 }).status == .ok)
            #expect(try await ParentCommitteeMember.query(on: app.db).filter(\.$guardianId == parentId).count() == 2)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "parents.committee.add").count() == 2)
            // A guardian of another class is not this class's; another school's administrator finds no such class.
            let other = try #require(try await Guardianship.query(on: app.db).filter(\.$studentId ~~ (try await world.pupils(of: world.class2))).first())
            #expect(try await principal.post("/growth/families/committees", form: member.merging(["guardian": other.guardianId.uuidString]) { $1 }).status == .unprocessableEntity)
            let principal2 = try await Visitor.signedIn(app, as: "principal2")
            _ = try await principal2.get("/growth/families")
            #expect(try await principal2.post("/growth/families/committees", form: member.merging(["level": "school"]) { $1 }).status == .notFound)
            #expect(try await ParentCommitteeMember.query(on: app.db).filter(\.$guardianId == parentId).count() == 2)
        }
    }

    @Test func aGuardianSeesOnlyTheEventsForTheirChild() async throws {
        try await TestApp.withApp { app in
            let world = try await AssessmentWorld(app)
            let principal = try await Visitor.signedIn(app, as: "principal")
            _ = try await principal.get("/growth/families")
            for (title, cls) in [("四（1）班家长会", world.class1), ("四（2）班家长会", world.class2)] {
                #expect(try await principal.post("/growth/families/events", form: [
                    "kind": "parent_meeting", "level": "class", "class": cls.uuidString, "title": title, "date": HomeworkWorld.day,
                ]).status == .seeOther)
            }
            #expect(try await principal.post("/growth/families/events", form: [
                "kind": "parent_school", "level": "grade", "grade": "5", "title": "五年级家长学校", "date": HomeworkWorld.day,
            ]).status == .seeOther)
            let parent = try await Visitor.signedIn(app, as: "parent")
            let page = try await parent.get("/growth/families").text
            #expect(page.contains("四（1）班家长会") && page.contains("开学家长会"))
            #expect(!page.contains("四（2）班家长会") && !page.contains("五年级家长学校"))
            #expect(!page.contains("growth-event-form") && !page.contains("growth-meeting-coverage"))
            let other = try #require(try await ParentEvent.query(on: app.db).filter(\.$title == "四（2）班家长会").first())
            let visit = try await parent.get("/growth/families/events/\(other.id!)")
            #expect(visit.status == .notFound || visit.status == .forbidden)
            #expect(try await Visitor.signedIn(app, as: "parent2").get("/growth/families").text.contains("四（1）班家长会") == false)
        }
    }

    @Test func theDashboardsCarryTutorsMeetingsAndSealedEvaluations() async throws {
        try await TestApp.withApp { app in
            func panel(_ page: String) throws -> String {
                let start = try #require(page.range(of: #"id="panel-growth""#))
                return String(page[start.lowerBound..<(page[start.lowerBound...].range(of: "</section>")?.lowerBound ?? page.endIndex)])
            }
            let bureau = try await Visitor.signedIn(app, as: "bureau")
            let coverage = try await app.api(.GET, "/api/v1/parent-meetings/coverage", token: try await app.token("bureau")).json([Coverage].self)
            let uncovered = coverage.map(\.uncovered.count).reduce(0, +), classes = coverage.map(\.classes).reduce(0, +)
            let district = try panel(try await bureau.get("/dashboard?range=week").body.string)
            #expect(district.contains("<b>\(uncovered) / \(classes)</b>尚未开家长会的班级") && uncovered > 0)
            // 第一中学 met class by class but for its last class.
            let junior = try #require(coverage.first { $0.schoolName == "第一中学" })
            let school = try panel(try await bureau.get("/dashboard/schools/\(try await app.schoolId("第一中学"))?range=week").body.string)
            #expect(school.contains("<b>1 / \(junior.classes)</b>尚未开家长会的班级"))
        }
    }
}
